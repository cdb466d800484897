import type { ColumnType } from '../../schema/model';
import { assertNever } from '../../util/assert-never';
import { quoteIdentifier as q } from '../common/sql-text';
import { commonDecoder, commonFromDb, decimalText, rawBigint, rawNumber } from '../common/values';
import { likeText, type Pattern } from '../pattern';
import type { Row, RunResult, RuntimeDriver, Violation } from '../runtime-driver';
import { listRowSet } from './row-set';

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
    callback: (error: Error | null, result: Row[] | unknown[][] | ResultHeader, fields?: ResultField[]) => void,
  ): void;
}

/** What mysql2 says of a result column: its protocol type, and MariaDB's extended format (`json`). */
interface ResultField {
  readonly name: string;
  readonly columnType: number;
  readonly extendedFormat?: string;
}

/** The protocol's BIGINT (MYSQL_TYPE_LONGLONG). */
const LONGLONG = 8;

function send(connection: unknown, sql: string, params: readonly unknown[], rowsAsArray: boolean): Promise<{ result: Row[] | unknown[][] | ResultHeader; fields?: ResultField[] }> {
  return new Promise((resolve, reject) => {
    (connection as MysqlConnection).query({ sql, rowsAsArray }, params, (error, result, fields) => (error ? reject(error) : resolve({ result, fields })));
  });
}

/**
 * `orm.sql`'s rows, decoded by result column type as on PostgreSQL: mysql2 already converts most types (BIGINT and
 * DECIMAL to exact text, DATETIME to a Date); a BIGINT is made a bigint and a JSON column (MariaDB's extended
 * metadata) parsed. The columns in `raw` stay as mysql2 gives them, for rawDecoder.
 */
async function query(connection: unknown, sql: string, params: readonly unknown[], raw: ReadonlySet<string>): Promise<Row[]> {
  const { result, fields } = await send(connection, sql, params, false);
  if (!Array.isArray(result)) return [];
  const rows = result as Row[];
  for (const field of fields ?? []) {
    if (raw.has(field.name)) continue;
    const decode = field.columnType === LONGLONG ? BigInt : field.extendedFormat === 'json' ? (text: string) => JSON.parse(text) as unknown : undefined;
    if (!decode) continue;
    for (const row of rows) {
      const value = row[field.name];
      if (typeof value === 'string' || typeof value === 'number') row[field.name] = decode(value as string);
    }
  }
  return rows;
}

/**
 * A bigint and a Buffer reach mysql2 as values it writes exactly (a bigint as a number literal, which arithmetic keeps
 * exact, where text would be converted to a double); a Date as its UTC text.
 */
function toDb(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value ? 1 : 0;
  if (type === 'datetime') return datetimeText(value as Date);
  return value;
}

let lastTime = NaN;
let lastText = '';

/**
 * A Date as the text of a DATETIME in UTC, `YYYY-MM-DD HH:MM:SS.mmm`, which the column converts exactly: mysql2
 * formats a Date anew for every value (a statement of many rows stamps the same time in each), which costs more.
 */
function datetimeText(date: Date): string {
  const time = date.getTime();
  if (time !== lastTime) {
    lastTime = time;
    lastText = date.toISOString().slice(0, 23).replace('T', ' ');
  }
  return lastText;
}

