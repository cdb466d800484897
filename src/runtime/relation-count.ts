import type { RelationMetadata } from '../metadata/types';
import { ALL, buildCondition, combine } from './condition';
import type { EntityTable } from './entity-table';
import { QueryError } from './errors';
import { keysOf } from './include';
import type { QueryContext } from './query-context';
import { Params, renderCondition } from './where';
import { notDeleted } from './soft-delete';

/** Where the counts go on each row: `user._count.posts`. */
export const COUNT_PROPERTY = '_count';

/** Checks a find's `count` (`{ posts: true, roles: { where } }`) against the entities before anything is queried. */
export function validateCount(context: QueryContext, table: EntityTable, count: unknown): void {
  if (typeof count !== 'object' || count === null || Array.isArray(count)) throw new QueryError(`count for ${table.className} must be an object such as { posts: true }.`);
  for (const [property, spec] of Object.entries(count)) {
    if (spec === undefined || spec === false) continue;
    const relation = toMany(table, property);
    if (spec === true) continue;
    if (typeof spec !== 'object' || spec === null || Object.keys(spec).some((k) => k !== 'where')) {
      throw new QueryError(`count.${property} for ${table.className} must be true or { where: … }.`);
    }
    buildCondition(context.table(relation.target), (spec as { where?: unknown }).where, `count.${property} where`);
  }
}

type ToMany = Extract<RelationMetadata, { kind: 'hasMany' | 'belongsToMany' }>;

function toMany(table: EntityTable, property: string): ToMany {
  const relation = table.relation(property, 'count');
  if (relation.kind === 'hasMany' || relation.kind === 'belongsToMany') return relation as ToMany;
  throw new QueryError(`count.${property} for ${table.className}: counts are of to-many relations (HasMany, BelongsToMany), and ${property} is one row at most.`);
}

/** The properties of `table` that counting reads from each parent: the keys the relations join on. */
export function countKeys(table: EntityTable, count: Record<string, unknown> | undefined): string[] {
  if (!count) return [];
  return Object.entries(count).filter(([, v]) => v !== undefined && v !== false).map(([property]) => toMany(table, property).sourceKey);
}

/**
 * Sets `_count` on each parent: for each counted relation, how many related rows it has (matching the count's
 * `where`), 0 for none. One `GROUP BY` query per relation (`WHERE key IN list`, the list one parameter), never
 * one per row; a many-to-many relation is counted on its junction, joined to the target only for a `where`.
 */
export async function loadCounts(context: QueryContext, table: EntityTable, parents: object[], count: Record<string, unknown>): Promise<void> {
  const driver = context.dialect.runtime;
  const counts = parents.map(() => ({}) as Record<string, number>);
  for (const [property, spec] of Object.entries(count)) {
    if (spec === undefined || spec === false) continue;
    const relation = toMany(table, property);
    const target = context.table(relation.target);
    const keys = keysOf(parents as Record<string, unknown>[], relation.sourceKey);
    const condition = combine('and', [buildCondition(target, spec === true ? undefined : (spec as { where?: unknown }).where), notDeleted(target) ?? ALL]);
    const byKey = new Map<string, number>();
    if (keys.length > 0 && condition.kind !== 'none') {
      const params = new Params(driver);
      const through = relation.kind === 'belongsToMany' ? context.table(relation.through) : undefined;
      const junction = relation.kind === 'belongsToMany' ? relation : undefined;
      const keyColumn = (through ?? target).column(relation.foreignKey, 'count');
      const keyRef = `${through ? 'j' : 't'}.${keyColumn.quoted}`;
      let from = through ? `${through.quoted} j` : `${target.quoted} t`;
      if (through && junction && condition.kind !== 'all') {
        from += ` JOIN ${target.quoted} t ON t.${target.column(junction.targetKey, 'count').quoted} = j.${through.column(junction.otherKey, 'count').quoted}`;
      }
      const list = params.add(driver.listParameter(keyColumn.meta.type, keys.map((k) => keyColumn.compare(k, 'count'))));
      let where = driver.inList(keyRef, list, keyColumn.meta.type, false);
      const extra = renderCondition(condition, params, driver, 't', 'and');
      if (extra) where += ` AND ${extra}`;
      const sql = `SELECT ${driver.exactValue(keyRef, keyColumn.meta.type)} AS k, COUNT(*) AS n FROM ${from} WHERE ${where} GROUP BY ${keyRef}`;
      for (const row of await context.executor.query(sql, params.values, new Set(['k', 'n']))) byKey.set(String(row.k), Number(row.n));
    }
    parents.forEach((parent, i) => {
      const key = (parent as Record<string, unknown>)[relation.sourceKey];
      counts[i]![property] = key == null ? 0 : byKey.get(String(key)) ?? 0;
    });
  }
  parents.forEach((parent, i) => ((parent as Record<string, unknown>)[COUNT_PROPERTY] = counts[i]));
}
