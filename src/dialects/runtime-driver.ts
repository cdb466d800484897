import type { Pattern } from './pattern';
import type { ColumnType } from '../schema/model';

/** A constraint violation, as the engine reported it. */
export interface Violation {
  readonly kind: 'unique' | 'foreignKey' | 'notNull';
  readonly table?: string;
  readonly columns?: readonly string[];
  readonly constraint?: string;
  /** For a unique violation: the key is the table's primary key, which the engine does not name (MariaDB's `PRIMARY`). */
  readonly primaryKey?: boolean;
  /** The engine's own explanation, with the values involved where it gives them. */
  readonly detail?: string;
  /**
   * For a foreign key: true when the row written is still referenced by another (a delete, a changed key),
   * false when it references a row that does not exist; undefined when the engine does not say.
   */
  readonly referenced?: boolean;
}

export type Row = Record<string, unknown>;

/** What a statement returned: its rows, how many rows it changed or returned, and where the server says, what it did. */
export interface RunResult {
  rows: Row[];
  count: number;
  /**
   * The command the server reports having run, where it reports one (PostgreSQL): a COMMIT of a transaction that
   * a failed statement aborted reports ROLLBACK.
   */
  command?: string;
}

/** The runtime's view of an engine: how to run SQL on a connection and how values cross the boundary. */
export interface RuntimeDriver {
  /**
   * The bind-parameter marker for the 1-based position: the parameter is the next in order, and the marker may be
   * anonymous (`?`), so shared code binds a value again for each use.
   */
  placeholder(position: number): string;
  /** The select-list entry reading a column back exactly (`qualifier` is a table alias). */
  selectColumn(name: string, type: ColumnType, qualifier?: string): string;
  /**
   * Runs one statement on a connection obtained from knex's client. With `positional`, a driver that can
   * returns each row as an array of values in select-list order (see `positionalRows`).
   */
  run(connection: unknown, sql: string, params: readonly unknown[], returnsRows: boolean, positional?: boolean): Promise<RunResult>;
  /**
   * As `run`, to the statement's end on the calling thread: returns the result or throws the error. Present where
   * the driver itself is synchronous (better-sqlite3, node:sqlite), so that the runtime spends no promise on a
   * statement that has nothing to wait for.
   */
  runNow?(connection: unknown, sql: string, params: readonly unknown[], returnsRows: boolean, positional?: boolean): RunResult;
  /**
   * Runs one statement, prepared once, for each list of values in turn on the calling thread, all or none: in a
   * transaction, or a savepoint inside the one open on the connection; the rows of every run, in order. Present
   * with `runNow` where that costs less than one statement of many rows, which SQLite parses anew each time:
   * insertMany then inserts rows that way. With `keep` false, the statement is prepared for this call alone and not
   * kept for the next (its text holds this call's values: see `stampLiteral`).
   */
  runEach?(connection: unknown, sql: string, paramLists: readonly (readonly unknown[])[], returnsRows: boolean, positional?: boolean, keep?: boolean): RunResult;
  /**
   * The time of a statement, as `toDb` encodes a datetime, written as a SQL literal; undefined for a value it does
   * not recognize. Where present, the rows of a large `runEach` insert carry their timestamps in the statement's
   * text, prepared for that call, instead of binding them again for every row.
   */
  stampLiteral?(value: unknown): string | undefined;
  /** Rows can come back as arrays, which costs less than an object per row: hydrators then read by position. */
  readonly positionalRows: boolean;
  /**
   * A value as a bind parameter for a column of `type`. The value is already checked and canonical (see
   * runtime/value-check.ts): a Date for datetime, a bigint for bigint, JSON text for json, strings for
   * decimal, date and time, a boolean for boolean; or null.
   */
  toDb(type: ColumnType, value: unknown): unknown;
  /**
   * The one bind parameter holding a list of encoded values (from `toDb`) for `inList`: a list of any length
   * is one parameter, so no parameter limit applies and the statement's text does not depend on its length.
   */
  listParameter(type: ColumnType, values: readonly unknown[]): unknown;
  /**
   * `reference` matches a text pattern, case-sensitively or not, as exactly as the engine allows; `add` binds a
   * value and returns its marker.
   */
  match(reference: string, type: ColumnType, pattern: Pattern, caseInsensitive: boolean, add: (value: unknown) => string): string;
  /** The scalar at `path` inside a json column equals `value` (null: a JSON null there). */
  jsonEquals(reference: string, path: readonly (string | number)[], value: string | number | boolean | null, add: (value: unknown) => string): string;
  /** `reference IN list` (`NOT IN` when negated), the list read from the parameter at `marker`. */
  inList(reference: string, marker: string, type: ColumnType, negated: boolean): string;
  /**
   * The conversion of a column's non-null values to the documented JavaScript type, or undefined when the
   * driver already returns that type: entities' hydrators call it only where it is needed.
   */
  decoder(type: ColumnType, scale?: number): ((value: unknown) => unknown) | undefined;
  /** ` LIMIT …` / ` OFFSET …` for validated counts (empty when both are undefined). */
  limit(limit: number | undefined, offset: number | undefined): string;
  /** Recognizes a constraint violation in a driver error. */
  violation(error: unknown): Violation | undefined;
  /** The table a driver error says does not exist (a query on a table no migration has created yet), if it says so. */
  missingTable(error: unknown): string | undefined;
  /**
   * Characters of encoded values past which a multi-row INSERT's VALUES list goes on in another statement, where the
   * server refuses statements past a size (MariaDB's max_allowed_packet, 16 MB by default); a row alone may exceed it.
   */
  readonly maxStatementChars?: number;
  /** Where the engine reads many rows faster from one parameter than from a VALUES list: how. */
  readonly rowSet?: RowSet;
  /** How `repository.stream` reads a query's rows a batch at a time on this engine. */
  readonly streaming: Streaming;
  /**
   * Runs a raw statement (`orm.sql`) and returns its rows as objects keyed by result column name, each value
   * decoded by its result column's type where the engine reports one; the values of the columns named in `raw`
   * come as the engine sends them (PostgreSQL: text), for {@link rawDecoder}.
   */
  query(connection: unknown, sql: string, params: readonly unknown[], raw: ReadonlySet<string>): Promise<Row[]>;
  /**
   * The conversion of a value that `query` returned raw (for a column the caller declared to be of `type`) to
   * that type's documented JavaScript value; it throws when the value cannot be one.
   */
  rawDecoder(type: ColumnType, scale?: number): (value: unknown) => unknown;

