import type { ColumnType } from '../../schema/model';
import { onConflictClause } from '../common/on-conflict';
import { quoteIdentifier } from '../common/sql-text';
import { commonDecoder } from '../common/values';
import { likeText, type Pattern } from '../pattern';
import type { RuntimeDriver, Violation } from '../runtime-driver';
import { sqliteErrorCode } from './errors';
import { sqliteRawDecoder } from './raw-query';
import { runStatement, type SqliteConnection } from './statement-cache';
import { runEach, runNow, runSync, type SyncConnection } from './sync-statements';

/**
 * SQLite keeps datetimes as UTC text 'YYYY-MM-DD HH:MM:SS', with '.SSS' when the milliseconds are not zero:
 * exactly what its own CURRENT_TIMESTAMP writes for a whole second, so that a column's default and the values
 * Strata writes are one form. Equal instants then have equal text, and text order is time order ('…:05' sorts
 * before '…:05.001').
 */
export function sqliteDatetime(date: Date): string {
  // Writes in a loop stamp the same millisecond many times: the last one's text is kept.
  const time = date.getTime();
  if (time === lastWrittenTime) return lastWrittenText;
  const iso = date.toISOString();
  lastWrittenText = `${iso.slice(0, 10)} ${iso.slice(11, iso.endsWith('.000Z') ? 19 : 23)}`;
  lastWrittenTime = time;
  return lastWrittenText;
}

let lastWrittenTime = Number.NaN;
let lastWrittenText = '';

/** The text sqliteDatetime writes: nothing in it needs quoting. */
const STORED_DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{3})?$/;

let lastText = '';
let lastTime = 0;

function parseDatetime(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  // Rows written together share their timestamps: remember the last one parsed (a new Date each time).
  if (text === lastText) return new Date(lastTime);
  const date = parseText(text);
  lastText = text;
  lastTime = date.getTime();
  return date;
}

function parseText(text: string): Date {
  // The stored form ('2024-01-02 03:04:05' or with '.678'), read digit by digit, without substrings or regular
  // expressions: it is hot (twice a row for the usual timestamps). A character that is not a digit makes NaN.
  if ((text.length === 19 || text.length === 23) && text.charCodeAt(10) === 32) {
    return new Date(Date.UTC(digits(text, 0, 4), digits(text, 5, 7) - 1, digits(text, 8, 10), digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19), text.length === 23 ? digits(text, 20, 23) : 0));
  }
  const iso = text.replace(' ', 'T');
  return new Date(/Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}

/** The number written by the digits from `start` to `end`, or NaN. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

const SQLITE_NATIVE = ['string', 'text', 'integer', 'float', 'double', 'date', 'time', 'uuid', 'enum'] as const;

function toDb(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
      return value ? 1 : 0;
    // The sqlite3 driver binds a BigInt as NULL; text of digits is converted by the column's INTEGER affinity.
    case 'bigint':
      return value.toString();
    default:
      return type === 'datetime' ? sqliteDatetime(value as Date) : value;
  }
}

/**
 * Encoded values as one JSON array, for `json_each`: numbers and bigints as JSON numbers (±Infinity as the
 * out-of-range 9e999, which SQLite's JSON reads as infinity), bytes as hex for `unhex`, text as strings.
 */
function listParameter(type: ColumnType, values: readonly unknown[]): string {
  const items = values.map((value) => {
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? '9e999' : '-9e999';
    if (type === 'bigint') return String(value);
    if (ArrayBuffer.isView(value)) return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}"`;
    return JSON.stringify(value);
  });
  return `[${items.join(',')}]`;
}

/**
 * SQLite's LIKE ignores case for ASCII letters only, and cannot be made to respect it per query: a
 * case-sensitive match is a GLOB (whose wildcards are `*` and `?`, and whose literal `*`, `?` and `[` are
 * written as one-character classes); a case-insensitive one is LIKE, which folds A–Z only (SQLite without ICU
 * knows no other letters' cases).
 */
