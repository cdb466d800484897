import type { Renames } from '../diff/renames';
import type { EntityMetadata } from '../metadata/types';
import { snakeCase } from '../util/naming';

/**
 * The renames the entities declare. A column's `renamedFrom` may give the old column name or the old
 * property name; both are tried.
 */
export function renamesFromMetadata(entities: readonly EntityMetadata[]): Renames {
  const tables = new Map<string, readonly string[]>();
  const columns = new Map<string, Map<string, readonly string[]>>();
  for (const entity of entities) {
    if (entity.renamedFrom.length) tables.set(entity.tableName, entity.renamedFrom);
    for (const column of entity.columns) {
      if (!column.renamedFrom.length) continue;
      const names = [...new Set(column.renamedFrom.flatMap((old) => [old, snakeCase(old)]))];
      if (!columns.has(entity.tableName)) columns.set(entity.tableName, new Map());
      columns.get(entity.tableName)!.set(column.name, names);
    }
  }
  return { tables, columns };
}