  // Writes (upsert, locks, transactions)

  /**
   * What follows `INSERT INTO <table>` to insert one row of nothing but default values: `DEFAULT VALUES`
   * (PostgreSQL, SQLite), `() VALUES ()` (MariaDB/MySQL).
   */
  readonly insertDefaults: string;

  /**
   * The clause appended to an INSERT that makes it an upsert: on a conflict over the `target` columns, set the
   * `update` columns to the values the row would have inserted, and make the assignments `also` (written SQL, such
   * as a version's `"version" = "t"."version" + 1`); nothing when `update` is empty. Names are quoted.
   */
  onConflict(target: readonly string[], update: readonly string[], also?: readonly string[]): string;
  /**
   * True where an upsert that updates nothing (`update: []`) still returns the conflicting rows with the inserted
   * ones (MariaDB: RETURNING after ON DUPLICATE KEY UPDATE returns every row of the INSERT). The runtime then reads
   * and locks the keys of the rows the target matches before inserting, and leaves those rows out.
   */
  readonly upsertReturnsIgnored?: boolean;
  /**
   * The statement that gives the transaction just begun this isolation level, run as its first statement; none
   * where every transaction already has it or stronger (SQLite's are serializable).
   */
  isolation(level: IsolationLevel): string | undefined;
  /**
   * True where the `isolation` statement is sent just before BEGIN instead (MariaDB/MySQL: `SET TRANSACTION`
   * without SESSION sets the next transaction's level, and is refused inside a transaction).
   */
  readonly isolationBeforeBegin?: boolean;
  /** True for an error that trying the whole transaction again may cure: a serialization failure, a deadlock, a busy database. */
  retryable(error: unknown): boolean;
  /**
   * The clause that locks the rows a SELECT reads until the transaction ends, appended after its LIMIT: `wait` for
   * locked rows, skip them, or fail; '' where the engine locks the whole database instead (SQLite).
   */
  lockClause(lock: 'update' | 'share', wait: 'wait' | 'skipLocked' | 'noWait'): string;
  /**
   * Rolls back a transaction that a failed one left open on the connection, where the engine can leave one: SQLite
   * keeps the transaction of a COMMIT that failed with SQLITE_BUSY, and knex gives the connection back as it is,
   * so every later BEGIN on it would fail. Absent where a failed transaction always ends.
   */
  endOpenTransaction?(connection: unknown): Promise<void>;

