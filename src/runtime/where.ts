import type { RuntimeDriver } from '../dialects/runtime-driver';
import type { ColumnPlan, EntityTable } from './entity-table';
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

const OPERATORS = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'like', 'isNull']);
const COMPARISONS: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * A `where` object as SQL (empty string for no condition); every value is a bound parameter. `alias`
 * qualifies the columns. Properties set to `undefined` are ignored, as if absent.
 */
export function compileWhere(table: EntityTable, where: object | undefined, params: Params, alias?: string): string {
  if (where === undefined || where === null) return '';
  if (typeof where !== 'object' || Array.isArray(where)) throw new QueryError(`A where for ${table.className} must be an object, such as { id: 1 }.`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw new QueryError(`${key} in a where for ${table.className} takes a list of conditions.`);
      const inner = value.map((w) => compileWhere(table, w as object, params, alias)).filter(Boolean);
      if (inner.length === 0) parts.push(key === 'and' ? '1=1' : '1=0');
      else parts.push(`(${inner.join(key === 'and' ? ' AND ' : ' OR ')})`);
      continue;
    }
    const column = table.column(key, 'where');
    const ref = alias ? `${alias}.${column.quoted}` : column.quoted;
    parts.push(condition(table, column, ref, value, params));
  }
  return parts.length > 1 ? parts.join(' AND ') : parts[0] ?? '';
}

function condition(table: EntityTable, column: ColumnPlan, ref: string, value: unknown, params: Params): string {
  if (value === null) return `${ref} IS NULL`;
  if (!isOperators(value)) return `${ref} = ${params.add(column.encode(value))}`;
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(value)) {
    if (operand === undefined) continue;
    if (!OPERATORS.has(op)) {
      throw new QueryError(`Unknown operator '${op}' for ${table.className}.${column.property}; use one of ${[...OPERATORS].join(', ')}.`);
    }
    const bound = (v: unknown): string => params.add(column.encode(v));
    switch (op) {
      case 'eq': parts.push(operand === null ? `${ref} IS NULL` : `${ref} = ${bound(operand)}`); break;
      case 'ne': parts.push(operand === null ? `${ref} IS NOT NULL` : `${ref} <> ${bound(operand)}`); break;
      case 'in':
      case 'notIn': {
        if (!Array.isArray(operand)) throw new QueryError(`${op} for ${table.className}.${column.property} takes a list of values.`);
        if (operand.length === 0) parts.push(op === 'in' ? '1=0' : '1=1');
        else parts.push(`${ref} ${op === 'in' ? 'IN' : 'NOT IN'} (${operand.map(bound).join(', ')})`);
        break;
      }
      case 'like': parts.push(`${ref} LIKE ${params.add(operand)}`); break;
      case 'isNull': parts.push(operand ? `${ref} IS NULL` : `${ref} IS NOT NULL`); break;
      default: parts.push(`${ref} ${COMPARISONS[op]} ${bound(operand)}`);
    }
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

/** A plain object of operators, as opposed to a value (Date, Buffer, bigint…). */
function isOperators(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !Buffer.isBuffer(value) && !(value instanceof Uint8Array) && !Array.isArray(value);
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
