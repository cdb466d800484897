import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';

/**
 * A `where` once its semantics are settled, before any SQL is written: validated against the entity, values
 * checked and encoded, and `all` / `none` folded away everywhere but at the top. Rendering
 * (`renderCondition`) then cannot meet an empty group, and `update`/`delete` see an effective condition that
 * matches every row (`all`) whatever shape produced it.
 *
 * The rules, defined once here:
 * - a property or operator set to `undefined` is absent, and so is `{}` as a property's operators;
 * - the members of a `where` object, and of `and`, must all hold: an empty `and` is absent (`all`);
 * - `or` holds when a member holds: `or: []` matches nothing (`none`), and an `or` with an absent member is absent;
 * - `in: []` matches nothing, `notIn: []` is absent;
 * - comparisons follow SQL: a NULL value satisfies no comparison but `IS NULL` (and `{ prop: null }`).
 */
export type Condition =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'compare'; readonly column: ColumnPlan; readonly operator: ComparisonOperator; readonly value: unknown }
  | { readonly kind: 'isNull'; readonly column: ColumnPlan; readonly negated: boolean }
  | { readonly kind: 'in'; readonly column: ColumnPlan; readonly values: readonly unknown[]; readonly negated: boolean }
  | { readonly kind: 'like'; readonly column: ColumnPlan; readonly pattern: string };

export type ComparisonOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';

export const ALL: Condition = { kind: 'all' };
export const NONE: Condition = { kind: 'none' };

const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'like', 'isNull'] as const;
type OperatorName = (typeof OPERATORS)[number];
const COMPARISONS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** The condition of a `where` on `table` (`usage` names where it came from in error messages). */
export function buildCondition(table: EntityTable, where: unknown, usage = 'where'): Condition {
  if (where === undefined || where === null) return ALL;
  if (!isPlainObject(where)) throw new QueryError(`A ${usage} for ${table.className} must be an object, such as { id: 1 }; got ${Array.isArray(where) ? 'an array' : typeof where}.`);
  const parts: Condition[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw new QueryError(`${key} in a ${usage} for ${table.className} takes a list of conditions.`);
      parts.push(combine(key, value.map((member) => buildCondition(table, member, usage))));
    } else {
      parts.push(propertyCondition(table, table.column(key, usage), value, usage));
    }
  }
  return combine('and', parts);
}

/** `and` or `or` of conditions, with `all` and `none` folded away and nested groups of the same kind merged. */
export function combine(kind: 'and' | 'or', items: readonly Condition[]): Condition {
  const absorbing = kind === 'and' ? 'none' : 'all';
  const kept: Condition[] = [];
  for (const item of items) {
    if (item.kind === absorbing) return item;
    if (item.kind === 'all' || item.kind === 'none') continue;
    if (item.kind === kind) kept.push(...item.items);
    else kept.push(item);
  }
  if (kept.length === 0) return kind === 'and' ? ALL : NONE;
  return kept.length === 1 ? kept[0]! : { kind, items: kept };
}

function propertyCondition(table: EntityTable, column: ColumnPlan, value: unknown, usage: string): Condition {
  if (value === null) return { kind: 'isNull', column, negated: false };
  if (!isPlainObject(value)) return { kind: 'compare', column, operator: '=', value: column.compare(value, usage) };
  const parts: Condition[] = [];
  for (const [op, operand] of Object.entries(value)) {
    if (operand === undefined) continue;
    if (!(OPERATORS as readonly string[]).includes(op)) {
      throw new QueryError(`Unknown operator '${op}' for ${table.className}.${column.property}; use one of ${OPERATORS.join(', ')}.`);
    }
    parts.push(operatorCondition(table, column, op as OperatorName, operand, usage));
  }
  return combine('and', parts);
}

function operatorCondition(table: EntityTable, column: ColumnPlan, op: OperatorName, operand: unknown, usage: string): Condition {
  const name = `${op} for ${table.className}.${column.property}`;
  switch (op) {
    case 'eq':
    case 'ne':
      if (operand === null) return { kind: 'isNull', column, negated: op === 'ne' };
      return { kind: 'compare', column, operator: COMPARISONS[op], value: column.compare(operand, usage) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (operand === null) throw new QueryError(`${name} takes a value, not null: nothing compares with NULL. Use isNull for that.`);
      return { kind: 'compare', column, operator: COMPARISONS[op], value: column.compare(operand, usage) };
    case 'in':
    case 'notIn': {
      if (!Array.isArray(operand)) throw new QueryError(`${name} takes a list of values.`);
      if (operand.length === 0) return op === 'in' ? NONE : ALL;
      const values = operand.map((v: unknown) => {
        if (v === null || v === undefined) {
          throw new QueryError(`${name} cannot hold ${v}: a list compares values, and NULL equals nothing. Add { ${column.property}: null } under or (or isNull) for that.`);
        }
        return column.compare(v, usage);
      });
      return { kind: 'in', column, values, negated: op === 'notIn' };
    }
    case 'like':
      if (typeof operand !== 'string') throw new QueryError(`${name} takes a pattern string, such as '%@example.com'.`);
      return { kind: 'like', column, pattern: operand };
    case 'isNull':
      if (typeof operand !== 'boolean') throw new QueryError(`${name} takes true (IS NULL) or false (IS NOT NULL).`);
      return { kind: 'isNull', column, negated: !operand };
  }
}

/** An object written as `{ … }` (or with no prototype): operators, or a where. A Date, Buffer or class instance is a value. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
