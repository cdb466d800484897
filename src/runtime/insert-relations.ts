import type { RelationMetadata } from '../metadata/types';
import type { EntityTable } from './entity-table';
import { QueryError } from './errors';
import { describeValue } from './value-check';

type Row = Record<string, unknown>;

/**
 * Rows of an insert with each `@BelongsTo` relation they give (`{ author: alice }`, `{ author: { id: 1 } }`,
 * `{ author: null }`) replaced by the foreign key it sets. Rows giving no relation are returned as they are.
 */
export function foreignKeysFromRelations(table: EntityTable, rows: readonly Row[]): readonly Row[] {
  const toOne = table.meta.relations.filter((r) => r.kind === 'belongsTo' || r.kind === 'hasOne');
  if (toOne.length === 0) return rows;
  let result: Row[] | undefined;
  rows.forEach((row, index) => {
    if (typeof row !== 'object' || row === null || !toOne.some((r) => row[r.property] !== undefined)) return;
    result ??= rows.slice();
    result[index] = withForeignKeys(table, toOne, row);
  });
  return result ?? rows;
}

function withForeignKeys(table: EntityTable, toOne: readonly RelationMetadata[], row: Row): Row {
  const written: Row = { ...row };
  for (const relation of toOne) {
    const related = row[relation.property];
    if (related === undefined) continue;
    const where = `${table.className}.${relation.property}`;
    const target = table.tableOf(relation.target);
    if (relation.kind !== 'belongsTo') {
      throw new QueryError(
        `${where} is a @HasOne relation, whose foreign key ${target.className}.${relation.foreignKey} is on the other side (in insert); ` +
          `insert the ${target.className} with its ${relation.foreignKey} instead.`,
      );
    }
    if (row[relation.foreignKey] !== undefined) {
      throw new QueryError(`insert on ${table.className} gives both ${relation.foreignKey} and ${relation.property}, which set the same foreign key; give one.`);
    }
    let key: unknown = null;
    if (related !== null) {
      key = typeof related === 'object' && !Array.isArray(related) ? (related as Row)[relation.targetKey] : undefined;
      if (key === undefined) {
        throw new QueryError(
          `${where} takes a ${target.className}, an object with its ${relation.targetKey}, or null, to set ${table.className}.${relation.foreignKey}; ` +
            `got ${describeValue(related)} (in insert).`,
        );
      }
    }
    delete written[relation.property];
    written[relation.foreignKey] = key;
  }
  return written;
}
