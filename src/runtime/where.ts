import type { RuntimeDriver } from '../dialects/runtime-driver';
import { assertNever } from '../util/assert-never';
import type { Condition } from './condition';
import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';

/** Bind parameters of one statement, with the dialect's placeholders. */
export class Params {
  readonly values: unknown[] = [];
  private aliases = 0;
  constructor(private readonly driver: RuntimeDriver) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.driver.placeholder(this.values.length);
  }

  /** A table alias not yet used in this statement, for a subquery. */
  alias(): string {
    return `s${++this.aliases}`;
  }
}

/**
 * A condition as SQL, every value a bound parameter; `alias` qualifies the columns. `all` renders as no
 * condition (an empty string): callers decide what an unconditional statement means for them. `within`
 * says the SQL is joined with others by AND, so that an OR is parenthesized.
 */
export function renderCondition(condition: Condition, params: Params, driver: RuntimeDriver, alias?: string, within?: 'and'): string {
  const ref = (column: { quoted: string }): string => (alias ? `${alias}.${column.quoted}` : column.quoted);
  const add = (value: unknown): string => params.add(value);
  const render = (c: Condition, parent?: 'and' | 'or'): string => {
    switch (c.kind) {
      case 'all':
        return parent === undefined || parent === within ? '' : '1=1';
      case 'none':
        return '1=0';
      case 'and':
      case 'or': {
        const sql = c.items.map((item) => render(item, c.kind)).join(c.kind === 'and' ? ' AND ' : ' OR ');
        return parent ? `(${sql})` : sql;
      }
      case 'compare':
        return `${ref(c.column)} ${c.operator} ${params.add(c.value)}`;
      case 'isNull':
        return `${ref(c.column)} IS ${c.negated ? 'NOT ' : ''}NULL`;
      case 'in':
        return driver.inList(ref(c.column), params.add(driver.listParameter(c.column.meta.type, c.values)), c.column.meta.type, c.negated);
      case 'not':
        return `NOT (${render(c.item)})`;
      case 'match':
        return driver.match(ref(c.column), c.column.meta.type, c.pattern, c.caseInsensitive, add);
      case 'jsonEquals':
        return driver.jsonEquals(ref(c.column), c.path, c.value, add);
      case 'exists':
        return renderExists(c, params, driver, alias);
    }
    return assertNever(c, 'condition');
  };
  return render(condition, within);
}

/**
 * `EXISTS (SELECT 1 FROM target sN [JOIN junction sNj] WHERE link = outer.key AND …)`. The outer row's column is
 * qualified by its alias, or by its table's name when the outer statement has none (the subquery's own table
 * is always aliased, so the name means the outer one, even for a relation of a table to itself).
 */
function renderExists(c: Extract<Condition, { kind: 'exists' }>, params: Params, driver: RuntimeDriver, outerAlias?: string): string {
  const { related } = c;
  const inner = params.alias();
  let sql = `SELECT 1 FROM ${related.table.quoted} ${inner}`;
  let linked = `${inner}.${related.link.inner.quoted}`;
  if (related.junction) {
    const junction = `${inner}j`;
    sql += ` JOIN ${related.junction.table.quoted} ${junction} ON ${junction}.${related.junction.toTarget.quoted} = ${inner}.${related.junction.targetKey.quoted}`;
    linked = `${junction}.${related.link.inner.quoted}`;
  }
  sql += ` WHERE ${linked} = ${outerAlias ?? related.link.outerTable.quoted}.${related.link.outer.quoted}`;
  if (related.live) sql += ` AND ${renderCondition(related.live, params, driver, inner)}`;
  if (c.failing) sql += ` AND (${renderCondition(c.where, params, driver, inner)}) IS NOT TRUE`;
  else {
    const where = renderCondition(c.where, params, driver, inner, 'and');
    if (where) sql += ` AND ${where}`;
  }
  return `${c.negated ? 'NOT ' : ''}EXISTS (${sql})`;
}

/**
 * An `orderBy` (object or list of objects) as SQL, validated against the entity. With `tieBreak`, the primary key's
 * columns the order does not name follow it, so that a page (limit, offset) of rows with equal sort values is the
 * same from one query to the next: PostgreSQL returns ties in any order, and pages then skip and repeat rows.
 */
export function compileOrderBy(table: EntityTable, orderBy: object | readonly object[] | undefined, alias?: string, { tieBreak = false } = {}): string {
  if (!orderBy) return '';
  const items = Array.isArray(orderBy) ? orderBy : [orderBy];
  const parts: string[] = [];
  const named = new Set<ColumnPlan>();
  for (const item of items as object[]) {
    for (const [key, direction] of Object.entries(item)) {
      if (direction === undefined) continue;
      const column = table.column(key, 'orderBy');
      if (direction !== 'asc' && direction !== 'desc') {
        throw new QueryError(`orderBy ${table.className}.${key} must be 'asc' or 'desc', not ${JSON.stringify(direction)}.`);
      }
      // Qualified: in ORDER BY, SQLite reads a bare name as the select list's column of that name first, which for
      // bigint and decimal columns is their text, sorting '10' before '9'.
      parts.push(`${alias ?? table.quoted}.${column.quoted} ${direction.toUpperCase()}`);
      named.add(column);
    }
  }
  if (tieBreak && parts.length > 0) {
    for (const key of table.primaryKey) if (!named.has(key)) parts.push(`${alias ?? table.quoted}.${key.quoted} ASC`);
  }
  return parts.join(', ');
}
