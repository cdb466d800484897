import knexFactory, { type Knex } from 'knex';
import type { EntityClass } from '../decorators/options';
import type { Dialect } from '../dialects';
import { MetadataRegistry } from '../metadata/registry';
import { desiredSchema } from '../dialects/desired-schema';
import { requireDriver } from '../dialects/require-driver';
import type { Schema } from '../schema/model';
import { ConfigError } from '../config/errors';
import type { OrmConfig } from '../config/define-config';
import { type ConnectionOptions, type ResolvedConnection, resolveConnection } from './knex-config';
import { EntityTable } from './entity-table';
import type { QueryEvent } from './executor';
import { QueryContext } from './query-context';
import type { Repository } from './repository';
import { type SqlQuery, sqlQuery } from './raw-sql';
import { Replicas } from './replicas';
import { resetDatabase, type ResetDbOptions } from './reset-db';
import { type TableRef, tableRef } from './sql-ref';
import { runTransaction, type Transaction } from './transaction';
import type { TransactionOptions } from './transaction-retry';
import { verifyConnection } from './verify-connection';
import { keysOf } from '../util/keys-of';
import { checkOptions, noSuchOption, unknownOption } from './options';

export interface OrmOptions extends ConnectionOptions {
  /** The entity classes this Orm works with. */
  entities: readonly EntityClass[];
  /**
   * URLs of read replicas (same engine as `url`). Reads outside transactions (find, findOne, findById, count,
   * findAndCount, aggregate, groupBy, stream) go to them in turn, and to the primary when a replica cannot be reached (with a console warning);
   * writes, `orm.sql` and everything in a transaction go to the primary, as does a read given `{ primary: true }`.
   */
  replicas?: readonly string[];
  /** Called after every statement the repositories run, with its SQL, parameters and duration. */
  onQuery?: (event: QueryEvent) => void;
}

const CONNECT_OPTIONS = keysOf<OrmOptions>({
  url: true, driver: true, client: true, connection: true, pool: true, schema: true, debug: true, connectTimeoutMs: true, entities: true, replicas: true, onQuery: true,
});
// The config file's options that Orm.connect leaves unread, being the CLI's.
const CONFIG_FILE_OPTIONS = keysOf<Omit<OrmConfig, keyof OrmOptions>>({ directUrl: true, migrations: true });
const RESET_DB_OPTIONS = keysOf<ResetDbOptions>({ force: true, env: true });

/** A connection to one database, with the entities it maps. Create it with {@link Orm.connect}. */
export class Orm {
  /** The schema the entities describe, normalized for this engine. */
  readonly schema: Schema;
  private readonly context: QueryContext;

  private constructor(
    /** The knex instance, for raw queries and anything Strata does not cover. */
    readonly knex: Knex,
    readonly dialect: Dialect,
    readonly metadata: MetadataRegistry,
    onQuery?: (event: QueryEvent) => void,
    replicas: readonly { knex: Knex; display: string }[] = [],
  ) {
    this.schema = desiredSchema(dialect, metadata.entities);
    const tables = new Map<EntityClass, EntityTable>();
    this.context = new QueryContext(knex, dialect, metadata, tables, onQuery);
    if (replicas.length) {
      this.context.replicas = new Replicas(replicas.map((r) => ({ ...r, context: new QueryContext(r.knex, dialect, metadata, tables, onQuery), downUntil: 0 })));
    }
  }

  /**
   * Validates the entities, connects, and checks that the database answers.
   * @throws EntityDefinitionError naming each bad class or property; ConfigError for a bad URL or a driver
   *         package that is missing or not built; ConnectionError when the database cannot be reached.
   * @example const orm = await Orm.connect({ url: 'sqlite:./dev.sqlite3', entities: [User, Post] });
   */
  static async connect(options: OrmOptions): Promise<Orm> {
    checkConnectOptions(options);
    const metadata = MetadataRegistry.build(options.entities ?? []);
    const { dialect, config, display, connectTimeoutMs } = resolveConnection(options);
    const { loadDriver, builtinDriver } = dialect.connection;
    requireDriver(dialect.client, display, loadDriver ? () => loadDriver(require) : undefined, builtinDriver);
    // Replicas are connected when first read from: one that is down must not keep the application from starting.
    const replicas = (options.replicas ?? []).map((url) => replicaConnection(options, url, dialect));
    const knex = knexFactory(config);
    try {
      await verifyConnection(knex, dialect, display, connectTimeoutMs);
    } catch (error) {
      await knex.destroy();
      throw error;
    }
    return new Orm(knex, dialect, metadata, options.onQuery, replicas.map((r) => ({ knex: knexFactory(r.config), display: r.display })));
  }

