import knexFactory, { type Knex } from 'knex';
import type { EntityClass } from '../decorators/options';
import type { Dialect } from '../dialects';
import { MetadataRegistry } from '../metadata/registry';
import { desiredSchema } from '../dialects/desired-schema';
import { requireDriver } from '../dialects/require-driver';
import type { Schema } from '../schema/model';
import { type ConnectionOptions, resolveConnection } from './knex-config';
import { EntityTable } from './entity-table';
import type { QueryEvent } from './executor';
import { QueryContext } from './query-context';
import type { Repository } from './repository';
import { type SqlQuery, sqlQuery } from './raw-sql';
import { resetDatabase, type ResetDbOptions } from './reset-db';
import { type TableRef, tableRef } from './sql-ref';
import { runTransaction, type Transaction } from './transaction';
import { verifyConnection } from './verify-connection';

export interface OrmOptions extends ConnectionOptions {
  /** The entity classes this Orm works with. */
  entities: readonly EntityClass[];
  /** Called after every statement the repositories run, with its SQL, parameters and duration. */
  onQuery?: (event: QueryEvent) => void;
}

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
  ) {
    this.schema = desiredSchema(dialect, metadata.entities);
    this.context = new QueryContext(knex, dialect, metadata, new Map<EntityClass, EntityTable>(), onQuery);
  }

  /**
   * Validates the entities, connects, and checks that the database answers.
   * @throws EntityDefinitionError naming each bad class or property; ConfigError for a bad URL or a driver
   *         package that is missing or not built; ConnectionError when the database cannot be reached.
   * @example const orm = await Orm.connect({ url: 'sqlite:./dev.sqlite3', entities: [User, Post] });
   */
  static async connect(options: OrmOptions): Promise<Orm> {
    const metadata = MetadataRegistry.build(options.entities ?? []);
    const { dialect, config, display, connectTimeoutMs } = resolveConnection(options);
    requireDriver(dialect.client, display, dialect.loadDriver ? () => dialect.loadDriver!(require) : undefined);
    const knex = knexFactory(config);
    try {
      await verifyConnection(knex, display, connectTimeoutMs);
    } catch (error) {
      await knex.destroy();
      throw error;
    }
    return new Orm(knex, dialect, metadata, options.onQuery);
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
   * @example await orm.transaction(async (tx) => { await tx.repository(User).insert({ name: 'Ann' }); });
   */
  transaction<R>(fn: (tx: Transaction) => Promise<R>): Promise<R> {
    return runTransaction(this.context, fn);
  }

  /**
   * Makes the database hold exactly the entities' tables, all empty: cheap when the tables are already in
   * place (they are truncated), a rebuild otherwise. Meant for tests: `beforeEach(() => orm.resetDb())`.
   * With `NODE_ENV=production`, refuses (DataLossError) a database that holds a migration history, unless
   * `{ force: true }`.
   */
  async resetDb(options: ResetDbOptions = {}): Promise<void> {
    await resetDatabase(this.knex, this.dialect, this.schema, options);
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await this.knex.destroy();
  }
}