function match(reference: string, _type: ColumnType, pattern: Pattern, caseInsensitive: boolean, add: (value: unknown) => string): string {
  if (caseInsensitive) return `${reference} LIKE ${add(likeText(pattern))} ESCAPE '\\'`;
  const glob = pattern.map((p) => ('literal' in p ? p.literal.replace(/[*?[]/g, (c) => `[${c}]`) : p.wildcard === 'any' ? '*' : '?')).join('');
  return `${reference} GLOB ${add(glob)}`;
}

/**
 * json_extract gives SQL values (a JSON true as 1), so the JSON type is compared too: a string never equals
 * a number, nor true the number 1.
 */
function jsonEquals(reference: string, path: readonly (string | number)[], value: string | number | boolean | null, add: (value: unknown) => string): string {
  const jsonPath = `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${JSON.stringify(p)}`)).join('')}`;
  if (value === null || typeof value === 'boolean') return `json_type(${reference}, ${add(jsonPath)}) = '${String(value)}'`;
  const types = typeof value === 'string' ? `'text'` : `'integer', 'real'`;
  return `(json_type(${reference}, ${add(jsonPath)}) IN (${types}) AND json_extract(${reference}, ${add(jsonPath)}) = ${add(value)})`;
}

export const sqliteRuntime: RuntimeDriver = {
  // Anonymous markers take the next number; a reused one is numbered, and must come before them in the text.
  placeholder: () => '?',
  selectColumn(name, type, qualifier) {
    const column = qualifier ? `${qualifier}.${quoteIdentifier(name)}` : quoteIdentifier(name);
    // The driver reads integers as JavaScript numbers: text keeps every digit of a bigint. A decimal is stored
    // as an integer or a float; a float's text would show its binary noise past the 15 digits it holds exactly
    // (0.1 as 0.10000000000000001), so it is printed with those 15.
    if (type === 'bigint') return `CAST(${column} AS TEXT) AS ${quoteIdentifier(name)}`;
    if (type === 'decimal') return `CASE typeof(${column}) WHEN 'real' THEN printf('%.15g', ${column}) ELSE CAST(${column} AS TEXT) END AS ${quoteIdentifier(name)}`;
    return column;
  },
  positionalRows: false,
  run: (connection, sql, params, returnsRows) => runStatement(connection as SqliteConnection, sql, params as unknown[], returnsRows),
  toDb,
  listParameter,
  match,
  jsonEquals,
  inList: (reference, marker, type, negated) =>
    `${reference} ${negated ? 'NOT IN' : 'IN'} (SELECT ${type === 'binary' ? 'unhex(value)' : 'value'} FROM json_each(${marker}))`,
  decoder: (type, scale) => (type === 'datetime' ? parseDatetime : commonDecoder(type, scale, SQLITE_NATIVE)),
  // Keyset batches: the connection is free between them, for the queries of the loop's body (there is only one).
  // Keys are read raw, but for bigints, which the driver would round: their text compares as the integer.
  streaming: { kind: 'keyset', nullsFirst: true, keyColumn: (reference, type) => (type === 'bigint' ? `CAST(${reference} AS TEXT)` : reference) },
  // SQLite reports no column types through the driver: values come as stored, and declared types decode them.
  query: async (connection, sql, params) => (await runStatement(connection as SqliteConnection, sql, params as unknown[], true)).rows,
  rawDecoder: (type, scale) => sqliteRawDecoder(type, scale, parseDatetime),
  exactValue: (expression, type) => (type === 'bigint' ? `CAST(${expression} AS TEXT)` : expression),
  // In floating point, 0.1 + 0.2 is 0.30000000000000004: kept to the 15 significant digits Strata reads decimals with
  // (printf's %.15g), so that having compares what the result shows. printf gives '0' for NULL, hence the CASE.
  decimalAggregate: (fn, reference) => {
    const aggregate = `${fn.toUpperCase()}(${reference})`;
    return `CASE WHEN ${aggregate} IS NULL THEN NULL ELSE CAST(printf('%.15g', ${aggregate}) AS REAL) END`;
  },
  numericParameter: (marker) => `CAST(${marker} AS NUMERIC)`,
  distinctOn: false,
  // SQLite takes OFFSET only after a LIMIT; -1 means none.
  limit: (limit, offset) => (limit === undefined && !offset ? '' : ` LIMIT ${limit ?? -1}${offset ? ` OFFSET ${offset}` : ''}`),
  insertDefaults: 'DEFAULT VALUES',
  onConflict: onConflictClause,
  // A transaction is serializable: one writer at a time, and a reader sees the database as it was when it began.
  isolation: () => undefined,
  // SQLITE_BUSY: another connection holds the lock, and waiting for it (busy_timeout) would deadlock or timed out.
  retryable: (error) => /^SQLITE_BUSY/.test((error as { code?: string } | null)?.code ?? ''),
  // SQLite has no row locks: a transaction that writes holds the database's one write lock until it ends, and
  // the pool's one connection runs one transaction at a time.
  lockClause: () => '',
  async endOpenTransaction(connection) {
    try {
      await runStatement(connection as SqliteConnection, 'ROLLBACK', [], false);
    } catch (error) {
      if (!/no transaction is active/.test((error as Error)?.message ?? '')) throw error;
    }
  },
  missingTable(error) {
    return sqliteErrorCode(error) === 'SQLITE_ERROR' ? /^(?:SQLITE_ERROR: )?no such table: (?:\w+\.)?(\S+)/.exec((error as Error)?.message ?? '')?.[1] : undefined;
  },
  violation(error) {
    const e = error as { message?: string };
    if (sqliteErrorCode(error) !== 'SQLITE_CONSTRAINT') return undefined;
    const message = e.message ?? '';
    const m = /(UNIQUE|NOT NULL) constraint failed: (.+)$/.exec(message);
    if (m) {
      const qualified = m[2]!.split(',').map((c) => c.trim());
      const table = qualified[0]!.split('.')[0];
      const kind: Violation['kind'] = m[1] === 'UNIQUE' ? 'unique' : 'notNull';
      return { kind, table, columns: qualified.map((c) => c.split('.').slice(1).join('.')), detail: message };
    }
    if (/FOREIGN KEY constraint failed/.test(message)) return { kind: 'foreignKey', detail: message };
    return undefined;
  },
};

/**
 * The runtime on better-sqlite3 and node:sqlite: statements run synchronously (see sync-statements.ts), rows
 * come as arrays where the driver can return them so (`positionalRows`, asked once the driver is loaded).
 */
export function syncSqliteRuntime(positionalRows: () => boolean): RuntimeDriver {
  let positional: boolean | undefined;
  return {
    ...sqliteRuntime,
    get positionalRows() {
      return (positional ??= positionalRows());
    },
    run: (connection, sql, params, returnsRows, positional) => runSync(connection as SyncConnection, sql, params as unknown[], returnsRows, positional),
    runNow: (connection, sql, params, returnsRows, positional) => runNow(connection as SyncConnection, sql, params as unknown[], returnsRows, positional),
    runEach: (connection, sql, paramLists, returnsRows, positional, keep) => runEach(connection as SyncConnection, sql, paramLists as unknown[][], returnsRows, positional, keep),
    // Binding two timestamps in each of 10,000 rows cost 2.6 ms more than a statement with them as text.
    stampLiteral: (value) => (typeof value === 'string' && STORED_DATETIME.test(value) ? `'${value}'` : undefined),
    query: async (connection, sql, params) => (await runSync(connection as SyncConnection, sql, params as unknown[], true)).rows,
    // better-sqlite3 says so with inTransaction, node:sqlite with isTransaction.
    async endOpenTransaction(connection) {
      const db = connection as { inTransaction?: boolean; isTransaction?: boolean; exec(sql: string): unknown };
      if (db.inTransaction ?? db.isTransaction) db.exec('ROLLBACK');
    },
  };
}