  /**
   * The repository of a registered entity.
   * @example const users = orm.repository(User); await users.findById(1);
   */
  repository<T extends object>(entity: EntityClass<T>): Repository<T> {
    return this.context.repository(entity);
  }

  /**
   * A raw statement, run when awaited: every `${value}` is a bound parameter (an array, a list `($1, $2, …)`),
   * an `orm.sql` fragment composes, and `orm.ref(...)` writes quoted table and column names. Resolves to the rows,
   * decoded by column type on PostgreSQL, as SQLite stores them on SQLite; `.types({...})` declares the rest.
   * @example const rows = await orm.sql<{ n: number }>`select count(*) as n from users where age > ${18}`.types({ n: 'integer' });
   */
  sql<T = Record<string, unknown>>(strings: TemplateStringsArray, ...values: unknown[]): SqlQuery<T> {
    return sqlQuery<T>(this.context, strings, values);
  }

  /**
   * An entity's table and columns for `orm.sql`, quoted for this engine: `${u}` writes the table (`"users" AS "u"`
   * with an alias) and `${u.email}` the column (`"u"."email"` with an alias).
   * @example const u = orm.ref(User); await orm.sql`select ${u.email} from ${u} where ${u.id} = ${id}`;
   */
  ref<T extends object>(entity: EntityClass<T>, alias?: string): TableRef<T> {
    return tableRef(this.context.table(entity), this.dialect, alias);
  }

  /**
   * Runs `fn` in a transaction: it commits when `fn` returns, rolls back when `fn` throws (and the error
   * reaches the caller). Use `tx.repository(...)` and `tx.knex` inside; `tx.transaction(...)` nests a savepoint.
   * `options`: an `isolation` level, and `retries` on serialization failures and deadlocks (the callback may then run again).
   * @example await orm.transaction(async (tx) => { await tx.repository(User).insert({ name: 'Ann' }); });
   * @example await orm.transaction(async (tx) => { … }, { isolation: 'serializable', retries: 3 });
   */
  transaction<R>(fn: (tx: Transaction) => Promise<R>, options?: TransactionOptions): Promise<R> {
    return runTransaction(this.context, fn, options);
  }

  /**
   * Makes the database hold exactly the entities' tables, all empty: cheap when the tables are already in
   * place (they are truncated), a rebuild otherwise. Meant for tests: `beforeEach(() => orm.resetDb())`.
   * With `NODE_ENV=production`, refuses (DataLossError) a database that holds a migration history, unless
   * `{ force: true }`.
   */
  async resetDb(options: ResetDbOptions = {}): Promise<void> {
    checkOptions(options, RESET_DB_OPTIONS, 'resetDb');
    await resetDatabase(this.knex, this.dialect, this.schema, options, this.metadata.entities);
  }

  /** Closes every connection, the replicas' too. */
  async close(): Promise<void> {
    this.context.closed = true;
    await Promise.all([this.knex.destroy(), this.context.replicas?.close()]);
  }
}

/** The connection to a replica: the primary's options (pool, schema, timeouts) with the replica's URL. */
function replicaConnection(options: OrmOptions, url: string, primary: Dialect): ResolvedConnection {
  if (typeof url !== 'string') throw new ConfigError(`replicas takes database URLs; got ${JSON.stringify(url)}.`);
  const replica = resolveConnection({ ...options, client: undefined, connection: undefined, url });
  if (replica.dialect.name !== primary.name) {
    throw new ConfigError(`The replica ${replica.display} is not on the primary's engine (${primary.name}); a read replica is a copy of the primary database.`);
  }
  return replica;
}

/**
 * Refuses options Orm.connect does not take: a misspelt `url` would otherwise connect to the default database
 * (sqlite:./dev.sqlite3), and a misspelt `replicas` send every read to the primary, both without a word.
 */
function checkConnectOptions(options: OrmOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ConfigError('Orm.connect takes an object of options, such as { url, entities }.');
  const key = unknownOption(options, CONNECT_OPTIONS, CONFIG_FILE_OPTIONS);
  if (key !== undefined) throw new ConfigError(noSuchOption('Orm.connect', key, CONNECT_OPTIONS));
}
