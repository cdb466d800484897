import type { Knex } from 'knex';
import type { BuiltinDriver } from './require-driver';
import type { Change } from '../changes/change';
import type { ColumnType, Schema } from '../schema/model';
import type { Step } from '../steps/step';
import type { RuntimeDriver } from './runtime-driver';
import type { DialectName } from './index';

/** What an engine can do; shared code asks these instead of checking which engine it is. */
export interface Capabilities {
  /** DDL runs inside transactions and rolls back with them: a migration file is then one transaction. */
  readonly transactionalDdl: boolean;
  /** A foreign key may name a table that does not exist yet, so cycles need no separate step. */
  readonly forwardReferences: boolean;
  /**
   * A column in a foreign key, on either side, cannot change its type (MariaDB/MySQL refuse it): a migration drops
   * the key before the change and adds it again after.
   */
  readonly foreignKeysPinTypes: boolean;
  /** The most bound parameters one statement may carry. */
  readonly maxParameters: number;
  /**
   * How an INSERT becomes an upsert. `conflictTarget`: the statement names the key whose conflict makes the row an
   * update (`ON CONFLICT (…)`); `anyKey`: a conflict over any unique key does (`ON DUPLICATE KEY UPDATE`), so an
   * upsert refuses rows that give the columns of another key than the one it updates by, which could pick the row.
   */
  readonly upsert: 'conflictTarget' | 'anyKey';
  /**
   * A `bigint` auto-increment key keeps that type in the database. False where the auto-increment type is the one
   * integer type (an AUTOINCREMENT key must be declared INTEGER): such a key reads back as `integer`.
   */
  readonly bigintAutoIncrement: boolean;
  /** The pool holds one connection, so a transaction holds the only one. */
  readonly singleConnection: boolean;
  /**
   * The most significant digits a decimal value keeps exactly, where the engine stores decimals in binary
   * floating point (15 for a double); undefined where a decimal keeps every digit its type declares.
   */
  readonly decimalDigits?: number;
  /** Float and double columns hold finite numbers only (MariaDB/MySQL: no ±Infinity); undefined where they hold infinities too. */
  readonly finiteFloats?: boolean;
  /**
   * Which statements can return the rows they wrote (`RETURNING`): PostgreSQL and SQLite all three; MariaDB INSERT
   * and DELETE (10.5+), not UPDATE. Where an UPDATE cannot, the runtime locks and reads the matching rows' keys,
   * updates by those keys and reads the rows back, in one transaction (see runtime/update-returning.ts).
   */
  readonly returning: { readonly insert: boolean; readonly update: boolean; readonly delete: boolean };
}

/** What a migration unit reports besides its result, and how it can be stopped. */
export interface UnitOptions {
  /** Receives each problem the unit found that does not fail it, as a sentence naming what to fix. */
  readonly warn?: (message: string) => void;
  /**
   * Interrupts the unit (Ctrl-C): once it aborts while `fn` runs, the unit stops waiting for `fn` and rejects
   * with the signal's reason, and never commits. PostgreSQL cancels the statement in flight and rolls back
   * before rejecting. SQLite interrupts the statement in flight and rolls back as soon as it stops (or, if the
   * process exits first, SQLite's journal rolls back the next time the database is opened). An abort that
   * comes while the unit commits waits for the commit.
   */
  readonly signal?: AbortSignal;
}

/** How to take the migration lock: see {@link MigrationRunner.withMigrationLock}. */
export interface MigrationLockOptions {
  /** What the lock serializes: the history table. */
  readonly key: string;
  /** How long to wait for another process's run, in ms. */
  readonly timeoutMs: number;
  /** Stops waiting: rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface IntrospectOptions {
  /** Tables that are not part of the model, such as the migration history table. */
  readonly exclude?: readonly string[];
  /**
   * Told of each column whose type in the database the model holds only as another (`smallint` read as `integer`,
   * `text[]` as `text`): what Strata would create for it differs from what the database has.
   */
  readonly onApproximation?: (approximation: TypeApproximation) => void;
}

/** A column read as a model type other than its own (see IntrospectOptions.onApproximation). */
export interface TypeApproximation {
  readonly table: string;
  readonly column: string;
  /** Its type as the database names it. */
  readonly native: string;
  /** The model type it is read as. */
  readonly read: ColumnType;
  /** What a migration creates for it, where saying `read` alone would not tell what changes (a key the engine fills in). */
  readonly creates?: string;
}

/**
 * The state of planning one migration, owned by the dialect's planner: what it has emitted so far, for the steps
 * a migration needs once or must number. Opaque to shared code, which only hands it back (see `planChanges`).
 */
export interface MigrationPlanState {
  readonly [planState]: true;
}
declare const planState: unique symbol;

/** Schema reading: the database into the model, and the model into this engine's canonical form. */
export interface SchemaReader {
  /**
   * Brings a schema into this engine's canonical form: the vocabulary introspection produces. Applied to
   * both sides of every diff, so that what the engine cannot tell apart never shows up as a change.
   */
  normalize(schema: Schema): Schema;
  /** Reads the connected database's tables (in the current schema, on engines that have schemas) into the model, normalized. */
  introspect(knex: Knex, options?: IntrospectOptions): Promise<Schema>;
  /**
   * What of a normalized schema this engine cannot create: a string longer than its varchar holds, a decimal with
   * more digits than it keeps, a row wider than a table allows. Asked before a migration is written, so that the
   * entity is named rather than a statement failing when the migration runs. `created` names the tables the
   * migration creates, where limits that depend on how Strata creates a table (its character set) apply too.
   * Empty when all fits.
   */
  overLimits(schema: Schema, created: ReadonlySet<string>): readonly OverLimit[];
}

