import type { ColumnType } from '../../schema/model';
import { assertNever } from '../../util/assert-never';
import { decimalText } from '../common/values';
import type { Row } from '../runtime-driver';
import { type PgConnection, sendQuery } from './query';
import { OID, pgParser, TEXT_TYPES, TYPES } from './type-parsers';

/**
 * A raw statement's rows as objects. Each value is parsed by its result column's type, with the parsers of the
 * repositories (int8 as bigint, numeric and date as text, timestamptz as Date, json parsed); the columns in
 * `raw` keep the text the server sent, for the caller's declared types.
 */
export async function pgQuery(connection: PgConnection, sql: string, params: readonly unknown[], raw: ReadonlySet<string>): Promise<Row[]> {
  if (raw.size === 0) return (await sendQuery(connection, { text: sql, values: params as unknown[], types: TYPES })).rows;
  const { rows, fields } = await sendQuery(connection, { text: sql, values: params as unknown[], types: TEXT_TYPES, rowMode: 'array' });
  const parsers = fields.map((f) => (raw.has(f.name) ? undefined : TYPES.getTypeParser(f.dataTypeID, f.format)));
  return rows.map((values) => {
    const row: Row = {};
    fields.forEach((f, i) => {
      const value = (values as unknown as (string | null)[])[i]!;
      const parse = parsers[i];
      row[f.name] = value === null || !parse ? value : parse(value);
    });
    return row;
  });
}

const ZONE = /(?:Z|[+-]\d\d(?::?\d\d)?)$/i;

/** A declared type's value from the text PostgreSQL sends for a value of any type. */
export function pgRawDecoder(type: ColumnType, scale?: number): (value: unknown) => unknown {
  switch (type) {
    case 'string':
    case 'text':
    case 'uuid':
    case 'enum':
    case 'date':
    case 'time':
      return (text) => text;
    case 'integer':
    case 'float':
    case 'double':
      return (text) => {
        const n = Number(text);
        if (Number.isNaN(n) && text !== 'NaN') throw new Error('not a number');
        return n;
      };
    case 'bigint':
      return (text) => BigInt(text as string);
    case 'decimal':
      return (text) => decimalText(text as string, scale);
    case 'boolean':
      return (text) => {
        if (text === 't' || text === 'true' || text === '1') return true;
        if (text === 'f' || text === 'false' || text === '0') return false;
        throw new Error('not a boolean');
      };
    case 'datetime': {
      // The text of a timestamptz names its zone; text that names none is UTC, as Strata reads such values everywhere.
      const parse = pgParser(OID.TIMESTAMPTZ);
      return (text) => {
        let t = (text as string).replace(/^(\d{4,}-\d\d-\d\d)T/, '$1 ');
        if (/^\d{4,}-\d\d-\d\d$/.test(t)) t += ' 00:00:00';
        const date = parse(ZONE.test(t) ? t : `${t}+00`);
        if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new Error('not a date and time');
        return date;
      };
    }
    case 'json':
      return (text) => JSON.parse(text as string);
    case 'binary':
      return pgParser(OID.BYTEA) as (value: unknown) => unknown;
    default:
      return assertNever(type, 'column type');
  }
}
