import type { ColumnType } from '../../schema/model';
import { plainDecimal } from '../../util/decimal';

/**
 * Conversions shared by the engines, so that results have the same JavaScript types everywhere:
 * `datetime` → Date; `date` → 'YYYY-MM-DD' and `time` → 'HH:MM:SS' strings; `bigint` → bigint;
 * `decimal` → string (exact, padded to its scale); `json` → parsed; `boolean` → boolean; `binary` → Buffer.
 */
export function commonFromDb(type: ColumnType, value: unknown, scale?: number): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'bigint':
      return typeof value === 'bigint' ? value : BigInt(typeof value === 'number' ? Math.trunc(value) : String(value));
    case 'decimal':
      return padScale(plainDecimal(String(value)), scale);
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'integer':
    case 'float':
    case 'double':
      return typeof value === 'number' ? value : Number(value);
    case 'binary':
      return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    default:
      return value;
  }
}

/** `12.5` with scale 2 → `12.50`, as PostgreSQL prints numeric values. */
export function padScale(text: string, scale: number | undefined): string {
  if (!scale || !/^-?\d+(\.\d+)?$/.test(text)) return text;
  const [int, frac = ''] = text.split('.');
  return `${int}.${frac.padEnd(scale, '0').slice(0, Math.max(scale, frac.length))}`;
}

/** Decimal text (in any notation) as plain digits padded to `scale`; throws for text that is not a number. */
export function decimalText(text: string, scale: number | undefined): string {
  const plain = plainDecimal(text);
  if (!/^-?\d+(\.\d+)?$/.test(plain)) throw new Error('not a decimal');
  return padScale(plain, scale);
}

/** `fromDb` for non-null values, as a function per column, or undefined where it would change nothing. */
export function commonDecoder(type: ColumnType, scale: number | undefined, identity: readonly ColumnType[]): ((value: unknown) => unknown) | undefined {
  if (identity.includes(type)) return undefined;
  return (value) => commonFromDb(type, value, scale);
}

/**
 * A raw value (a number, or text of one) as a number of `type` (integer, float or double); throws for one that is
 * not a number. For the raw decoders of drivers that hand numbers over as numbers.
 */
export function rawNumber(type: 'integer' | 'float' | 'double'): (value: unknown) => number {
  return (value) => {
    const n = commonFromDb(type, value) as number;
    if (Number.isNaN(n)) throw new Error('not a number');
    return n;
  };
}

/** A raw value (an integer, or text of one) as a bigint; throws for a number with a fraction. */
export function rawBigint(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) throw new Error('not a whole number');
  return commonFromDb('bigint', value);
}
