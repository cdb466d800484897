import type { ColumnType } from '../../schema/model';
import { assertNever } from '../../util/assert-never';
import { quoteIdentifier as q } from '../common/sql-text';
import { commonDecoder, commonFromDb, decimalText } from '../common/values';
import { likeText } from '../pattern';
import type { Row, RunResult, RuntimeDriver, Violation } from '../runtime-driver';

/** What mysql2 hands back for a statement that returns no rows. */
interface ResultHeader {
  readonly affectedRows: number;
  readonly insertId: number | string;
}

/** The part of a mysql2 connection (callback API, as knex holds it) the runtime uses. */
export interface MysqlConnection {
  query(
    options: { sql: string; rowsAsArray?: boolean },
    values: readonly unknown[],
    callback: (error: Error | null, result: Row[] | unknown[][] | ResultHeader) => void,
  ): void;
}

function send(connection: unknown, sql: string, params: readonly unknown[], rowsAsArray: boolean): Promise<{ result: Row[] | unknown[][] | ResultHeader }> {
  return new Promise((resolve, reject) => {
    (connection as MysqlConnection).query({ sql, rowsAsArray }, params, (error, result) => (error ? reject(error) : resolve({ result })));
  });
}

/**
 * A Date, a bigint and a Buffer reach mysql2 as values it writes exactly (a Date in UTC: the pool's time zone is Z;
 * a bigint as a number literal, which arithmetic keeps exact, where text would be converted to a double).
 */
function toDb(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value ? 1 : 0;
  return value;
}

