import type { ColumnType } from '../../schema/model';
import { assertNever } from '../../util/assert-never';
import { commonFromDb, decimalText, rawBigint, rawNumber } from '../common/values';

/**
 * A declared type's value from what SQLite returns (an integer or float as a number, text as a string, a blob
 * as a Buffer), with the repositories' rules: datetimes as SQLite keeps them (`parseDatetime`), booleans as 0/1,
 * json as text.
 */
export function sqliteRawDecoder(type: ColumnType, scale: number | undefined, parseDatetime: (value: unknown) => Date): (value: unknown) => unknown {
  switch (type) {
    case 'string':
    case 'text':
    case 'uuid':
    case 'enum':
    case 'date':
    case 'time':
      return (value) => (typeof value === 'string' ? value : String(value));
    case 'integer':
    case 'float':
    case 'double':
      return rawNumber(type);
    case 'bigint':
      return rawBigint;
    case 'binary':
      return (value) => commonFromDb(type, value);
    case 'decimal':
      // A float holds 15 significant digits exactly: printed with those, as the repositories read decimals.
      return (value) => decimalText(typeof value === 'number' && !Number.isInteger(value) ? String(Number(value.toPrecision(15))) : String(value), scale);
    case 'boolean':
      return (value) => {
        if (value === 1 || value === 0) return value === 1;
        if (value === '1' || value === 'true') return true;
        if (value === '0' || value === 'false') return false;
        throw new Error('not a boolean');
      };
    case 'datetime':
      return (value) => {
        const date = parseDatetime(value);
        if (Number.isNaN(date.getTime())) throw new Error('not a date and time');
        return date;
      };
    case 'json':
      return (value) => (typeof value === 'string' ? JSON.parse(value) : value);
    default:
      return assertNever(type, 'column type');
  }
}
