import type { ColumnType } from '../../schema/model';
import { onConflictClause } from '../common/on-conflict';
import { quoteIdentifier } from '../common/sql-text';
import { likeText } from '../pattern';
import type { Row, RuntimeDriver, Violation } from '../runtime-driver';
import { pgCursor } from './cursor';
import { jsonRowSet } from './row-set';
import { pgQuery, pgRawDecoder } from './raw-query';
import { type PgConnection, sendQuery } from './query';
import { TYPES } from './type-parsers';

/** An ISO string is exact, and cheaper to send than what pg makes of a Date (local time with an offset). */
function toDb(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'datetime') return (value as Date).toISOString();
  return typeof value === 'bigint' ? value.toString() : value;
}

export const postgresRuntime: RuntimeDriver = {
  placeholder: (position) => `$${position}`,
  selectColumn: (name, _type, qualifier) => (qualifier ? `${qualifier}.${quoteIdentifier(name)}` : quoteIdentifier(name)),
  positionalRows: true,
  async run(connection, sql, params, returnsRows, positional) {
    const pg = connection as PgConnection;
    const values = params as unknown[];
    // Rows that are not read need no parsers.
    const result = await sendQuery(pg, !returnsRows ? { text: sql, values } : positional ? { text: sql, values, types: TYPES, rowMode: 'array' } : { text: sql, values, types: TYPES });
    return { rows: result.rows, count: result.rowCount ?? result.rows.length, command: result.command };
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
  // With Strata's parsers (type-parsers.ts), pg returns every type as documented (numerics already padded to their scale).
  decoder: () => undefined,
  limit: (limit, offset) => `${limit !== undefined ? ` LIMIT ${limit}` : ''}${offset ? ` OFFSET ${offset}` : ''}`,
  rowSet: jsonRowSet,
  streaming: { kind: 'cursor', cursor: pgCursor },
  query: (connection, sql, params, raw) => pgQuery(connection as PgConnection, sql, params, raw),
  rawDecoder: pgRawDecoder,
  insertDefaults: 'DEFAULT VALUES',
  onConflict: onConflictClause,
  isolation: (level) => `SET TRANSACTION ISOLATION LEVEL ${level.toUpperCase()}`,
  // serialization_failure and deadlock_detected: https://www.postgresql.org/docs/current/errcodes-appendix.html
  retryable: (error) => ['40001', '40P01'].includes((error as { code?: string } | null)?.code ?? ''),
  lockClause: (lock, wait) => ` FOR ${lock === 'update' ? 'UPDATE' : 'SHARE'}${wait === 'skipLocked' ? ' SKIP LOCKED' : wait === 'noWait' ? ' NOWAIT' : ''}`,
  // Raw values are the text the server sends, every digit of it.
  exactValue: (expression) => expression,
  decimalAggregate: (fn, reference) => `${fn.toUpperCase()}(${reference})`,
  numericParameter: (marker) => `CAST(${marker} AS NUMERIC)`,
  distinctOn: true,
  missingTable(error) {
    const e = error as { code?: string; message?: string };
    // The name as the statement wrote it, schema-qualified or not: the table's own name is the last part.
    return e.code === '42P01' ? /relation "(?:[^"]*\.)?([^".]+)" does not exist/.exec(e.message ?? '')?.[1] : undefined;
  },
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
