import type { EntityMetadata } from '../metadata/types';
import { isSqlExpression } from '../util/sql-expression';
import { column, enumType, table } from './factories';
import { canonicalLiteral } from './literals';
import type { Column, DefaultValue, Enum, ForeignKey, Schema, Table } from './model';
import { enumName, foreignKeyName, indexName, primaryKeyName, uniqueName } from './names';

/**
 * The schema the entities describe. Not yet normalized for an engine: pass it through the dialect's
 * `normalize` before comparing it with an introspected schema.
 */
export function fromMetadata(entities: readonly EntityMetadata[]): Schema {
  const byClass = new Map(entities.map((e) => [e.target, e]));
  const enums: Enum[] = [];
  const tables = entities.map((entity): Table => {
    const columnName = (property: string, of: EntityMetadata = entity): string =>
      of.columns.find((c) => c.property === property)!.name;
    const columns = entity.columns.map((c): Column => {
      const enumRef = c.type === 'enum' ? enumName(entity.tableName, c.name) : undefined;
      if (enumRef) enums.push(enumType(enumRef, c.enumValues ?? []));
      return column({
        name: c.name, type: c.type, length: c.length, precision: c.precision, scale: c.scale,
        nullable: c.nullable, default: toDefault(c.type, c.default), autoIncrement: c.autoIncrement,
        enum: enumRef, comment: c.comment,
      });
    });
    const names = (properties: readonly string[]): string[] => properties.map((p) => columnName(p));
    return table({
      name: entity.tableName,
      columns,
      primaryKey: entity.primaryKey.length > 0
        ? { name: primaryKeyName(entity.tableName), columns: names(entity.primaryKey) }
        : undefined,
      uniques: entity.uniques.map((u) => ({ name: u.name ?? uniqueName(entity.tableName, names(u.properties)), columns: names(u.properties) })),
      indexes: entity.indexes.map((i) => ({ name: i.name ?? indexName(entity.tableName, names(i.properties)), columns: names(i.properties) })),
      foreignKeys: entity.foreignKeys.map((fk): ForeignKey => {
        const target = byClass.get(fk.target)!;
        return {
          name: foreignKeyName(entity.tableName, names(fk.properties)),
          columns: names(fk.properties),
          referencedTable: target.tableName,
          referencedColumns: fk.targetProperties.map((p) => columnName(p, target)),
          onDelete: fk.onDelete,
          onUpdate: fk.onUpdate,
        };
      }),
    });
  });
  return { tables, enums };
}

function toDefault(type: Column['type'], value: unknown): DefaultValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (isSqlExpression(value)) return { kind: 'sql', expression: value.expression };
  const canonical = canonicalLiteral(type, value);
  if ('error' in canonical) throw new Error(`Invalid default for a ${type} column: ${canonical.error}`);
  return { kind: 'literal', value: canonical.value };
}
