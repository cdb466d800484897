import type { types as PgTypes } from 'pg';

export const OID = { INT8: 20, BYTEA: 17, DATE: 1082, TIMESTAMPTZ: 1184, NUMERIC: 1700 } as const;

const text = (value: string): string => value;
let pgTypes: typeof PgTypes | undefined;

/** pg's own parser of a type, from its text form. */
export function pgParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  // pg is loaded by the time a query has results to parse; requiring it here keeps it out of start-up.
  pgTypes ??= (require('pg') as { types: typeof PgTypes }).types;
  return pgTypes.getTypeParser(oid, format) as (value: string) => unknown;
}

/**
 * Type parsers for Strata's own queries only (the global pg.types are left alone): int8 as bigint, dates
 * and numerics as their exact text.
 */
export const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.INT8) return (value: string) => BigInt(value);
    if (oid === OID.DATE || oid === OID.NUMERIC) return text;
    return pgParser(oid, format);
  },
};

/** Parsers that leave every value as the text the server sent. */
export const TEXT_TYPES = { getTypeParser: () => text };
