import type { Capabilities } from '../dialects';
import type { ColumnMetadata } from '../metadata/types';
import type { ColumnType } from '../schema/model';
import { assertNever } from '../util/assert-never';
import { type Decimal, formatDecimal, integerDigits, parseDecimal, roundDecimal, significantDigits } from '../util/decimal';
import { isSqlExpression } from '../util/sql-expression';
import { QueryError } from './errors';

/**
 * Checks a value against its column's type before any SQL is built, and brings it to the one form the
 * drivers encode (`Canonical`): a wrong value is a QueryError naming `Entity.property`, the type expected and
 * what was given, the same on every engine, instead of a driver error on one and a silently stored (or
 * silently unmatched) value on another.
 *
 * A write also holds the value to the column's limits (a string's length, a decimal's digits), rounding a
 * decimal to its scale as PostgreSQL does, so that every engine stores and returns the same value. A
 * comparison (a where) only needs a value of the right type.
 */
export type ValueCheck = (value: unknown, usage: string) => unknown;

/**
 * The canonical form, per column type: strings for string, text, uuid (lower case), enum, date
 * ('YYYY-MM-DD'), time and decimal (plain digits); numbers for integer, float, double; bigint for bigint;
 * boolean; Date for datetime; JSON text for json; a byte view for binary. `null` stays null.
 */
export interface ValueChecks {
  readonly write: ValueCheck;
  readonly compare: ValueCheck;
}

/** Thrown by a type's check; caught and turned into the QueryError that names the column. */
class Misfit {
  constructor(readonly detail?: string) {}
}

type Mode = 'write' | 'compare';
type Check = (value: unknown, mode: Mode) => unknown;

const INT32 = [-2147483648, 2147483647] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,6}))?)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ZONE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** The checks of one column, compiled once per entity. */
export function valueChecks(column: ColumnMetadata, className: string, capabilities: Capabilities): ValueChecks {
  const check = checkFor(column, capabilities);
  const wrap = (mode: Mode): ValueCheck => (value, usage) => {
    if (value === null) return null;
    try {
      return check(value, mode);
    } catch (error) {
      if (!(error instanceof Misfit)) throw error;
      const detail = error.detail ?? (isSqlExpression(value) ? SQL_EXPRESSION : undefined);
      throw new QueryError(`${className}.${column.property} takes ${expected(column)}; got ${describeValue(value)} (in ${usage}).${detail ? ` ${detail}` : ''}`);
    }
  };
  return { write: wrap('write'), compare: wrap('compare') };
}

function checkFor(column: ColumnMetadata, capabilities: Capabilities): Check {
  const type: ColumnType = column.type;
  switch (type) {
    case 'string': {
      const length = column.length ?? 255;
      return (value, mode) => {
        const text = plainString(value);
        // Counted in characters (code points), as the engines count them; most strings are far shorter.
        if (mode === 'write' && text.length > length && [...text].length > length) throw new Misfit(`It has ${[...text].length} characters.`);
        return text;
      };
    }
    case 'text':
      return (value) => plainString(value);
    case 'uuid':
      return (value) => {
        if (typeof value !== 'string' || !UUID.test(value)) throw new Misfit();
        return value.toLowerCase();
      };
    case 'enum': {
      const values = new Set(column.enumValues ?? []);
      return (value) => {
        if (typeof value !== 'string' || !values.has(value)) throw new Misfit();
        return value;
      };
    }
    case 'integer':
      return (value) => {
        const n = typeof value === 'bigint' && value >= BigInt(INT32[0]) && value <= BigInt(INT32[1]) ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < INT32[0] || n > INT32[1]) throw new Misfit();
        return n;
      };
    case 'bigint':
      return (value) => {
        let n: bigint | undefined;
        if (typeof value === 'bigint') n = value;
        else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
        else if (typeof value === 'string' && /^[+-]?\d{1,19}$/.test(value)) n = BigInt(value);
        if (n === undefined || n < INT64[0] || n > INT64[1]) throw new Misfit();
        return n;
      };
    case 'float':
    case 'double':
      return (value) => {
        if (typeof value !== 'number' || Number.isNaN(value)) throw new Misfit();
        if (capabilities.finiteFloats && !Number.isFinite(value)) throw new Misfit('This engine stores finite numbers only (see docs/dialects.md).');
        return value;
      };
    case 'decimal':
      return decimalCheck(column, capabilities);
    case 'boolean':
      return (value) => {
        if (typeof value !== 'boolean') throw new Misfit();
        return value;
      };
    case 'date':
      return (value) => {
        if (value instanceof Date) {
          if (Number.isNaN(value.getTime())) throw new Misfit();
          return value.toISOString().slice(0, 10);
        }
        const m = typeof value === 'string' ? DATE.exec(value) : null;
        if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new Misfit();
        return value;
      };
    case 'datetime':
      return (value) => {
        const date = value instanceof Date ? value : typeof value === 'string' && DATETIME.test(value.trim()) ? parseDatetime(value.trim()) : undefined;
        if (!date || Number.isNaN(date.getTime())) throw new Misfit();
        return date;
      };
    case 'time':
      // In one form, 'HH:MM:SS' and the fraction's significant digits, as PostgreSQL returns it: SQLite stores and
      // compares the text as given, where '09:05' would not equal '09:05:00'.
      return (value) => {
        const m = typeof value === 'string' ? TIME.exec(value) : null;
        if (!m) throw new Misfit();
        const fraction = (m[4] ?? '').replace(/0+$/, '');
        return `${m[1]}:${m[2]}:${m[3] ?? '00'}${fraction ? `.${fraction}` : ''}`;
      };
    case 'json':
      return (value) => {
        if (isSqlExpression(value)) throw new Misfit();
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch (error) {
          throw new Misfit(`JSON.stringify refused it: ${(error as Error).message}.`);
        }
        if (text === undefined) throw new Misfit();
        return text;
      };
    case 'binary':
      return (value) => {
        if (!ArrayBuffer.isView(value)) throw new Misfit();
        return value;
      };
    default:
      return assertNever(type, 'column type');
  }
}

