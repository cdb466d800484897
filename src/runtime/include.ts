import type { RelationMetadata } from '../metadata/types';
import { QueryError } from './errors';
import type { QueryContext } from './query-context';
import { buildCondition, type Condition } from './condition';
import type { ColumnPlan, EntityTable } from './entity-table';
import { compileOrderBy, Params, renderCondition } from './where';

interface IncludeSpec {
  readonly where?: object;
  readonly orderBy?: object;
  readonly include?: Record<string, unknown>;
}

const PARENT = '__strata_parent';

/** Checks an include (and its nested ones) against the entities before anything is queried. */
export function validateInclude(context: QueryContext, table: EntityTable, include: Record<string, unknown>): void {
  if (typeof include !== 'object' || include === null || Array.isArray(include)) {
    throw new QueryError(`include for ${table.className} must be an object such as { posts: true }.`);
  }
  for (const [property, value] of Object.entries(include)) {
    if (value === undefined || value === false) continue;
    const target = context.table(table.relation(property).target);
    if (value === true) continue;
    if (typeof value !== 'object' || value === null) throw new QueryError(`include.${property} for ${table.className} must be true or an object.`);
    const spec = value as IncludeSpec;
    buildCondition(target, spec.where);
    compileOrderBy(target, spec.orderBy);
    if (spec.include) validateInclude(context, target, spec.include);
  }
}

/**
 * Loads relations onto already-loaded entities: one query per relation and level (`WHERE key IN list`, the
 * list one parameter however long), never one per row. BelongsTo and HasOne set an entity or null,
 * HasMany and BelongsToMany an array, in no particular order unless the include gives an `orderBy`.
 */
export async function loadIncludes(context: QueryContext, table: EntityTable, parents: object[], include: Record<string, unknown>): Promise<void> {
  for (const [property, value] of Object.entries(include)) {
    if (value === undefined || value === false) continue;
    const relation = table.relation(property);
    const spec: IncludeSpec = value === true ? {} : (value as IncludeSpec);
    const target = context.table(relation.target);
    const children = await loadRelation(context, table, target, relation, parents as Record<string, unknown>[], spec);
    if (spec.include && children.length > 0) await loadIncludes(context, target, children, spec.include);
  }
}

async function loadRelation(context: QueryContext, table: EntityTable, target: EntityTable, relation: RelationMetadata, parents: Record<string, unknown>[], spec: IncludeSpec): Promise<object[]> {
  switch (relation.kind) {
    case 'belongsTo': {
      const rows = await rowsWhereIn(context, target, target.column(relation.targetKey, 'include'), keysOf(parents, relation.foreignKey), spec);
      const byKey = new Map(rows.map((r) => [String((r as Record<string, unknown>)[relation.targetKey]), r]));
      for (const parent of parents) parent[relation.property] = parent[relation.foreignKey] == null ? null : byKey.get(String(parent[relation.foreignKey])) ?? null;
      return rows;
    }
    case 'hasMany':
    case 'hasOne': {
      const rows = await rowsWhereIn(context, target, target.column(relation.foreignKey, 'include'), keysOf(parents, relation.sourceKey), spec);
      const groups = groupBy(rows, (r) => (r as Record<string, unknown>)[relation.foreignKey]);
      for (const parent of parents) {
        const group = groups.get(String(parent[relation.sourceKey])) ?? [];
        parent[relation.property] = relation.kind === 'hasMany' ? group : group[0] ?? null;
      }
      return rows;
    }
    case 'belongsToMany': {
      const through = context.table(relation.through);
      const pairs = await rowsThrough(context, table, target, through, relation, keysOf(parents, relation.sourceKey), spec);
      const groups = groupBy(pairs, (p) => p.parent);
      for (const parent of parents) parent[relation.property] = (groups.get(String(parent[relation.sourceKey])) ?? []).map((p) => p.entity);
      return pairs.map((p) => p.entity);
    }
  }
}

/** Distinct non-null values of a property. */
function keysOf(rows: Record<string, unknown>[], property: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const row of rows) {
    const value = row[property];
    if (value !== null && value !== undefined) seen.set(String(value), value);
  }
  return [...seen.values()];
}

function groupBy<R>(rows: R[], key: (row: R) => unknown): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const k = String(key(row));
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * The keys' condition and the include's own where, as SQL (`alias` qualifies the include's columns); undefined
 * when the include's where matches nothing.
 */
function keysAndWhere(context: QueryContext, target: EntityTable, keyColumn: ColumnPlan, keys: unknown[], spec: IncludeSpec, params: Params, keyAlias?: string, alias?: string): string | undefined {
  const own: Condition = buildCondition(target, spec.where);
  if (own.kind === 'none') return undefined;
  const driver = context.dialect.runtime;
  const values = keys.map((k) => keyColumn.compare(k, 'include'));
  const ref = keyAlias ? `${keyAlias}.${keyColumn.quoted}` : keyColumn.quoted;
  const list = driver.inList(ref, params.add(driver.listParameter(keyColumn.meta.type, values)), keyColumn.meta.type, false);
  const extra = renderCondition(own, params, driver, alias, 'and');
  return extra ? `${list} AND ${extra}` : list;
}

async function rowsWhereIn(context: QueryContext, target: EntityTable, column: ColumnPlan, keys: unknown[], spec: IncludeSpec): Promise<object[]> {
  if (keys.length === 0) return [];
  const params = new Params(context.dialect.runtime);
  const condition = keysAndWhere(context, target, column, keys, spec, params);
  if (condition === undefined) return [];
  const order = compileOrderBy(target, spec.orderBy);
  const sql = `SELECT ${target.selectList} FROM ${target.quoted} WHERE ${condition}${order ? ` ORDER BY ${order}` : ''}`;
  return (await context.executor.entityRows(sql, params.values)).map((row) => target.hydrate(row) as object);
}

/** Targets with the parent key they belong to, through the junction, in one join. */
async function rowsThrough(
  context: QueryContext, table: EntityTable, target: EntityTable, through: EntityTable,
  relation: Extract<RelationMetadata, { kind: 'belongsToMany' }>, keys: unknown[], spec: IncludeSpec,
): Promise<{ parent: string; entity: object }[]> {
  if (keys.length === 0) return [];
  const foreignKey = through.column(relation.foreignKey, 'include');
  const otherKey = through.column(relation.otherKey, 'include');
  const targetKey = target.column(relation.targetKey, 'include');
  const params = new Params(context.dialect.runtime);
  const condition = keysAndWhere(context, target, foreignKey, keys, spec, params, 'j', 't');
  if (condition === undefined) return [];
  const order = compileOrderBy(target, spec.orderBy, 't');
  // The parent key as its entity's property holds it, so that both group under the same string.
  const decodeParent = context.dialect.runtime.decoder(foreignKey.meta.type, foreignKey.meta.scale);
  const sql = `SELECT ${target.selectColumns('t')}, j.${foreignKey.quoted} AS ${context.dialect.quote(PARENT)} FROM ${target.quoted} t ` +
    `JOIN ${through.quoted} j ON j.${otherKey.quoted} = t.${targetKey.quoted} WHERE ${condition}${order ? ` ORDER BY ${order}` : ''}`;
  // The parent key comes after the target's columns: by position when rows are arrays, else by its alias.
  const parentAt = context.dialect.runtime.positionalRows ? target.columns.length : PARENT;
  return (await context.executor.entityRows(sql, params.values)).map((row) => {
    const parent = (row as Record<string | number, unknown>)[parentAt];
    return { parent: String(decodeParent && parent != null ? decodeParent(parent) : parent), entity: target.hydrate(row) as object };
  });
}
