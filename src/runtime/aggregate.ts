import type { RuntimeDriver } from '../dialects/runtime-driver';
import { ALL, buildCondition, combine } from './condition';
import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';
import { aggregateExpression, aggregateOutput, checkAggregated, columnOutput, type AggregateFunction } from './aggregate-values';
import { renderHaving } from './having';
import type { QueryContext } from './query-context';
import { Params, renderCondition } from './where';
import { notDeleted } from './soft-delete';
import { checkOptions } from './options';

const FUNCTIONS = ['sum', 'avg', 'min', 'max'] as const;
// withDeleted: soft-deleted rows too (soft-delete.ts); primary: read from the primary with read replicas (replicas.ts).
const AGGREGATE_OPTIONS = new Set(['where', 'count', ...FUNCTIONS, 'withDeleted', 'primary']);
const GROUP_OPTIONS = new Set([...AGGREGATE_OPTIONS, 'by', 'having', 'orderBy', 'limit', 'offset']);

interface Output {
  readonly alias: string;
  readonly decode: (value: unknown) => unknown;
  /** Where the value goes in a result: `['count']`, `['sum', 'age']`, `['kind']`. */
  readonly path: readonly [string] | readonly [string, string];
}

/**
 * `aggregate`: one row of aggregates over the rows matching `where`. `COUNT(*)`, `SUM`, `AVG`, `MIN`, `MAX`
 * in one statement; with no row, the count is 0 and every other aggregate null.
 */
export async function aggregate(context: QueryContext, table: EntityTable, options: Record<string, unknown>): Promise<Record<string, unknown>> {
  const rows = await run(context, table, checkedOptions(options, AGGREGATE_OPTIONS, table, 'aggregate'), 'aggregate', []);
  return rows[0]!;
}

/**
 * `groupBy`: one result per distinct combination of the `by` properties among the rows matching `where`, with
 * its aggregates, filtered by `having`, sorted by `orderBy` and then by the `by` properties (so the order is the
 * same on every run), paged by `limit` and `offset`.
 */
export async function groupBy(context: QueryContext, table: EntityTable, options: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const checked = checkedOptions(options, GROUP_OPTIONS, table, 'groupBy');
  const by = checked.by;
  if (!Array.isArray(by) || by.length === 0) throw new QueryError(`groupBy on ${table.className} needs by: a list of properties, such as by: ['kind'].`);
  const columns = [...new Set(by.map((property) => groupColumn(table, property)))];
  return run(context, table, checked, 'groupBy', columns);
}

function checkedOptions(options: Record<string, unknown>, allowed: ReadonlySet<string>, table: EntityTable, usage: string): Record<string, unknown> {
  checkOptions(options, allowed, `${usage} on ${table.className}`, table);
  return options;
}

function groupColumn(table: EntityTable, property: unknown): ColumnPlan {
  const column = table.column(String(property), 'groupBy by');
  if (column.meta.type === 'json') throw new QueryError(`groupBy on ${table.className} cannot group by ${table.className}.${column.property}: json values have no equality on every engine, so no engine groups by them.`);
  if (column.property === 'count' || (FUNCTIONS as readonly string[]).includes(column.property)) {
    throw new QueryError(`groupBy on ${table.className} cannot group by ${table.className}.${column.property}: its name is taken by the aggregate of that name in the results.`);
  }
  return column;
}