/** `$."a"[0]`: a JSON path naming each key and index. */
function jsonPath(path: readonly (string | number)[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `."${p.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join('')}`;
}

/**
 * LIKE under the column's collation would ignore case and accents (utf8mb4_general_ci, the default), and a binary
 * LIKE would take `_` for one byte: the text is compared under utf8mb4_bin, character by character, and lowered on
 * both sides to ignore case (every letter MariaDB knows the case of, as PostgreSQL's ILIKE). Backslash is LIKE's
 * escape by default.
 */
function match(reference: string, _type: ColumnType, pattern: Pattern, caseInsensitive: boolean, add: (value: unknown) => string): string {
  const text = `CONVERT(${reference} USING utf8mb4)`;
  const bound = add(likeText(pattern));
  return caseInsensitive ? `LOWER(${text}) COLLATE utf8mb4_bin LIKE LOWER(${bound})` : `${text} COLLATE utf8mb4_bin LIKE ${bound}`;
}

/**
 * The scalar at a JSON path compared with its JSON type: a string never equals a number, nor true the number 1;
 * numbers compare as numbers (5 equals 5.0) and strings exactly (bytes, not the collation's letters). JSON_EQUALS
 * would need MariaDB 10.7, and in a WHERE it takes NULL (no value at the path) for true (MariaDB 10.11).
 */
function jsonEquals(reference: string, path: readonly (string | number)[], value: string | number | boolean | null, add: (value: unknown) => string): string {
  const at = (): string => `JSON_EXTRACT(${reference}, ${add(jsonPath(path))})`;
  if (value === null) return `JSON_TYPE(${at()}) = 'NULL'`;
  // JSON_EXTRACT writes true as `true`, and a string as its quoted JSON text.
  if (typeof value === 'boolean') return `${at()} = '${String(value)}'`;
  if (typeof value === 'string') return `(JSON_TYPE(${at()}) = 'STRING' AND CAST(JSON_VALUE(${reference}, ${add(jsonPath(path))}) AS BINARY) = CAST(${add(value)} AS BINARY))`;
  return `(JSON_TYPE(${at()}) IN ('INTEGER', 'DOUBLE') AND JSON_VALUE(${reference}, ${add(jsonPath(path))}) = ${add(value)})`;
}

/**
 * `ON DUPLICATE KEY UPDATE c = VALUES(c), …`: the value the row would have inserted (MariaDB's VALUES(); MySQL 8.0.20+
 * deprecates it for a row alias, which MariaDB lacks). With nothing to update, the first target column is set to
 * itself, which changes nothing: the conflicting row is left alone, and no other error is ignored (as INSERT IGNORE
 * would). The duplicate may be on any unique key of the table, not only the target's. Names are already quoted.
 */
function onConflict(target: readonly string[], update: readonly string[], also: readonly string[] = []): string {
  const sets = [...update.map((c) => `${c} = VALUES(${c})`), ...also];
  return ` ON DUPLICATE KEY UPDATE ${sets.length ? sets.join(', ') : `${target[0]} = ${target[0]}`}`;
}

/** MariaDB's MAX(BIGINT UNSIGNED): an OFFSET needs a LIMIT before it. */
const NO_LIMIT = '18446744073709551615';

const tinyintBoolean = (value: unknown): boolean => value !== 0 && value !== '0';

/** `12.500…0` → `12.5`, `3.000…0` → `3`. */
function unsizedDecimal(value: unknown): string {
  const text = String(value);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

export const mysqlRuntime: RuntimeDriver = {
  placeholder: () => '?',
  selectColumn: (name, _type, qualifier) => (qualifier ? `${qualifier}.${q(name)}` : q(name)),
  positionalRows: true,
  // A quarter of max_allowed_packet's default: escaping can double a value's size.
  maxStatementChars: 4 * 1024 * 1024,
  rowSet: listRowSet,
  async run(connection, sql, params, returnsRows, positional): Promise<RunResult> {
    const { result } = await send(connection, sql, params, Boolean(returnsRows && positional));
    if (Array.isArray(result)) return { rows: result as Row[], count: result.length };
    return { rows: [], count: (result as ResultHeader).affectedRows };
  },
  toDb,
  // mysql2 writes an array as a comma-separated list of its values: `IN (?)` takes a list of any length.
  listParameter: (_type, values) => values,
  match,
  jsonEquals,
  inList: (reference, marker, _type, negated) => `${reference} ${negated ? 'NOT IN' : 'IN'} (${marker})`,
  // mysql2 returns integers and floats as numbers, BIGINT and DECIMAL as exact text, DATETIME as a Date and DATE as text.
  // A decimal declared without a size is decimal(65,30) here (see normalize.ts): its 30 digits after the point are
  // read without the trailing zeros, as the number was written.
  decoder: (type, scale) => (type === 'decimal' && scale === undefined ? unsizedDecimal
    // A tinyint(1) arrives as the number 0 or 1: the one test, without the general decoder's cases.
    : type === 'boolean' ? tinyintBoolean
    : commonDecoder(type, scale, ['string', 'text', 'uuid', 'enum', 'date', 'time', 'datetime', 'integer', 'float', 'double', 'binary'])),
  limit: (limit, offset) => {
    if (limit === undefined && !offset) return '';
    return ` LIMIT ${limit ?? NO_LIMIT}${offset ? ` OFFSET ${offset}` : ''}`;
  },
  streaming: { kind: 'keyset', nullsFirst: true, keyColumn: (reference) => reference },
  query,
  rawDecoder: mysqlRawDecoder,
  insertDefaults: '() VALUES ()',
  onConflict,
  upsertReturnsIgnored: true,
  // Sent before BEGIN: it sets the next transaction's level, and MariaDB/MySQL refuse it inside one.
  isolation: (level) => `SET TRANSACTION ISOLATION LEVEL ${level.toUpperCase()}`,
  isolationBeforeBegin: true,
  // ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT.
  retryable: (error) => [1213, 1205].includes((error as { errno?: number } | null)?.errno ?? 0),
  lockClause: (lock, wait) => `${lock === 'update' ? ' FOR UPDATE' : ' LOCK IN SHARE MODE'}${wait === 'skipLocked' ? ' SKIP LOCKED' : wait === 'noWait' ? ' NOWAIT' : ''}`,
  exactValue: (expression, type) => (type === 'bigint' || type === 'decimal' ? `CAST(${expression} AS CHAR)` : expression),
  // DECIMAL(65, 30) holds 35 digits before the point, as a decimal without a size does here: a column with more
  // keeps MariaDB's own average.
  decimalAggregate: (fn, reference, precision, scale = 0) =>
    (fn === 'avg' && (precision === undefined || precision - scale <= 35) ? `AVG(CAST(${reference} AS DECIMAL(65, 30)))` : `${fn.toUpperCase()}(${reference})`),
  // MariaDB's widest exact type: 35 digits before the point and 30 after.
  numericParameter: (marker) => `CAST(${marker} AS DECIMAL(65, 30))`,
  distinctOn: false,
  violation: mysqlViolation,
  missingTable(error) {
    const e = error as { errno?: number; message?: string };
    // ER_NO_SUCH_TABLE: "Table 'app.users' doesn't exist".
    return e.errno === 1146 ? /^Table '(?:[^'.]*\.)?([^']+)' doesn't exist/.exec(e.message ?? '')?.[1] : undefined;
  },
};

/** An identifier as MariaDB quotes it in a message: with backticks, or with double quotes under ANSI_QUOTES. */
const ID = '(?:`(?:[^`]|``)+`|"(?:[^"]|"")+")';

/** The table and constraint a foreign key error names: `("db"."posts", CONSTRAINT "posts_user_id_foreign" FOREIGN KEY ("user_id") …`. */
const FOREIGN_KEY = new RegExp(`\\(${ID}\\.(${ID}), CONSTRAINT (${ID}) FOREIGN KEY \\(([^)]*)\\)`);

function unquote(identifier: string): string {
  const quote = identifier[0]!;
  return identifier.slice(1, -1).split(quote + quote).join(quote);
}

function mysqlViolation(error: unknown): Violation | undefined {
  const e = error as { errno?: number; sqlMessage?: string; message?: string };
  const message = e.sqlMessage ?? e.message ?? '';
  switch (e.errno) {
    case 1062: {
      // `Duplicate entry 'a@b' for key 'users_email_unique'` (MySQL 8 writes `users.users_email_unique`); the
      // primary key is `PRIMARY`. The table and columns are found from the key's name, and the values from the rows
      // written (runtime/violations.ts): the entry joins a composite key's values with '-', which cannot be split.
      const key = /for key '(?:[^'.]*\.)?([^']*)'$/.exec(message)?.[1];
      return key === 'PRIMARY' ? { kind: 'unique', primaryKey: true } : { kind: 'unique', constraint: key };
    }
    // No values in the message: the runtime finds the missing reference among the rows written (runtime/violations.ts).
    case 1451:
    case 1452: {
      const m = FOREIGN_KEY.exec(message);
      return {
        kind: 'foreignKey',
        table: m ? unquote(m[1]!) : undefined,
        constraint: m ? unquote(m[2]!) : undefined,
        columns: m?.[3]?.split(',').map((c) => unquote(c.trim())),
        detail: e.errno === 1451 ? message : undefined,
        referenced: e.errno === 1451,
      };
    }
    // The column, not its table: the statement's table (runtime/violations.ts).
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
      return rawNumber(type);
    case 'bigint':
      return rawBigint;
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
