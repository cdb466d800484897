import type { RuntimeDriver } from '../dialects/runtime-driver';
import type { ColumnType } from '../schema/model';
import { formatDecimal, parseDecimal, roundDecimal } from '../util/decimal';
import { padScale } from '../dialects/common/values';
import type { ColumnPlan } from './entity-table';
import { QueryError } from './errors';

export type AggregateFunction = 'sum' | 'avg' | 'min' | 'max';

const NUMERIC: ReadonlySet<ColumnType> = new Set(['integer', 'bigint', 'float', 'double', 'decimal']);
/** Types PostgreSQL has no MIN/MAX for (boolean, json, bytea, uuid): refused on both engines alike. */
const UNORDERED: ReadonlySet<ColumnType> = new Set(['boolean', 'json', 'binary', 'uuid']);

/** Significant digits an average of decimals keeps: what SQLite's floating point holds exactly, so both engines agree. */
const AVERAGE_DIGITS = 15;

export function isNumeric(column: ColumnPlan): boolean {
  return NUMERIC.has(column.meta.type);
}

/** Refuses a column the aggregate cannot take, naming `Entity.property`. */
export function checkAggregated(fn: AggregateFunction, column: ColumnPlan, className: string, usage: string): void {
  if ((fn === 'sum' || fn === 'avg') && !isNumeric(column)) {
    throw new QueryError(`${fn} of ${className}.${column.property} (in ${usage}): it is a ${column.meta.type} column; sum and avg take integer, bigint, float, double and decimal columns.`);
  }
  if ((fn === 'min' || fn === 'max') && UNORDERED.has(column.meta.type)) {
    throw new QueryError(`${fn} of ${className}.${column.property} (in ${usage}): a ${column.meta.type} column has no order; min and max take numbers, text, enums, dates and times.`);
  }
}

/** The type an aggregate's value is read as, before `decoderOf` finishes it. */
function resultType(fn: AggregateFunction | 'count', column: ColumnPlan | undefined): ColumnType {
  if (fn === 'count' || !column) return 'integer';
  const type = column.meta.type;
  if (fn === 'min' || fn === 'max') return type;
  if (type === 'decimal') return 'decimal';
  if (fn === 'avg') return 'double';
  return type === 'bigint' ? 'bigint' : type === 'integer' ? 'integer' : 'double';
}

/**
 * The select-list expression and the decoder of an aggregate: counts as numbers; sums as the column's kind of
 * number (a bigint for bigint columns, exact text at the column's scale for decimals); averages as numbers, or
 * for decimals text of at most 15 significant digits; min and max as the column's own values.
 */
export function aggregateOutput(driver: RuntimeDriver, fn: AggregateFunction | 'count', column: ColumnPlan | undefined, reference: string): { expression: string; decode: (value: unknown) => unknown } {
  const type = resultType(fn, column);
  const expression = fn === 'count' || !column ? 'COUNT(*)' : aggregateExpression(driver, fn, column, reference);
  const raw = driver.rawDecoder(type, fn === 'min' || fn === 'max' ? column?.meta.scale : undefined);
  let decode = raw;
  if (type === 'decimal' && fn === 'sum') decode = (value) => atScale(raw(value) as string, column!.meta.scale);
  // A decimal without a size: MariaDB/MySQL's is decimal(65, 30), whose values come with 30 decimals.
  if (type === 'decimal' && (fn === 'min' || fn === 'max') && column!.meta.scale === undefined) decode = (value) => withoutTrailingZeros(raw(value) as string);
  if (type === 'decimal' && fn === 'avg') decode = (value) => significant(raw(value) as string, column!.meta.scale);
  return { expression: driver.exactValue(expression, type), decode };
}

/** An aggregate of a column as SQL, the same in the select list, `having` and `orderBy`. */
export function aggregateExpression(driver: RuntimeDriver, fn: AggregateFunction, column: ColumnPlan, reference: string): string {
  if (column.meta.type === 'decimal' && (fn === 'sum' || fn === 'avg')) return driver.decimalAggregate(fn, reference, column.meta.precision, column.meta.scale);
  return `${fn.toUpperCase()}(${reference})`;
}

/** A column's value in a group, read as the repositories read the column. */
export function columnOutput(driver: RuntimeDriver, column: ColumnPlan, reference: string): { expression: string; decode: (value: unknown) => unknown } {
  return { expression: driver.exactValue(reference, column.meta.type), decode: driver.rawDecoder(column.meta.type, column.meta.scale) };
}

/** `12.500` → `12.5`, `3.000` → `3`. */
function withoutTrailingZeros(text: string): string {
  return typeof text === 'string' && /^-?\d+\.\d+$/.test(text) ? text.replace(/\.?0+$/, '') : text;
}

/**
 * A sum of decimals has the column's scale exactly: rounded to it (SQLite adds in floating point) and padded; for
 * a decimal without a size, its digits without trailing zeros.
 */
function atScale(text: string, scale: number | undefined): string {
  if (scale === undefined) return withoutTrailingZeros(text);
  const value = parseDecimal(text);
  if (!value) return text;
  return padScale(formatDecimal(roundDecimal(value, scale)), scale);
}

/** An average of decimals, rounded to 15 significant digits, without trailing zeros past the column's scale. */
function significant(text: string, scale = 0): string {
  const value = parseDecimal(text);
  if (!value) return text;
  const digits = value.digits.replace(/^0+/, '').length;
  const rounded = digits > AVERAGE_DIGITS ? roundDecimal(value, Math.max(0, value.scale - (digits - AVERAGE_DIGITS))) : value;
  let out = formatDecimal(rounded);
  if (rounded.scale > scale) out = out.replace(new RegExp(`0{1,${rounded.scale - scale}}$`), '').replace(/\.$/, '');
  return padScale(out, scale);
}

/**
 * A value compared with a numeric aggregate, as text for the driver's `numericParameter`: a finite number, a bigint, or
 * decimal text. The cast gives both engines a number to compare with (SQLite gives an aggregate no type affinity,
 * so bound text would compare as text).
 */
export function numericText(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && parseDecimal(value)) return value.trim();
  const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? (value === null ? 'null' : 'an object') : String(value);
  throw new QueryError(`${what} takes a number (or a bigint, or decimal text); got ${shown}.`);
}