const SQL_EXPRESSION = 'A sql expression is a column default, or a value in update; elsewhere values are bound as parameters.';

function plainString(value: unknown): string {
  if (typeof value !== 'string') throw new Misfit();
  // PostgreSQL cannot store a NUL character in text at all; refusing it everywhere keeps engines alike.
  if (value.includes('\u0000')) throw new Misfit('It contains a NUL character (\\u0000), which text columns cannot hold.');
  return value;
}

/**
 * Decimals as exact text. A write is rounded to the column's scale (half away from zero, as PostgreSQL
 * rounds), must have room before the point, and must not need more significant digits than the engine keeps
 * exactly (SQLite stores decimals as 8-byte floating point: 15 digits).
 */
function decimalCheck(column: ColumnMetadata, capabilities: Capabilities): Check {
  const { precision } = column;
  const scale = precision === undefined ? undefined : column.scale ?? 0;
  const maxDigits = capabilities.decimalDigits;
  return (value, mode) => {
    let parsed: Decimal | undefined;
    if (typeof value === 'string') parsed = parseDecimal(value);
    else if (typeof value === 'number' && Number.isFinite(value)) parsed = parseDecimal(String(value));
    else if (typeof value === 'bigint') parsed = parseDecimal(value.toString());
    if (!parsed) throw new Misfit();
    if (mode === 'compare') return formatDecimal(parsed);
    const rounded = scale === undefined ? parsed : roundDecimal(parsed, scale);
    if (precision !== undefined && integerDigits(rounded) > precision - scale!) {
      throw new Misfit(`It has ${integerDigits(rounded)} digits before the point; decimal(${precision}, ${scale}) has room for ${precision - scale!}.`);
    }
    if (maxDigits !== undefined && significantDigits(rounded) > maxDigits) {
      throw new Misfit(`It has ${significantDigits(rounded)} significant digits, and this engine keeps ${maxDigits} exactly (see docs/dialects.md).`);
    }
    return formatDecimal(rounded);
  };
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO 8601 string; without a zone it is UTC (as it is stored), whatever the process's time zone. */
function parseDatetime(text: string): Date {
  const iso = text.replace(' ', 'T');
  return new Date(ZONE.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
}

function expected(column: ColumnMetadata): string {
  const type: ColumnType = column.type;
  switch (type) {
    case 'string': return `a string of at most ${column.length ?? 255} characters`;
    case 'text': return 'a string';
    case 'uuid': return "a UUID string ('123e4567-e89b-12d3-a456-426614174000')";
    case 'enum': return `one of ${(column.enumValues ?? []).map((v) => `'${v}'`).join(', ')}`;
    case 'integer': return `a whole number from ${INT32[0]} to ${INT32[1]}`;
    case 'bigint': return 'a bigint (or a safe integer, or a string of digits) within 64 bits';
    case 'float':
    case 'double': return 'a number (not NaN)';
    case 'decimal': return `a decimal as a string or a number${column.precision === undefined ? '' : ` that fits decimal(${column.precision}, ${column.scale ?? 0})`}`;
    case 'boolean': return 'true or false';
    case 'date': return "a 'YYYY-MM-DD' string or a Date";
    case 'datetime': return 'a Date or an ISO 8601 string';
    case 'time': return "an 'HH:MM' or 'HH:MM:SS' string";
    case 'json': return 'a value JSON can represent';
    case 'binary': return 'a Buffer or Uint8Array';
    default: return assertNever(type, 'column type');
  }
}

/** A value as an error message names it: its kind, and a short rendering. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (isSqlExpression(value)) return `a sql() expression (${short(value.expression)})`;
  if (Array.isArray(value)) return `an array (${short(safeJson(value))})`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : `the Date ${value.toISOString()}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${value.byteLength} bytes`;
  switch (typeof value) {
    case 'string': return `the string ${short(JSON.stringify(value))}`;
    case 'number': return `the number ${value}`;
    case 'bigint': return `the bigint ${value}n`;
    case 'boolean': return String(value);
    case 'function': return 'a function';
    case 'symbol': return `a symbol (${value.description ?? ''})`;
    default: {
      const name = (value as object).constructor?.name;
      return name && name !== 'Object' ? `an instance of ${name}` : `an object (${short(safeJson(value))})`;
    }
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
