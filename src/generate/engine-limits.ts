import type { Change } from '../changes/change';
import type { Dialect } from '../dialects';
import { EntityDefinitionError } from '../metadata/errors';
import type { EntityMetadata } from '../metadata/types';
import type { Schema } from '../schema/model';

/** The tables that `changes` create. */
export function createdTables(changes: readonly Change[]): ReadonlySet<string> {
  return new Set(changes.flatMap((c) => (c.kind === 'createTable' ? [c.table.name] : [])));
}

/**
 * Refuses, before a migration is written or reset_db builds the tables, entities that ask what the engine cannot
 * create (see SchemaReader.overLimits; `created`: the tables about to be created), naming each `Class.property` (or
 * the class, or a table no entity maps) as an entity error does, rather than leaving the database to refuse a
 * statement when it runs.
 * @throws EntityDefinitionError listing each problem.
 */
export function refuseOverLimits(dialect: Dialect, entities: readonly EntityMetadata[], desired: Schema, created: ReadonlySet<string>): void {
  const problems = dialect.schema.overLimits(desired, created).map((p) => {
    const entity = entities.find((e) => e.tableName === p.table);
    const property = p.column === undefined ? undefined : entity?.columns.find((c) => c.name === p.column)?.property;
    const where = entity ? (property ? `${entity.className}.${property}` : entity.className) : `table ${p.table}${p.column ? `, column ${p.column}` : ''}`;
    return { where, message: p.message };
  });
  if (problems.length > 0) throw new EntityDefinitionError(problems);
}
