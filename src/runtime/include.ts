import type { RelationMetadata } from '../metadata/types';
import { QueryError } from './errors';
import { checkOptions, INCLUDE_OPTIONS } from './options';
import type { QueryContext } from './query-context';
import { ALL, buildCondition, combine, type Condition } from './condition';
import { notDeleted } from './soft-delete';
import type { ColumnPlan, EntityTable } from './entity-table';
import { compileOrderBy, Params, renderCondition } from './where';

interface IncludeSpec {
  readonly where?: object;
  readonly orderBy?: object;
  readonly limit?: number;
  readonly offset?: number;
  readonly include?: Record<string, unknown>;
}

const PARENT = '__strata_parent';
const ROW_NUMBER = '__strata_row';

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
    checkOptions(value, INCLUDE_OPTIONS, `include.${property} of ${table.className}`, target);
    const spec = value as IncludeSpec;
    buildCondition(target, spec.where);
    compileOrderBy(target, spec.orderBy);
    const relation = table.relation(property);
    for (const name of ['limit', 'offset'] as const) {
      const n = spec[name];
      if (n === undefined) continue;
      if (relation.kind !== 'hasMany' && relation.kind !== 'belongsToMany') {
        throw new QueryError(`include.${property}.${name} for ${table.className}: ${name} applies to to-many relations, and ${property} is one row at most.`);
      }
      if (!Number.isInteger(n) || n < 0) throw new QueryError(`include.${property}.${name} for ${table.className} must be a whole number, 0 or more (got ${n}).`);
    }
    if (spec.include) validateInclude(context, target, spec.include);
  }
}

/** The properties of `table` that loading `include` reads from each parent: the keys its relations join on. */
export function includeKeys(table: EntityTable, include: Record<string, unknown> | undefined): string[] {
  if (!include) return [];
  return Object.entries(include).filter(([, v]) => v !== undefined && v !== false).map(([property]) => {
    const relation = table.relation(property);
    return relation.kind === 'belongsTo' ? relation.foreignKey : relation.sourceKey;
  });
}

