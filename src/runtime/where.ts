import type { RuntimeDriver } from '../dialects/runtime-driver';
import { assertNever } from '../util/assert-never';
import type { Condition } from './condition';
import type { EntityTable } from './entity-table';
import { QueryError } from './errors';

/** Bind parameters of one statement, with the dialect's placeholders. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly driver: RuntimeDriver) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.driver.placeholder(this.values.length);
  }
}

/**
 * A condition as SQL, every value a bound parameter; `alias` qualifies the columns. `all` renders as no
 * condition (an empty string): callers decide what an unconditional statement means for them. `within`
 * says the SQL is joined with others by AND, so that an OR is parenthesized.
 */
export function renderCondition(condition: Condition, params: Params, driver: RuntimeDriver, alias?: string, within?: 'and'): string {
  const ref = (column: { quoted: string }): string => (alias ? `${alias}.${column.quoted}` : column.quoted);
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
      case 'like':
        return `${ref(c.column)} LIKE ${params.add(c.pattern)}`;
      default:
        return assertNever(c, 'condition');
    }
  };
  return render(condition, within);
}

/** An `orderBy` (object or list of objects) as SQL, validated against the entity. */
export function compileOrderBy(table: EntityTable, orderBy: object | readonly object[] | undefined, alias?: string): string {
  if (!orderBy) return '';
  const items = Array.isArray(orderBy) ? orderBy : [orderBy];
  const parts: string[] = [];
  for (const item of items as object[]) {
    for (const [key, direction] of Object.entries(item)) {
      if (direction === undefined) continue;
      const column = table.column(key, 'orderBy');
      if (direction !== 'asc' && direction !== 'desc') {
        throw new QueryError(`orderBy ${table.className}.${key} must be 'asc' or 'desc', not ${JSON.stringify(direction)}.`);
      }
      parts.push(`${alias ? `${alias}.` : ''}${column.quoted} ${direction.toUpperCase()}`);
    }
  }
  return parts.join(', ');
}
