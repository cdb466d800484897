import { aggregateExpression, checkAggregated, isNumeric, numericText, type AggregateFunction } from './aggregate-values';
import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';
import type { RuntimeDriver } from '../dialects/runtime-driver';
import type { Params } from './where';

const FUNCTIONS = new Set(['sum', 'avg', 'min', 'max']);
const COMPARISONS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * The HAVING clause of a groupBy (empty when nothing is asked): `{ count: { gt: 5 }, sum: { age: { gte: 100 } } }`,
 * every condition ANDed. A value compared with a count, a sum, an average, or the min/max of a numeric column is
 * bound as a number (`CAST(? AS NUMERIC)`: RuntimeDriver.numericParameter); one compared with the min/max of
 * another column is checked and encoded as a value of that column.
 */
export function renderHaving(table: EntityTable, having: unknown, params: Params, driver: RuntimeDriver): string {
  if (having === undefined) return '';
  if (!isObject(having)) throw new QueryError(`having in groupBy on ${table.className} takes an object such as { count: { gt: 5 } }.`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(having)) {
    if (value === undefined) continue;
    if (key === 'count') parts.push(...conditions('COUNT(*)', value, `having count on ${table.className}`, numeric(params, driver), 'count'));
    else if (FUNCTIONS.has(key)) {
      if (!isObject(value)) throw new QueryError(`having ${key} in groupBy on ${table.className} takes an object of properties, such as { ${key}: { age: { gt: 10 } } }.`);
      for (const [property, condition] of Object.entries(value)) {
        if (condition === undefined) continue;
        const column = table.column(property, `groupBy having ${key}`);
        checkAggregated(key as AggregateFunction, column, table.className, 'groupBy having');
        const what = `having ${key} of ${table.className}.${column.property}`;
        const bind = key === 'sum' || key === 'avg' || isNumeric(column) ? numeric(params, driver) : asColumn(params, column);
        parts.push(...conditions(aggregateExpression(driver, key as AggregateFunction, column, `${table.quoted}.${column.quoted}`), condition, what, bind, key));
      }
    } else {
      throw new QueryError(`having in groupBy on ${table.className} has no key '${key}'; it takes count, sum, avg, min and max.`);
    }
  }
  return parts.join(' AND ');
}

type Bind = (value: unknown, what: string) => string;

const numeric = (params: Params, driver: RuntimeDriver): Bind => (value, what) => driver.numericParameter(params.add(numericText(value, what)));
const asColumn = (params: Params, column: ColumnPlan): Bind => (value) => params.add(column.compare(value, 'groupBy having'));

/** SQL for one aggregate's condition: a value (equality, null: IS NULL) or operators. */
function conditions(expression: string, condition: unknown, what: string, bind: Bind, key: string): string[] {
  if (condition === null) return [`${expression} IS NULL`];
  if (!isObject(condition) || condition instanceof Date) return [`${expression} = ${bind(condition, what)}`];
  const parts: string[] = [];
  for (const [operator, value] of Object.entries(condition)) {
    if (value === undefined) continue;
    if (operator in COMPARISONS) {
      if (value === null && (operator === 'eq' || operator === 'ne')) parts.push(`${expression} IS ${operator === 'ne' ? 'NOT ' : ''}NULL`);
      else if (value === null) throw new QueryError(`${what}: ${operator} takes a value, not null.`);
      else parts.push(`${expression} ${COMPARISONS[operator as keyof typeof COMPARISONS]} ${bind(value, what)}`);
    } else if (operator === 'in' || operator === 'notIn') {
      if (!Array.isArray(value)) throw new QueryError(`${what}: ${operator} takes a list of values.`);
      if (value.length === 0) {
        if (operator === 'in') parts.push('1=0');
        continue;
      }
      parts.push(`${expression} ${operator === 'in' ? 'IN' : 'NOT IN'} (${value.map((v) => bind(v, what)).join(', ')})`);
    } else if (operator === 'isNull') {
      if (typeof value !== 'boolean') throw new QueryError(`${what}: isNull takes true or false.`);
      parts.push(`${expression} IS ${value ? '' : 'NOT '}NULL`);
    } else {
      throw new QueryError(`${what}: unknown operator '${operator}' (in having ${key}); use eq, ne, gt, gte, lt, lte, in, notIn or isNull.`);
    }
  }
  return parts;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