async function run(context: QueryContext, table: EntityTable, options: Record<string, unknown>, usage: string, by: readonly ColumnPlan[]): Promise<Record<string, unknown>[]> {
  const driver = context.dialect.runtime;
  const condition = combine('and', [buildCondition(table, options.where), notDeleted(table, options.withDeleted === true) ?? ALL]);
  const ref = (column: ColumnPlan): string => `${table.quoted}.${column.quoted}`;
  const outputs: Output[] = [];
  const select: string[] = [];
  const add = (path: Output['path'], output: { expression: string; decode: (value: unknown) => unknown }): void => {
    const alias = `a${outputs.length}`;
    outputs.push({ alias, decode: output.decode, path });
    select.push(`${output.expression} AS ${context.dialect.quote(alias)}`);
  };
  for (const column of by) add([column.property], columnOutput(driver, column, ref(column)));
  if (options.count !== undefined && typeof options.count !== 'boolean') throw new QueryError(`count in ${usage} on ${table.className} takes true or false.`);
  if (options.count) add(['count'], aggregateOutput(driver, 'count', undefined, ''));
  const lists: Partial<Record<AggregateFunction, string[]>> = {};
  for (const fn of FUNCTIONS) {
    const list = options[fn];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new QueryError(`${fn} in ${usage} on ${table.className} takes a list of properties, such as ${fn}: ['age'].`);
    lists[fn] = [];
    for (const property of new Set(list.map(String))) {
      const column = table.column(property, `${usage} ${fn}`);
      checkAggregated(fn, column, table.className, usage);
      lists[fn]!.push(column.property);
      add([fn, column.property], aggregateOutput(driver, fn, column, ref(column)));
    }
  }
  if (usage === 'aggregate' && outputs.length === 0) throw new QueryError(`aggregate on ${table.className} asks for nothing: give count: true, or properties to sum, avg, min or max.`);
  const params = new Params(driver);
  let sql = `SELECT ${select.join(', ')} FROM ${table.quoted}`;
  if (condition.kind === 'none') return usage === 'aggregate' ? [emptyResult(options, lists)] : [];
  if (condition.kind !== 'all') sql += ` WHERE ${renderCondition(condition, params, driver)}`;
  if (usage === 'groupBy') {
    sql += ` GROUP BY ${by.map(ref).join(', ')}`;
    const having = renderHaving(table, options.having, params, driver);
    if (having) sql += ` HAVING ${having}`;
    sql += ` ORDER BY ${groupOrder(table, options.orderBy, by, driver)}`;
    sql += driver.limit(whole(options.limit, 'limit', table), whole(options.offset, 'offset', table));
  }
  const rows = await context.executor.query(sql, params.values, new Set(outputs.map((o) => o.alias)));
  return rows.map((row) => {
    const result = usage === 'aggregate' ? emptyResult(options, lists) : {};
    for (const output of outputs) {
      const value = row[output.alias];
      const decoded = value === null || value === undefined ? null : output.decode(value);
      if (output.path.length === 1) result[output.path[0]] = decoded;
      else ((result[output.path[0]] ??= {}) as Record<string, unknown>)[output.path[1]] = decoded;
    }
    return result;
  });
}

/** The result of aggregates over no rows: a count of 0, every other aggregate null. */
function emptyResult(options: Record<string, unknown>, lists: Partial<Record<AggregateFunction, string[]>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (options.count) result.count = 0;
  for (const fn of FUNCTIONS) if (lists[fn]) result[fn] = Object.fromEntries(lists[fn]!.map((p) => [p, null]));
  return result;
}

/**
 * ORDER BY of a groupBy: the keys given (a `by` property, `count`, or `{ sum: { age: 'desc' } }` and the like),
 * then every `by` property not yet used, ascending, so that groups never tie.
 */
function groupOrder(table: EntityTable, orderBy: unknown, by: readonly ColumnPlan[], driver: RuntimeDriver): string {
  const items = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  const parts: string[] = [];
  const used = new Set<ColumnPlan>();
  const direction = (value: unknown, what: string): string => {
    if (value !== 'asc' && value !== 'desc') throw new QueryError(`orderBy ${what} in groupBy on ${table.className} must be 'asc' or 'desc', not ${JSON.stringify(value)}.`);
    return value.toUpperCase();
  };
  for (const item of items as unknown[]) {
    if (typeof item !== 'object' || item === null) throw new QueryError(`orderBy in groupBy on ${table.className} takes objects such as { count: 'desc' }.`);
    for (const [key, value] of Object.entries(item)) {
      if (value === undefined) continue;
      if (key === 'count') parts.push(`COUNT(*) ${direction(value, 'count')}`);
      else if ((FUNCTIONS as readonly string[]).includes(key)) {
        if (typeof value !== 'object' || value === null) throw new QueryError(`orderBy ${key} in groupBy on ${table.className} takes an object such as { ${key}: { age: 'desc' } }.`);
        for (const [property, dir] of Object.entries(value)) {
          if (dir === undefined) continue;
          const column = table.column(property, `groupBy orderBy ${key}`);
          checkAggregated(key as AggregateFunction, column, table.className, 'groupBy orderBy');
          parts.push(`${aggregateExpression(driver, key as AggregateFunction, column, `${table.quoted}.${column.quoted}`)} ${direction(dir, `${key}.${property}`)}`);
        }
      } else {
        const column = table.column(key, 'groupBy orderBy');
        if (!by.includes(column)) throw new QueryError(`orderBy ${table.className}.${key} in groupBy: groups are sorted by their by properties (${by.map((c) => c.property).join(', ')}) and aggregates only.`);
        used.add(column);
        parts.push(`${table.quoted}.${column.quoted} ${direction(value, key)}`);
      }
    }
  }
  for (const column of by) if (!used.has(column)) parts.push(`${table.quoted}.${column.quoted} ASC`);
  return parts.join(', ');
}

function whole(value: unknown, name: string, table: EntityTable): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new QueryError(`${name} in groupBy on ${table.className} must be a whole number, 0 or more (got ${String(value)}).`);
  return value;
}