  // Reads (aggregates, distinct)

  /**
   * A computed select-list expression (an aggregate, a grouped column) of `type`, read so that `rawDecoder` gets
   * every digit of it: on SQLite a bigint as text, which the driver would otherwise round to a double.
   */
  exactValue(expression: string, type: ColumnType): string;

  /**
   * The SUM or AVG of a decimal column (`reference`), as exact as the engine can make it: on SQLite, which adds in
   * floating point, kept to 15 significant digits, so that `having: { sum: { price: '0.30' } }` finds 0.1 + 0.2;
   * on MariaDB/MySQL, whose AVG keeps 4 digits past the scale, an average of 30 decimals.
   */
  decimalAggregate(fn: 'sum' | 'avg', reference: string, precision: number | undefined, scale: number | undefined): string;
  /**
   * The bound parameter at `marker`, which holds decimal text, as a number that compares exactly with a numeric
   * aggregate (`CAST(? AS NUMERIC)`): bound text alone would compare as text (SQLite) or as a double (MariaDB).
   */
  numericParameter(marker: string): string;
  /** `SELECT DISTINCT ON (…)` keeps the first row of each group of equal values (PostgreSQL). */
  readonly distinctOn: boolean;
}

/** A transaction's isolation level, as the SQL standard names it. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/**
 * `cursor`: batches are fetched from a server-side cursor, which reads the rows as they were when it was
 * opened, in the query's order; a cursor lives on one connection, so outside a transaction `stream` opens
 * one around it. `keyset`: each batch is a query of its own that starts after the last row of the batch
 * before (by the sort keys, the primary key last), so nothing is held between batches.
 */
export type Streaming = { readonly kind: 'cursor'; readonly cursor: CursorStatements } | KeysetStreaming;

export interface KeysetStreaming {
  readonly kind: 'keyset';
  /** NULL sorts before every value in an ascending order (and after them in a descending one). */
  readonly nullsFirst: boolean;
  /**
   * The select-list expression reading a sort key's value so that, bound back as a parameter, it compares
   * equal to the stored value: the next batch then starts exactly after the last row, whatever form the
   * value is stored in.
   */
  keyColumn(reference: string, type: ColumnType): string;
}

/** The statements of a server-side cursor; `name` is an identifier, already quoted. */
export interface CursorStatements {
  /** Opens the cursor over `query`, whose parameters it takes. */
  declare(name: string, query: string): string;
  /** Reads the next `rows` rows. */
  fetch(name: string, rows: number): string;
  close(name: string): string;
}

/**
 * The rows of a multi-row insert sent as one bind parameter, instead of one parameter per value: the server (or
 * the driver) reads one value instead of thousands, and no parameter limit splits the rows into several statements.
 */
export interface RowSet {
  /** Rows per statement. */
  readonly maxRows: number;
  /** Characters of encoded values per statement, past which the rows go in another statement. */
  readonly maxChars: number;
  /**
   * What follows `INSERT INTO <table> (<column list>)` to insert the rows: the column list names the `shared`
   * values first (the same in every row: timestamps, encoded), then `columns`; `values` holds each row's encoded
   * values of `columns`, row after row. `add` binds a parameter and gives its marker.
   */
  rows(table: string, shared: readonly RowSetShared[], columns: readonly RowSetColumn[], values: readonly unknown[], add: (value: unknown) => string): string;
}

/** A value every row of a row set holds (the time of the statement, in a timestamp column), and its column's type. */
export interface RowSetShared {
  readonly value: unknown;
  readonly type: ColumnType;
}

/** A column of a row set's rows. */
export interface RowSetColumn {
  readonly name: string;
  readonly quoted: string;
  readonly type: ColumnType;
}