/** `$."a"[0]`: a JSON path naming each key and index. */
function jsonPath(path: readonly (string | number)[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `."${p.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join('')}`;
}

/** MariaDB's MAX(BIGINT UNSIGNED): an OFFSET needs a LIMIT before it. */
const NO_LIMIT = '18446744073709551615';

export const mysqlRuntime: RuntimeDriver = {
  placeholder: () => '?',
  selectColumn: (name, _type, qualifier) => (qualifier ? `${qualifier}.${q(name)}` : q(name)),
  positionalRows: true,
  async run(connection, sql, params, returnsRows, positional): Promise<RunResult> {
    const { result } = await send(connection, sql, params, Boolean(returnsRows && positional));
    if (Array.isArray(result)) return { rows: result as Row[], count: result.length };
    return { rows: [], count: (result as ResultHeader).affectedRows };
  },
  toDb,
  // mysql2 writes an array as a comma-separated list of its values: `IN (?)` takes a list of any length.
  listParameter: (_type, values) => values,
  match: (reference, _type, pattern, caseInsensitive, add) =>
    caseInsensitive
      ? `LOWER(${reference}) LIKE LOWER(${add(likeText(pattern))})`
      : `CAST(${reference} AS BINARY) LIKE CAST(${add(likeText(pattern))} AS BINARY)`,
  // Compared as JSON values (MariaDB 10.7+): 5 equals 5.0, and a string never equals a number.
  jsonEquals: (reference, path, value, add) => `JSON_EQUALS(JSON_EXTRACT(${reference}, ${add(jsonPath(path))}), ${add(JSON.stringify(value))})`,
  inList: (reference, marker, _type, negated) => `${reference} ${negated ? 'NOT IN' : 'IN'} (${marker})`,
  // mysql2 returns integers and floats as numbers, BIGINT and DECIMAL as exact text, DATETIME as a Date and DATE as text.
  decoder: (type, scale) => commonDecoder(type, scale, ['string', 'text', 'uuid', 'enum', 'date', 'time', 'datetime', 'integer', 'float', 'double', 'binary']),
  limit: (limit, offset) => {
    if (limit === undefined && !offset) return '';
    return ` LIMIT ${limit ?? NO_LIMIT}${offset ? ` OFFSET ${offset}` : ''}`;
  },
  streaming: { kind: 'keyset', nullsFirst: true, keyColumn: (reference) => reference },
  // mysql2 converts every value by its result column's type already, raw ones included; rawDecoder takes them as they come.
  async query(connection, sql, params) {
    const { result } = await send(connection, sql, params, false);
    return Array.isArray(result) ? (result as Row[]) : [];
  },
  rawDecoder: mysqlRawDecoder,
  onConflict: (_target, update, also = []) => {
    const sets = [...update.map((c) => `${q(c)} = VALUES(${q(c)})`), ...also];
    return sets.length ? ` ON DUPLICATE KEY UPDATE ${sets.join(', ')}` : '';
  },
  // Set before the transaction starts: MariaDB/MySQL refuse to change it inside one.
  isolation: (level) => `SET TRANSACTION ISOLATION LEVEL ${level.toUpperCase()}`,
  // ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT.
  retryable: (error) => [1213, 1205].includes((error as { errno?: number } | null)?.errno ?? 0),
  lockClause: (lock, wait) => `${lock === 'update' ? ' FOR UPDATE' : ' LOCK IN SHARE MODE'}${wait === 'skipLocked' ? ' SKIP LOCKED' : wait === 'noWait' ? ' NOWAIT' : ''}`,
  exactValue: (expression, type) => (type === 'bigint' || type === 'decimal' ? `CAST(${expression} AS CHAR)` : expression),
  distinctOn: false,
  violation: mysqlViolation,
};

/** The table and constraint a foreign key error names: ``(`db`.`posts`, CONSTRAINT `posts_user_id_foreign` FOREIGN KEY (`user_id`) …``. */
const FOREIGN_KEY = /\(`[^`]*`\.`((?:[^`]|``)+)`, CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY \(([^)]*)\)/;

function mysqlViolation(error: unknown): Violation | undefined {
  const e = error as { errno?: number; sqlMessage?: string; message?: string };
  const message = e.sqlMessage ?? e.message ?? '';
  switch (e.errno) {
    case 1062: {
      // `Duplicate entry 'a@b' for key 'users_email_unique'` (MySQL 8 writes `users.users_email_unique`).
      const key = /for key '(?:[^'.]*\.)?([^']*)'$/.exec(message)?.[1];
      return { kind: 'unique', constraint: key, detail: message };
    }
    case 1451:
    case 1452: {
      const m = FOREIGN_KEY.exec(message);
      return {
        kind: 'foreignKey',
        table: m?.[1]?.replace(/``/g, '`'),
        constraint: m?.[2]?.replace(/``/g, '`'),
        columns: m?.[3]?.split(',').map((c) => c.trim().replace(/^`|`$/g, '')),
        detail: message,
        referenced: e.errno === 1451,
      };
    }
    case 1048:
    case 1364: {
      const column = /^(?:Column|Field) '([^']*)'/.exec(message)?.[1];
      return { kind: 'notNull', columns: column ? [column] : undefined, detail: message };
    }
    default:
      return undefined;
  }
}

/** A declared type's value from what mysql2 returns for a value of any type. */
function mysqlRawDecoder(type: ColumnType, scale?: number): (value: unknown) => unknown {
  switch (type) {
    case 'string':
    case 'text':
    case 'uuid':
    case 'enum':
    case 'date':
    case 'time':
      return (value) => (Buffer.isBuffer(value) ? value.toString('utf8') : value instanceof Date ? value.toISOString().slice(0, 10) : String(value));
    case 'integer':
    case 'float':
    case 'double':
      return (value) => {
        const n = commonFromDb(type, value) as number;
        if (Number.isNaN(n)) throw new Error('not a number');
        return n;
      };
    case 'bigint':
      return (value) => {
        if (typeof value === 'number' && !Number.isInteger(value)) throw new Error('not a whole number');
        return commonFromDb(type, value);
      };
    case 'decimal':
      return (value) => decimalText(String(value), scale);
    case 'boolean':
      return (value) => {
        if (value === 1 || value === 0 || value === '1' || value === '0') return Number(value) === 1;
        throw new Error('not a boolean');
      };
    case 'datetime':
      return (value) => {
        const date = value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(String(value)) ? '' : 'Z'}`);
        if (Number.isNaN(date.getTime())) throw new Error('not a date and time');
        return date;
      };
    case 'json':
      return (value) => (typeof value === 'string' ? JSON.parse(value) : Buffer.isBuffer(value) ? JSON.parse(value.toString('utf8')) : value);
    case 'binary':
      return (value) => commonFromDb(type, value);
    default:
      return assertNever(type, 'column type');
  }
}
