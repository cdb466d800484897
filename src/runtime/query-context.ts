import type { Knex } from 'knex';
import type { EntityClass } from '../decorators/options';
import type { Dialect } from '../dialects';
import type { MetadataRegistry } from '../metadata/registry';
import { EntityTable } from './entity-table';
import { QueryError } from './errors';
import { Executor, type QueryEvent } from './executor';
import type { Replicas } from './replicas';
import { Repository } from './repository';
import type { TransactionScope } from './transaction-scope';

/** What repositories share: where queries run (the pool or a transaction), and the entities' plans. */
export class QueryContext {
  readonly executor: Executor;
  private readonly repositories = new Map<EntityClass, unknown>();

  constructor(
    readonly knex: Knex | Knex.Transaction,
    readonly dialect: Dialect,
    readonly metadata: MetadataRegistry,
    private readonly tables: Map<EntityClass, EntityTable>,
    private readonly onQuery?: (event: QueryEvent) => void,
    /** The context of the Orm itself, which transactions start from. */
    readonly root?: QueryContext,
    /** The transaction (or savepoint) this context's queries run in, on its connection; `knex` is then the pool's. */
    readonly scope?: TransactionScope,
  ) {
    this.executor = new Executor(knex, dialect, onQuery, root === undefined ? (error) => this.explainAcquireFailure(error) : undefined, scope,
      (table) => metadata.entities.some((e) => e.tableName === table));
  }

  /** Set by orm.close() on the Orm's own context: a query after it is told so, not knex's "Unable to acquire a connection". */
  closed = false;

  /** Transactions open on this (root) context's Orm. */
  openTransactions = 0;

  /** The Orm's read replicas, on its own context only: a transaction's reads stay in the transaction. */
  replicas?: Replicas;

  /**
   * Why no connection could be had, where the Orm knows: it was closed; or, with one connection, a query outside a
   * transaction waits for the transaction to end, and from inside that transaction's own callback it waits for ever.
   */
  private explainAcquireFailure(error: unknown): unknown {
    if (this.closed) return closedError(error);
    if (!this.dialect.capabilities.singleConnection || this.openTransactions === 0 || !/Timeout acquiring a connection/i.test(String((error as Error)?.message))) return error;
    return new QueryError(
      `Timed out waiting for ${this.dialect.label}'s only connection, which an open transaction holds. If this query runs inside that ` +
        "transaction's callback, it can never get it: inside orm.transaction(), use tx.repository(...) and tx.knex.",
      { cause: error },
    );
  }

  /** The repository of an entity, on this context's connection (one per entity and context). */
  repository<T extends object>(entity: EntityClass<T>): Repository<T> {
    let repository = this.repositories.get(entity) as Repository<T> | undefined;
    if (!repository) this.repositories.set(entity, (repository = new Repository(this, entity)));
    return repository;
  }

  /** The plan of a registered entity (built once per Orm). */
  table<T>(cls: EntityClass<T>): EntityTable<T> {
    let table = this.tables.get(cls);
    if (!table) this.tables.set(cls, (table = new EntityTable(this.metadata.get(cls), this.dialect, (entity) => this.table(entity))));
    return table as EntityTable<T>;
  }

  /** The same entities, queried on another connection (a knex transaction's). */
  on(knex: Knex | Knex.Transaction): QueryContext {
    return new QueryContext(knex, this.dialect, this.metadata, this.tables, this.onQuery, this.root ?? this);
  }

  /** The same entities, queried in a transaction of orm.transaction (see TransactionScope). */
  inScope(scope: TransactionScope): QueryContext {
    return new QueryContext(this.knex, this.dialect, this.metadata, this.tables, this.onQuery, this.root ?? this, scope);
  }
}

/** What a query on a closed Orm is told (see QueryContext.closed). */
export function closedError(cause?: unknown): QueryError {
  return new QueryError('This Orm is closed (orm.close() ended its connections): connect again with Orm.connect to run queries.', { cause });
}