/** One thing a schema asks beyond an engine's limits (see SchemaReader.overLimits). */
export interface OverLimit {
  readonly table: string;
  /** The column at fault; absent when the table as a whole is (a row too wide). */
  readonly column?: string;
  /** What is over which limit, and what to declare instead. */
  readonly message: string;
}

/** Planning: each change of a migration into steps. */
export interface MigrationPlanner {
  /** A new state for one migration's planning, handed to each `plan` call of that migration in order. */
  begin(): MigrationPlanState;
  /**
   * The steps that perform `change` on a database whose schema is `before`, in a migration that leads to
   * `target` (some steps depend on what comes later in the same transaction).
   */
  plan(change: Change, before: Schema, target: Schema, migration: MigrationPlanState): Step[];
}

/** Running migrations: the unit a migration file runs in, the lock that serializes runs, and wiping the schema. */
export interface MigrationRunner {
  /**
   * Runs one migration unit. With `transaction`, inside a transaction that commits when `fn` returns and
   * rolls back when it throws. An engine may wrap more around it: SQLite turns foreign keys off around it and
   * checks them before commit (rows left referencing missing rows fail the unit, unless they already did before
   * it: those are warned of).
   */
  runUnit<T>(knex: Knex, transaction: boolean, fn: (db: Knex | Knex.Transaction) => Promise<T>, options?: UnitOptions): Promise<T>;
  /**
   * Runs `fn` holding the lock that serializes migration runs across processes for as long as it runs, keyed
   * by `key` (the history table), and released by the engine or the operating system if the process dies: a
   * PostgreSQL session advisory lock, or on SQLite an exclusive transaction on a lock file beside the database.
   * Fails with a `MigrationLockTimeoutError` after waiting `timeoutMs`.
   */
  withMigrationLock<T>(knex: Knex, options: MigrationLockOptions, fn: () => Promise<T>): Promise<T>;
  /**
   * Deletes every row of the schema's tables and restarts their sequences. Touches only tables that hold
   * rows and sequences that were used, so that it is cheap enough to run before every test.
   */
  truncate(knex: Knex, schema: Schema): Promise<void>;
  /** Drops every table (and every type the engine keeps beside them, such as enums) of the connected schema. */
  dropAll(knex: Knex): Promise<void>;
}

/** Connecting: the driver, and the knex settings this engine needs. */
export interface ConnectionSettings {
  /** Loads the driver's module with `load` (require); where absent, `load(client)`. */
  loadDriver?(load: (id: string) => unknown): unknown;
  /** For a driver built into Node.js: which versions have it, and what to choose instead (for the error when it is missing). */
  readonly builtinDriver?: BuiltinDriver;
  /**
   * Several drivers run this engine, one chosen with `?driver=` in the URL or `driver` in the configuration, else the
   * fastest installed: `--verbose` then says which one runs.
   */
  readonly driverChoice?: boolean;
  /**
   * The driver's connection settings with a limit of `timeoutMs` on connecting, so that a server that accepts
   * the connection and never answers makes the connection fail in time instead of hanging (settings the user
   * gave win). Engines whose connections open a file return them unchanged.
   */
  connectionWithTimeout(connection: Knex.StaticConnectionConfig | string, timeoutMs: number): Knex.StaticConnectionConfig | string;
  /**
   * The knex settings this engine needs (pool, per-connection setup), given the user's pool options and the schema
   * to work in (`?schema=`, on engines that have schemas).
   */
  knexSettings(pool: Knex.PoolConfig | undefined, schema: string | undefined): Partial<Knex.Config>;
  /**
   * An error the driver gave on connecting (`message`: its message), explained: what went wrong and what to do (a
   * database that does not exist, a wrong password, a file that cannot be opened, the driver's own timeout after
   * `connectTimeoutMs`); undefined for the errors every engine shares, which the caller explains itself.
   */
  explainConnectError(error: { readonly code?: unknown }, message: string, connectTimeoutMs: number): string | undefined;
}

/**
 * Everything that differs between engines, in roles. Shared code (the differ, the generator, the executor, the
 * runtime) only goes through this interface and asks `capabilities`, never `name`; adding an engine means adding
 * a folder that implements it, and a line in the registry (`./index.ts`).
 */
export interface Dialect {
  readonly name: DialectName;
  /** The engine's name as people write it, for messages: `PostgreSQL`. */
  readonly label: string;
  /** The driver this dialect runs on: its npm package (or Node's built-in module), and the name knex knows it by. */
  readonly client: string;
  readonly capabilities: Capabilities;
  /** Quotes an identifier for this engine. */
  quote(identifier: string): string;
  readonly schema: SchemaReader;
  readonly planner: MigrationPlanner;
  readonly migrations: MigrationRunner;
  readonly connection: ConnectionSettings;
  /** How the runtime runs queries and converts values on this engine. */
  readonly runtime: RuntimeDriver;
}