/**
 * Loads relations onto already-loaded entities: one query per relation and level (`WHERE key IN list`, the
 * list one parameter however long), never one per row. BelongsTo and HasOne set an entity or null,
 * HasMany and BelongsToMany an array, in no particular order unless the include gives an `orderBy`. A `limit`
 * or `offset` pages each parent's rows in the same one query, numbering them per parent with ROW_NUMBER().
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
      const rows = await rowsOf(context, { target, key: target.column(relation.targetKey, 'include') }, keysOf(parents, relation.foreignKey), spec);
      const byKey = new Map(rows.map((r) => [String((r as Record<string, unknown>)[relation.targetKey]), r]));
      for (const parent of parents) parent[relation.property] = parent[relation.foreignKey] == null ? null : byKey.get(String(parent[relation.foreignKey])) ?? null;
      return rows;
    }
    case 'hasMany':
    case 'hasOne': {
      const rows = await rowsOf(context, { target, key: target.column(relation.foreignKey, 'include') }, keysOf(parents, relation.sourceKey), spec);
      const groups = groupBy(rows, (r) => (r as Record<string, unknown>)[relation.foreignKey]);
      for (const parent of parents) {
        const group = groups.get(String(parent[relation.sourceKey])) ?? [];
        parent[relation.property] = relation.kind === 'hasMany' ? group : group[0] ?? null;
      }
      return rows;
    }
    case 'belongsToMany': {
      const through = context.table(relation.through);
      const junction = { table: through, toTarget: through.column(relation.otherKey, 'include'), targetKey: target.column(relation.targetKey, 'include') };
      const pairs = await junctionRows(context, { target, key: through.column(relation.foreignKey, 'include'), junction }, keysOf(parents, relation.sourceKey), spec);
      const groups = groupBy(pairs, (p) => p.parent);
      for (const parent of parents) parent[relation.property] = (groups.get(String(parent[relation.sourceKey])) ?? []).map((p) => p.entity);
      return pairs.map((p) => p.entity);
    }
  }
}

/** Distinct non-null values of a property. */
export function keysOf(rows: Record<string, unknown>[], property: string): unknown[] {
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

/** A relation's rows: the target `t`, reached through the junction `j` for a many-to-many relation. */
interface Source {
  readonly target: EntityTable;
  /** The column holding the parent's key: the target's foreign key, or the junction's. */
  readonly key: ColumnPlan;
  readonly junction?: { readonly table: EntityTable; readonly toTarget: ColumnPlan; readonly targetKey: ColumnPlan };
}

/** A relation's rows as entities, for a relation without a junction: hydrated straight from the driver's rows. */
async function rowsOf(context: QueryContext, source: Omit<Source, 'junction'>, keys: unknown[], spec: IncludeSpec): Promise<object[]> {
  const query = relatedQuery(context, source, keys, spec);
  if (!query) return [];
  const { target } = source;
  return (await context.executor.entityRows(query.sql, query.params)).map((row) => target.hydrate(row) as object);
}

/** A many-to-many relation's rows, each with the parent key it belongs to (as the parent's entity holds it). */
async function junctionRows(context: QueryContext, source: Required<Source>, keys: unknown[], spec: IncludeSpec): Promise<{ parent: string; entity: object }[]> {
  const query = relatedQuery(context, source, keys, spec);
  if (!query) return [];
  const { target, key } = source;
  // The parent key comes after the target's columns: by position when rows are arrays, else by its alias.
  const parentAt = context.dialect.runtime.positionalRows ? target.columns.length : PARENT;
  const decodeParent = context.dialect.runtime.decoder(key.meta.type, key.meta.scale);
  return (await context.executor.entityRows(query.sql, query.params)).map((row) => {
    const value = (row as Record<string | number, unknown>)[parentAt];
    return { parent: String(decodeParent && value != null ? decodeParent(value) : value), entity: target.hydrate(row) as object };
  });
}

/**
 * One query for the related rows of every parent: `key IN list` and the include's where, sorted by its orderBy;
 * with a limit or offset, rows are numbered per parent (ROW_NUMBER() OVER (PARTITION BY key ORDER BY …), the
 * primary key breaking ties) in a subquery, and the outer query keeps each parent's page. Through a junction, each
 * row also selects the parent key it belongs to, after the target's columns. Undefined when no row can match.
 */
function relatedQuery(context: QueryContext, source: Source, keys: unknown[], spec: IncludeSpec): { sql: string; params: unknown[] } | undefined {
  if (keys.length === 0) return undefined;
  const { target, key, junction } = source;
  const driver = context.dialect.runtime;
  const own: Condition = combine('and', [buildCondition(target, spec.where), notDeleted(target) ?? ALL]);
  if (own.kind === 'none' || spec.limit === 0) return undefined;
  const params = new Params(driver);
  const keyRef = `${junction ? 'j' : 't'}.${key.quoted}`;
  let where = driver.inList(keyRef, params.add(driver.listParameter(key.meta.type, keys.map((k) => key.compare(k, 'include')))), key.meta.type, false);
  const extra = renderCondition(own, params, driver, 't', 'and');
  if (extra) where += ` AND ${extra}`;
  const from = `${target.quoted} t${junction ? ` JOIN ${junction.table.quoted} j ON j.${junction.toTarget.quoted} = t.${junction.targetKey.quoted}` : ''}`;
  const parent = junction ? `, j.${key.quoted} AS ${context.dialect.quote(PARENT)}` : '';
  const order = compileOrderBy(target, spec.orderBy, 't');
  if (spec.limit === undefined && !spec.offset) {
    return { sql: `SELECT ${target.selectColumns('t')}${parent} FROM ${from} WHERE ${where}${order ? ` ORDER BY ${order}` : ''}`, params: params.values };
  }
  const tieBreak = (alias: string): string => target.primaryKey.map((c) => `${alias}.${c.quoted} ASC`).join(', ');
  const rowNumber = context.dialect.quote(ROW_NUMBER);
  const numbered = `SELECT t.*${parent}, ROW_NUMBER() OVER (PARTITION BY ${keyRef} ORDER BY ${[order, tieBreak('t')].filter(Boolean).join(', ')}) AS ${rowNumber} FROM ${from} WHERE ${where}`;
  const first = spec.offset ?? 0;
  const page = [first > 0 ? `p.${rowNumber} > ${first}` : '', spec.limit === undefined ? '' : `p.${rowNumber} <= ${first + spec.limit}`].filter(Boolean).join(' AND ');
  // Each parent's rows in the window's own order (its partition, then its ORDER BY), which the planner can take
  // from the window's sort instead of sorting the page again.
  const parentKey = junction ? `p.${context.dialect.quote(PARENT)}` : `p.${key.quoted}`;
  const pageOrder = [parentKey, compileOrderBy(target, spec.orderBy, 'p'), tieBreak('p')].filter(Boolean).join(', ');
  return { sql: `SELECT ${target.selectColumns('p')}${junction ? `, p.${context.dialect.quote(PARENT)}` : ''} FROM (${numbered}) p WHERE ${page} ORDER BY ${pageOrder}`, params: params.values };
}
