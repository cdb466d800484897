import type { types as PgTypes } from 'pg';
import type { ColumnType } from '../../schema/model';
import { quoteIdentifier } from '../common/sql-text';
import { likeText } from '../pattern';
import type { Row, RuntimeDriver, Violation } from '../runtime-driver';
import { pgCursor } from './cursor';
import { jsonRowSet } from './row-set';

const OID = { INT8: 20, DATE: 1082, NUMERIC: 1700 } as const;

/** An ISO string is exact, and cheaper to send than what pg makes of a Date (local time with an offset). */
function toDb(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'datetime') return (value as Date).toISOString();
  return typeof value === 'bigint' ? value.toString() : value;
}
const text = (value: string): string => value;

/**
 * Type parsers for Strata's own queries only (the global pg.types are left alone): int8 as bigint, dates
 * and numerics as their exact text.
 */
let pgTypes: typeof PgTypes | undefined;
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.INT8) return (value: string) => BigInt(value);
    if (oid === OID.DATE || oid === OID.NUMERIC) return text;
    // pg is loaded by the time a query has results to parse; requiring it here keeps it out of start-up.
    pgTypes ??= (require('pg') as { types: typeof PgTypes }).types;
    return pgTypes.getTypeParser(oid, format);
  },
};

interface PgConnection {
  query(config: { text: string; values: unknown[]; types: typeof TYPES; rowMode?: 'array' }): Promise<{ rows: Row[]; rowCount: number | null }>;
}

export const postgresRuntime: RuntimeDriver = {
  placeholder: (position) => `$${position}`,
  selectColumn: (name, _type, qualifier) => (qualifier ? `${qualifier}.${quoteIdentifier(name)}` : quoteIdentifier(name)),
  positionalRows: true,
  async run(connection, sql, params, _returnsRows, positional) {
    const result = await (connection as PgConnection).query({ text: sql, values: params as unknown[], types: TYPES, ...(positional ? { rowMode: 'array' as const } : {}) });
    return { rows: result.rows, count: result.rowCount ?? result.rows.length };
  },
  toDb,
  // pg sends a JavaScript array as an array literal, which takes the type of the column it is compared with.
  listParameter: (_type, values) => values,
  // LIKE has no operator for uuid and enum types: their text is matched. Backslash is LIKE's escape by default.
  match: (reference, type, pattern, caseInsensitive, add) =>
    `${type === 'uuid' || type === 'enum' ? `${reference}::text` : reference} ${caseInsensitive ? 'ILIKE' : 'LIKE'} ${add(likeText(pattern))}`,
  // Compared as jsonb, so 5 equals 5.0 and a string never equals a number; a json column is read as jsonb.
  jsonEquals: (reference, path, value, add) => `(${reference})::jsonb #> ${add(path.map(String))} = ${add(JSON.stringify(value))}::jsonb`,
  inList: (reference, marker, _type, negated) => (negated ? `${reference} <> ALL(${marker})` : `${reference} = ANY(${marker})`),
  // With the parsers above, pg returns every type as documented (numerics already padded to their scale).
  decoder: () => undefined,
  limit: (limit, offset) => `${limit !== undefined ? ` LIMIT ${limit}` : ''}${offset ? ` OFFSET ${offset}` : ''}`,
  rowSet: jsonRowSet,
  streaming: { kind: 'cursor', cursor: pgCursor },
  violation(error) {
    const e = error as { code?: string; table?: string; column?: string; constraint?: string; detail?: string };
    const columns = (): string[] | undefined => {
      const m = /^Key \((.+?)\)=/.exec(e.detail ?? '');
      return m ? m[1]!.split(',').map((c) => c.trim().replace(/^"|"$/g, '')) : undefined;
    };
    const make = (kind: Violation['kind'], cols: string[] | undefined): Violation => ({ kind, table: e.table, columns: cols, constraint: e.constraint, detail: e.detail });
    switch (e.code) {
      case '23505': return make('unique', columns());
      case '23503': return { ...make('foreignKey', columns()), referenced: /is still referenced/.test(e.detail ?? '') };
      case '23502': return make('notNull', e.column ? [e.column] : undefined);
      default: return undefined;
    }
  },
};
