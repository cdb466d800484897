import type { Knex } from 'knex';
import type { BuiltinDriver } from './require-driver';
import type { Change } from '../changes/change';
import type { Schema } from '../schema/model';
import type { Step } from '../steps/step';
import type { RuntimeDriver } from './runtime-driver';

export type DialectName = 'postgres' | 'sqlite';

/** What an engine can do; shared code asks these instead of checking which engine it is. */
export interface Capabilities {
  /** DDL runs inside transactions and rolls back with them. */
  readonly transactionalDdl: boolean;
  /** A foreign key may name a table that does not exist yet, so cycles need no separate step. */
  readonly forwardReferences: boolean;
  /** The most bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** The pool holds one connection, so a transaction holds the only one (SQLite). */
  readonly singleConnection: boolean;
  /**
   * The most significant digits a decimal value keeps exactly, where the engine stores decimals in binary
   * floating point (SQLite: 15); undefined where a decimal keeps every digit its type declares.
   */
  readonly decimalDigits?: number;
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

/** How to take the migration lock: see {@link Dialect.withMigrationLock}. */
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
}

/**
 * Everything that differs between engines. Shared code (the differ, the generator, the executor, the
 * runtime) only goes through this interface; adding an engine means adding a folder that implements it.
 */
/**
 * What the planning of one migration has emitted so far, for the steps a migration needs once (SQLite's
 * foreign-keys-off check) or must number (saved statements). `planChanges` makes one per migration.
 */
export interface MigrationPlanState {
  foreignKeysChecked: boolean;
  savedStatements: number;
}

export interface Dialect {
  readonly name: DialectName;
  /** The driver this dialect runs on: its npm package (or Node's built-in module), and the name knex knows it by. */
  readonly client: string;
  /** Loads the driver's module with `load` (require); where absent, `load(client)`. */
  loadDriver?(load: (id: string) => unknown): unknown;
  /** For a driver built into Node.js: which versions have it, and what to choose instead (for the error when it is missing). */
  readonly builtinDriver?: BuiltinDriver;
  readonly capabilities: Capabilities;
  /**
   * Brings a schema into this engine's canonical form: the vocabulary introspection produces. Applied to
   * both sides of every diff, so that what the engine cannot tell apart never shows up as a change.
   */
  normalize(schema: Schema): Schema;
  /** Reads the connected database's tables (in the current schema on PostgreSQL) into the model, normalized. */
  introspect(knex: Knex, options?: IntrospectOptions): Promise<Schema>;
  /**
   * The steps that perform `change` on a database whose schema is `before`, in a migration that leads to
   * `target` (some steps depend on what comes later in the same transaction).
   */
  plan(change: Change, before: Schema, target: Schema, migration: MigrationPlanState): Step[];
  /**
   * Deletes every row of the schema's tables and restarts their sequences. Touches only tables that hold
   * rows and sequences that were used, so that it is cheap enough to run before every test.
   */
  truncate(knex: Knex, schema: Schema): Promise<void>;
  /** Drops every table (and enum type) of the connected schema. */
  dropAll(knex: Knex): Promise<void>;
  /**
   * Runs one migration unit. With `transaction`, inside a transaction that commits when `fn` returns and
   * rolls back when it throws; SQLite also turns foreign keys off around it and checks them before commit
   * (rows left referencing missing rows fail the unit, unless they already did before it: those are warned of).
   */
  runUnit<T>(knex: Knex, transaction: boolean, fn: (db: Knex | Knex.Transaction) => Promise<T>, options?: UnitOptions): Promise<T>;
  /**
   * Runs `fn` holding the lock that serializes migration runs across processes for as long as it runs, keyed
   * by `key` (the history table): a PostgreSQL session advisory lock (released by the server if the process
   * dies), or on SQLite an exclusive transaction on a lock file beside the database (released by the operating
   * system if the process dies). Fails with a `MigrationLockTimeoutError` after waiting `timeoutMs`.
   */
  withMigrationLock<T>(knex: Knex, options: MigrationLockOptions, fn: () => Promise<T>): Promise<T>;
  /**
   * The driver's connection settings with a limit of `timeoutMs` on connecting, so that a server that accepts
   * the connection and never answers makes the connection fail in time instead of hanging (settings the user
   * gave win). Engines whose connections open a file (SQLite) return them unchanged.
   */
  connectionWithTimeout(connection: Knex.StaticConnectionConfig | string, timeoutMs: number): Knex.StaticConnectionConfig | string;
  /**
   * The knex settings this engine needs (pool, per-connection setup), given the user's pool options and the schema
   * to work in (`?schema=`, on engines that have schemas).
   */
  knexSettings(pool: Knex.PoolConfig | undefined, schema: string | undefined): Partial<Knex.Config>;
  /** How the runtime runs queries and converts values on this engine. */
  readonly runtime: RuntimeDriver;
  /** Quotes an identifier for this engine. */
  quote(identifier: string): string;
}
