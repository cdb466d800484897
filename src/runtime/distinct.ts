import type { ColumnPlan, EntityTable, Projection } from './entity-table';
import { QueryError } from './errors';
import type { QueryContext } from './query-context';
import { compileOrderBy } from './where';

const ROW_NUMBER = '__strata_row';

/** The columns of a `distinct` list, validated (json columns have no equality on PostgreSQL). */
export function distinctColumns(table: EntityTable, distinct: unknown): ColumnPlan[] {
  if (!Array.isArray(distinct) || distinct.length === 0) throw new QueryError(`distinct on ${table.className} takes a non-empty list of properties, such as distinct: ['kind'].`);
  const columns = [...new Set(distinct.map((property) => table.column(String(property), 'distinct')))];
  const json = columns.find((c) => c.meta.type === 'json');
  if (json) throw new QueryError(`distinct on ${table.className}.${json.property}: json values have no equality on every engine, so no engine compares them for distinct.`);
  return columns;
}

/**
 * A find with `distinct`: of each group of rows with equal values in the distinct columns (NULLs equal), the first
 * by `orderBy` then by primary key is kept; the rows kept come in `orderBy` order, then by primary key, and
 * `limit`/`offset` page them. On PostgreSQL, `SELECT DISTINCT ON`, straight when `orderBy` starts with the
 * distinct columns, else in a subquery sorted again; elsewhere, ROW_NUMBER() OVER (PARTITION BY …) = 1.
 * `where` is the rendered ` WHERE …` clause (or empty), on the table unaliased.
 */
export function distinctSql(context: QueryContext, table: EntityTable, projection: Projection<unknown>, columns: readonly ColumnPlan[], where: string, orderBy: unknown, limit: string): string {
  const order = (alias?: string): string => {
    const given = compileOrderBy(table, orderBy as object | undefined, alias);
    const ties = table.primaryKey.map((c) => `${alias ?? table.quoted}.${c.quoted} ASC`).join(', ');
    return given ? `${given}, ${ties}` : ties;
  };
  const keys = columns.map((c) => `${table.quoted}.${c.quoted}`).join(', ');
  if (context.dialect.runtime.distinctOn) {
    if (leadsWith(orderBy, columns)) return `SELECT DISTINCT ON (${keys}) ${projection.selectColumns(table.quoted)} FROM ${table.quoted}${where} ORDER BY ${order()}${limit}`;
    const inner = `SELECT DISTINCT ON (${keys}) * FROM ${table.quoted}${where} ORDER BY ${keys}, ${order()}`;
    return `SELECT ${projection.selectColumns('p')} FROM (${inner}) p ORDER BY ${order('p')}${limit}`;
  }
  const rowNumber = context.dialect.quote(ROW_NUMBER);
  const inner = `SELECT ${table.quoted}.*, ROW_NUMBER() OVER (PARTITION BY ${keys} ORDER BY ${order()}) AS ${rowNumber} FROM ${table.quoted}${where}`;
  return `SELECT ${projection.selectColumns('p')} FROM (${inner}) p WHERE p.${rowNumber} = 1 ORDER BY ${order('p')}${limit}`;
}

/** `SELECT COUNT(*)` of the distinct combinations (for findAndCount). */
export function distinctCountSql(context: QueryContext, table: EntityTable, columns: readonly ColumnPlan[], where: string): string {
  return `SELECT COUNT(*) AS ${context.dialect.quote('count')} FROM (SELECT DISTINCT ${columns.map((c) => c.quoted).join(', ')} FROM ${table.quoted}${where}) d`;
}

/** The orderBy's first keys are the distinct columns, in any order (as DISTINCT ON requires of its ORDER BY). */
function leadsWith(orderBy: unknown, columns: readonly ColumnPlan[]): boolean {
  if (!orderBy) return false;
  const keys = (Array.isArray(orderBy) ? orderBy : [orderBy]).flatMap((item) => Object.entries(item as object).filter(([, d]) => d !== undefined).map(([k]) => k));
  const leading = new Set(keys.slice(0, columns.length));
  return leading.size === columns.length && columns.every((c) => leading.has(c.property));
}
