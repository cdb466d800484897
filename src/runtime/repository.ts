import type { EntityClass } from '../decorators/options';
import type { Row } from '../dialects/runtime-driver';
import { ALL, buildCondition, combine, type Condition } from './condition';
import type { ColumnPlan, EntityTable, Projection } from './entity-table';
import { QueryError } from './errors';
import { includeKeys, loadIncludes, validateInclude } from './include';
import { lockClause, type LockOptions } from './locks';
import { checkOptions, COUNT_OPTIONS, DELETE_OPTIONS, FIND_AND_COUNT_OPTIONS, FIND_BY_ID_OPTIONS, FIND_ONE_OPTIONS, FIND_OPTIONS, RETURNING_OPTIONS, SHAPING_OPTIONS, STREAM_OPTIONS, UPSERT_OPTIONS } from './options';
import { bumpVersion, StaleEntityError, upsertVersionBump, versionedWhere } from './optimistic';
import { deletedAtColumn, notDeleted, requireDeletedAt, type SoftDeleteOptions } from './soft-delete';
import type { QueryContext } from './query-context';
import type { ViolationHandler } from './executor';
import { foreignKeysFromRelations } from './insert-relations';
import type { ColumnKeys, Exactly, FindOneOptions, FindOptions, FindResult, Include, InsertValues, Values, Where } from './query-types';
import { openStream, type StreamOptions } from './stream';
import { assignment, renderAssignment, type Assignment } from './update-values';
import { RepeatedUpdate } from './repeated-update';
import { inTransaction, keyText, lockedKeys, updateReturning } from './update-returning';
import { updateStatement } from './update-statement';
import { returningClause, type WritingStatement } from './returning';
import { UpsertPlan, type UpsertOptions } from './upsert';
import { describeViolation } from './violations';
import { aggregate, groupBy } from './aggregate';
import type { AggregateOptions, AggregateResult, GroupByOptions, GroupResult, NumericKeys, OrderableKeys } from './aggregate-types';
import type { Counted, CountOption, RelationCount } from './count-types';
import { distinctColumns, distinctCountSql, distinctSql } from './distinct';
import { countKeys, loadCounts, validateCount } from './relation-count';
import { compileOrderBy, Params, renderCondition } from './where';
import type { DeleteOptions, Returning, UpdateOptions, UpdateValues } from './write-types';

/**
 * Rows of one insertEach from which their timestamps go into the statement's text (see RuntimeDriver.stampLiteral):
 * preparing a statement for the call (4 µs on better-sqlite3) costs what binding two timestamps does in some 20 rows.
 */
const STAMPS_IN_TEXT = 100;

/** The options of a call given none: one object for every such call. */
const NO_OPTIONS = Object.freeze({});

/** A primary key value, or an object of values for a composite key. */
export type Id = string | number | bigint | Record<string, unknown>;

/**
 * Queries one entity. Results are instances of the entity class; values are always bound parameters.
 * Get one with `orm.repository(User)` or, in a transaction, `tx.repository(User)`.
 */
export class Repository<T extends object> {
  private readonly table: EntityTable<T>;
  private byIdSql?: string;
  /** The `@UpdatedAt` column (null: none), found on the first update. */
  private updatedAt?: ColumnPlan | null;
  /** Insert shapes by the keys rows give, so each set of keys is validated and planned once. */
  private readonly shapes = new Map<string, InsertShape>();
  /** The last update, for the next of the same kind (see RepeatedUpdate). */
  private repeatedUpdate?: RepeatedUpdate;
  /** The value of an `@UpdatedAt` column stamped now. */
  private readonly stampNow = (): unknown => this.table.driver.toDb('datetime', new Date());
  /** The keys of the row last inserted, in their order, and its shape: rows of a list mostly give the same. */
  private lastKeys: string[] = [];
  private lastShape?: InsertShape;

  constructor(private readonly context: QueryContext, entity: EntityClass<T>) {
    this.table = context.table(entity);
  }

  /**
   * Inserts one row and returns it as an entity, with its generated key and database defaults. Its type requires
   * every non-nullable column the entity does not name in `[Defaults]`.
   */
  async insert(values: InsertValues<T>): Promise<T> {
    return (await this.insertRows([values], true))[0]!;
  }

  /**
   * Inserts many rows, one statement per batch (on PostgreSQL, up to 10,000 rows sent as one JSON parameter;
   * on SQLite, as many rows as stay under its parameter limit; on better-sqlite3 and node:sqlite, a single-row
   * statement prepared once and run for each row). All or none: more than one statement runs in the transaction
   * open, or in one of its own. Returns how many were inserted; with `{ returning: true }`, the rows as entities,
   * in the order given.
   */
  insertMany(rows: readonly InsertValues<T>[]): Promise<number>;
  insertMany(rows: readonly InsertValues<T>[], options: { returning: true }): Promise<T[]>;
  insertMany(rows: readonly InsertValues<T>[], options?: { returning?: boolean }): Promise<number | T[]>;
  async insertMany(rows: readonly InsertValues<T>[], options: { returning?: boolean } = {}): Promise<number | T[]> {
    if (!Array.isArray(rows)) throw new QueryError(`insertMany on ${this.table.className} takes an array of rows.`);
    checkOptions(options, RETURNING_OPTIONS, `insertMany on ${this.table.className}`);
    const inserted = await this.insertRows(rows, options.returning === true);
    return options.returning ? inserted : rows.length;
  }

  /**
   * Rows matching the options, as entities; with `select`, only those properties are read (and typed); with
   * `include`, each included relation is loaded and present in the result's type; with `distinct`, one row per
   * distinct combination of those properties (see distinct.ts); with `count`, `row._count` holds the number of
   * related rows of each relation named.
   */
  async find<const S extends readonly ColumnKeys<T>[] | undefined = undefined, const I extends Include<T> = {}, const C extends RelationCount<T> = {}>(
    options: FindOptions<T, S, I> & LockOptions & SoftDeleteOptions & { include?: Exactly<I, Include<T>> } & CountOption<T, C> = {},
  ): Promise<(FindResult<T, S, I> & Counted<T, C>)[]> {
    checkOptions(options, FIND_OPTIONS, `find on ${this.table.className}`, this.table as EntityTable);
    const routed = this.onReplica(options, (repository, primary) => repository.find<S, I, C>({ ...options, primary } as FindOptions<T, S, I> & LockOptions & SoftDeleteOptions & { include?: Exactly<I, Include<T>> } & CountOption<T, C>));
    if (routed) return routed;
    const condition = this.readCondition(options.where, options.withDeleted);
    const order = compileOrderBy(this.table, options.orderBy, undefined, { tieBreak: options.limit !== undefined || options.offset !== undefined });
    const limit = this.context.dialect.runtime.limit(count(options.limit, 'limit', this.table), count(options.offset, 'offset', this.table));
    const include = options.include as Record<string, unknown> | undefined;
    if (include) validateInclude(this.context, this.table, include);
    const counted = options.count as Record<string, unknown> | undefined;
    if (counted) validateCount(this.context, this.table, counted);
    const distinct = options.distinct === undefined ? undefined : distinctColumns(this.table, options.distinct);
    const projection = this.table.projection(options.select && [...options.select, ...includeKeys(this.table, include), ...countKeys(this.table, counted)]);
    const lock = lockClause(this.context, this.table as EntityTable, options);
    if (distinct && lock) throw new QueryError(`find on ${this.table.className} cannot lock rows and take distinct ones at once: the database locks rows it reads, not groups of them.`);
    if (condition.kind === 'none') return [];
    const params = new Params(this.context.dialect.runtime);
    const where = this.whereClause(condition, params);
    let sql: string;
    if (distinct) sql = distinctSql(this.context, this.table, projection, distinct, where, options.orderBy, limit);
    else sql = `SELECT ${projection.selectColumns()} FROM ${this.table.quoted}${where}${order ? ` ORDER BY ${order}` : ''}${limit}${lock}`;
    const rows = await this.load(sql, params.values, include, projection);
    if (counted && rows.length > 0) await loadCounts(this.context, this.table, rows, counted);
    return rows as (FindResult<T, S, I> & Counted<T, C>)[];
  }

  /** The first row matching the options, or null. */
  async findOne<const S extends readonly ColumnKeys<T>[] | undefined = undefined, const I extends Include<T> = {}, const C extends RelationCount<T> = {}>(
    options: FindOneOptions<T, S, I> & LockOptions & SoftDeleteOptions & { include?: Exactly<I, Include<T>> } & CountOption<T, C> = {},
  ): Promise<(FindResult<T, S, I> & Counted<T, C>) | null> {
    checkOptions(options, FIND_ONE_OPTIONS, `findOne on ${this.table.className}`, this.table as EntityTable, SHAPING_OPTIONS);
    return (await this.find<S, I, C>({ ...options, limit: 1 } as FindOptions<T, S, I> & LockOptions & SoftDeleteOptions & { include?: Exactly<I, Include<T>> } & CountOption<T, C>))[0] ?? null;
  }

  // --- Reads: totals and groups (aggregate.ts, distinct.ts, relation-count.ts) ---

  /**
   * The rows of a find (`limit` and `offset` included) and how many rows match it ignoring `limit` and `offset`
   * (with `distinct`, how many distinct combinations): two statements.
   * @example const [page, total] = await users.findAndCount({ where: { active: true }, orderBy: { id: 'asc' }, limit: 20, offset: 40 });
   */
  async findAndCount<const S extends readonly ColumnKeys<T>[] | undefined = undefined, const I extends Include<T> = {}, const C extends RelationCount<T> = {}>(
    options: FindOptions<T, S, I> & SoftDeleteOptions & { include?: Exactly<I, Include<T>> } & CountOption<T, C> = {},
  ): Promise<[(FindResult<T, S, I> & Counted<T, C>)[], number]> {
    checkOptions(options, FIND_AND_COUNT_OPTIONS, `findAndCount on ${this.table.className}`, this.table as EntityTable, SHAPING_OPTIONS);
    // Both statements on one server, so that the total and the page agree.
    const routed = this.onReplica(options, (repository, primary) => repository.findAndCount<S, I, C>({ ...options, primary }));
    if (routed) return routed;
    const rows = await this.find<S, I, C>(options);
    const condition = this.readCondition(options.where, options.withDeleted);
    if (condition.kind === 'none') return [rows, 0];
    if (options.distinct === undefined) return [rows, await this.count({ where: options.where, withDeleted: options.withDeleted, primary: true })];
    const params = new Params(this.context.dialect.runtime);
    const sql = distinctCountSql(this.context, this.table, distinctColumns(this.table, options.distinct), this.whereClause(condition, params));
    return [rows, Number((await this.context.executor.rows(sql, params.values))[0]!.count)];
  }

  /**
   * Aggregates over the rows matching `where`, in one statement: `count: true` (a number), and `sum`, `avg`,
   * `min`, `max` of the properties listed (null when no row has a value). Sums are numbers for integer and
   * floating columns, bigints for bigint columns, exact strings for decimal ones; averages are numbers, or strings
   * for decimals.
   * @example const { count, sum } = await users.aggregate({ where: { active: true }, count: true, sum: ['age'] });
   */
  async aggregate<const C extends boolean | undefined = undefined, const S extends readonly NumericKeys<T>[] | undefined = undefined, const A extends readonly NumericKeys<T>[] | undefined = undefined,
    const Mn extends readonly OrderableKeys<T>[] | undefined = undefined, const Mx extends readonly OrderableKeys<T>[] | undefined = undefined>(
    options: AggregateOptions<T, C, S, A, Mn, Mx> & SoftDeleteOptions & { primary?: boolean },
  ): Promise<AggregateResult<T, C, S, A, Mn, Mx>> {
    const routed = this.onReplica(options, (repository, primary) => repository.aggregate<C, S, A, Mn, Mx>({ ...options, primary }));
    if (routed) return routed;
    return (await aggregate(this.context, this.table, options as Record<string, unknown>)) as AggregateResult<T, C, S, A, Mn, Mx>;
  }

  /**
   * One result per distinct combination of the `by` properties, with its aggregates (as `aggregate` gives them),
   * filtered by `having`, sorted by `orderBy` then by the `by` properties, paged by `limit` and `offset`.
   * @example await users.groupBy({ by: ['kind'], count: true, avg: ['age'], having: { count: { gt: 5 } }, orderBy: { count: 'desc' } });
   */
  async groupBy<const B extends readonly ColumnKeys<T>[], const C extends boolean | undefined = undefined, const S extends readonly NumericKeys<T>[] | undefined = undefined,
    const A extends readonly NumericKeys<T>[] | undefined = undefined, const Mn extends readonly OrderableKeys<T>[] | undefined = undefined,
    const Mx extends readonly OrderableKeys<T>[] | undefined = undefined>(
    options: GroupByOptions<T, B, C, S, A, Mn, Mx> & SoftDeleteOptions & { primary?: boolean },
  ): Promise<GroupResult<T, B, C, S, A, Mn, Mx>[]> {
    const routed = this.onReplica(options, (repository, primary) => repository.groupBy<B, C, S, A, Mn, Mx>({ ...options, primary }));
    if (routed) return routed;
    return (await groupBy(this.context, this.table, options as unknown as Record<string, unknown>)) as GroupResult<T, B, C, S, A, Mn, Mx>[];
  }

  // --- end of totals and groups ---

  /**
   * The rows matching the options, as an async iterable read in batches of `batchSize` (default 1000), so memory
   * holds two batches at most, whatever the number of rows: a server-side cursor on PostgreSQL, keyset queries on SQLite.
   * Rows come in `orderBy` order with the primary key breaking ties (default: by primary key). Nothing runs before
   * the loop starts; `break`, `return` or an error in the loop closes the cursor and gives back the connection.
   * @example for await (const user of users.stream({ where: { active: true }, batchSize: 1000 })) await send(user);
   */
  stream<const I extends Include<T> = {}>(
    options: StreamOptions<T> & { include?: I & Exactly<I, Include<T>> } = {},
  ): AsyncIterableIterator<FindResult<T, undefined, I>> {
    // Checked at the call: with read replicas, openStream runs once a replica is chosen, when the loop starts.
    checkOptions(options, STREAM_OPTIONS, `stream on ${this.table.className}`, this.table as EntityTable);
    const replicas = this.context.replicas;
    // Typed as find's results: the relations named in include are loaded on every entity.
    const loaded = (stream: AsyncIterableIterator<T>) => stream as unknown as AsyncIterableIterator<FindResult<T, undefined, I>>;
    if (!replicas || options.primary) return loaded(openStream(this.context, this.table, options));
    return loaded(replicas.stream(this.context, (context) => openStream(context, context.table(this.table.meta.target as EntityClass<T>), options)));
  }

  /** The row with this primary key (an object of values for a composite key), or null. */
  async findById<const I extends Include<T> = {}>(
    id: Id, options: SoftDeleteOptions & { include?: I & Exactly<I, Include<T>>; primary?: boolean } = NO_OPTIONS,
  ): Promise<FindResult<T, undefined, I> | null> {
    if (options !== NO_OPTIONS) checkOptions(options, FIND_BY_ID_OPTIONS, `findById on ${this.table.className}`, this.table as EntityTable, SHAPING_OPTIONS);
    if (this.context.replicas) {
      const routed = this.onReplica(options, (repository, primary) => repository.findById<I>(id, { ...options, primary }));
      if (routed) return routed;
    }
    const key = this.table.primaryKey;
    const include = options.include as Record<string, unknown> | undefined;
    if (include) validateInclude(this.context, this.table, include);
    // The usual call (one key column, a plain id) spends no array but the parameters'.
    const params = key.length === 1 && (typeof id !== 'object' || id === null)
      ? [key[0]!.compare(id, 'findById')]
      : key.map((c) => {
          const value = (id as Record<string, unknown> | null)?.[c.property];
          if (value === undefined) throw new QueryError(`findById on ${this.table.className} needs ${key.map((k) => k.property).join(' and ')}; got ${JSON.stringify(id, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}.`);
          return value;
        }).map((value, i) => key[i]!.compare(value, 'findById'));
    this.byIdSql ??= `SELECT ${this.table.selectList} FROM ${this.table.quoted} WHERE ${key.map((c, i) => `${c.quoted} = ${this.context.dialect.runtime.placeholder(i + 1)}`).join(' AND ')}`;
    const deletedAt = options.withDeleted ? undefined : deletedAtColumn(this.table as EntityTable);
    const sql = deletedAt ? `${this.byIdSql} AND ${deletedAt.quoted} IS NULL` : this.byIdSql;
    if (include) return ((await this.load(sql, params, include, this.table))[0] as FindResult<T, undefined, I> | undefined) ?? null;
    const { rows } = await this.context.executor.run(sql, params, true, undefined, this.context.dialect.runtime.positionalRows);
    return rows.length === 0 ? null : (this.table.hydrate(rows[0]!) as FindResult<T, undefined, I>);
  }

  /**
   * Sets `values` on the rows matching `where`, in one statement; resolves to how many changed, or with
   * `{ returning: true }` to the changed rows as entities. A value may be `increment(n)`, `decrement(n)` or a SQL
   * expression (`` sql`now()` ``), computed by the database. Refuses a where that selects every row (see `requiredCondition`).
   * @example await users.update({ id }, { loginCount: increment(1) });
   */
  update(where: Where<T>, values: UpdateValues<T>): Promise<number>;
  update(where: Where<T>, values: UpdateValues<T>, options: Returning): Promise<T[]>;
  update(where: Where<T>, values: UpdateValues<T>, options?: UpdateOptions): Promise<number | T[]>;
  async update(where: Where<T>, values: UpdateValues<T>, options?: UpdateOptions): Promise<number | T[]> {
    if (options !== undefined) checkOptions(options, RETURNING_OPTIONS, `update on ${this.table.className}`);
    const repeated = options?.returning ? undefined : this.repeatedUpdate?.params(where, values as object, this.stampNow);
    if (repeated) {
      const onRepeatedViolation: ViolationHandler = (violation, cause) => describeViolation(this.context, this.table, violation, cause, [values as Record<string, unknown>]);
      return (await this.context.executor.run(this.repeatedUpdate!.sql, repeated, false, onRepeatedViolation)).count;
    }
    const data = this.assignments(values as object, 'update');
    if (data.size === 0) throw new QueryError(`update on ${this.table.className} was given no values to set.`);
    const condition = this.requiredCondition(where, 'update', 'change');
    const returning = options?.returning === true;
    if (condition.kind === 'none') return returning ? [] : 0;
    const updatedAt = (this.updatedAt ??= this.table.columns.find((c) => c.meta.timestamp === 'updatedAt') ?? null);
    if (updatedAt && !data.has(updatedAt)) data.set(updatedAt, { kind: 'value', value: this.stampNow() });
    bumpVersion(this.table as EntityTable, data);
    const driver = this.context.dialect.runtime;
    // The values set as such (not computed by the database), to name them in a constraint violation.
    const written = (): Record<string, unknown> => Object.fromEntries(Object.entries(values as object).filter(([k]) => data.get(this.table.column(k, 'update'))?.kind === 'value'));
    const onViolation: ViolationHandler = (violation, cause) => describeViolation(this.context, this.table, violation, cause, [written()]);
    if (returning && !this.context.dialect.capabilities.returning.update) {
      const set = (params: Params): string => [...data].map(([column, assigned]) => renderAssignment(column, assigned, params, driver)).join(', ');
      return (await updateReturning(this.context, this.table as EntityTable, condition, set, onViolation)).map((row) => this.table.hydrate(row));
    }
    const { sql, params } = updateStatement(this.table as EntityTable, data, condition, this.returningSql('update', returning, 'update'), driver);
    if (!returning) this.repeatedUpdate = RepeatedUpdate.of(this.table as EntityTable, where as object, values as object, data, condition, sql);
    const result = await this.context.executor.run(sql, params, returning, onViolation, returning && driver.positionalRows);
    return returning ? result.rows.map((row: Row) => this.table.hydrate(row)) : result.count;
  }

  /**
   * Deletes the rows matching `where`; resolves to how many, or with `{ returning: true }` to the deleted rows as
   * entities. Refuses a where that selects every row. With a `@DeletedAt` column, sets it on the rows not deleted
   * yet instead (a soft delete), unless `{ hard: true }`.
   */
  delete(where: Where<T>, options?: DeleteOptions & { readonly returning?: false }): Promise<number>;
  delete(where: Where<T>, options: DeleteOptions & Returning): Promise<T[]>;
  delete(where: Where<T>, options?: DeleteOptions): Promise<number | T[]>;
  async delete(where: Where<T>, options: DeleteOptions = {}): Promise<number | T[]> {
    checkOptions(options, DELETE_OPTIONS, `delete on ${this.table.className}`);
    let condition = this.requiredCondition(where, 'delete', 'delete');
    const returning = options.returning === true;
    const deletedAt = options.hard ? undefined : deletedAtColumn(this.table as EntityTable);
    if (deletedAt) condition = combine('and', [condition, { kind: 'isNull', column: deletedAt, negated: false }]);
    if (condition.kind === 'none') return returning ? [] : 0;
    const driver = this.context.dialect.runtime;
    const onViolation: ViolationHandler = (violation, cause) => describeViolation(this.context, this.table, violation, cause);
    const now = deletedAt && driver.toDb('datetime', new Date());
    if (deletedAt && returning && !this.context.dialect.capabilities.returning.update) {
      const rows = await updateReturning(this.context, this.table as EntityTable, condition, (params) => `${deletedAt.quoted} = ${params.add(now)}`, onViolation);
      return rows.map((row) => this.table.hydrate(row));
    }
    const params = new Params(driver);
    const statement = deletedAt ? `UPDATE ${this.table.quoted} SET ${deletedAt.quoted} = ${params.add(now)}` : `DELETE FROM ${this.table.quoted}`;
    const sql = `${statement}${this.whereClause(condition, params)}${this.returningSql(deletedAt ? 'update' : 'delete', returning, 'delete')}`;
    const result = await this.context.executor.run(sql, params.values, returning, onViolation, returning && driver.positionalRows);
    return returning ? result.rows.map((row: Row) => this.table.hydrate(row)) : result.count;
  }

  /**
   * Inserts rows, or where one conflicts with an existing row over `onConflict` (the primary key or a unique
   * constraint), updates that row instead: one statement per batch (`INSERT … ON CONFLICT … DO UPDATE`).
   * Resolves to how many rows were given, or with `{ returning: true }` to the rows written, as entities.
   * @example await users.upsert(rows, { onConflict: ['email'], update: ['name'] });
   */
  upsert(rows: Values<T> | readonly Values<T>[], options: UpsertOptions<T> & Returning): Promise<T[]>;
  upsert(rows: Values<T> | readonly Values<T>[], options: UpsertOptions<T>): Promise<number>;
  async upsert(rows: Values<T> | readonly Values<T>[], options: UpsertOptions<T>): Promise<number | T[]> {
    // Options that are not an object get UpsertPlan's message, which says what onConflict is.
    if (typeof options === 'object' && options !== null && !Array.isArray(options)) checkOptions(options, UPSERT_OPTIONS, `upsert on ${this.table.className}`);
    const plan = new UpsertPlan(this.table as EntityTable, options as UpsertOptions<unknown>, this.context.dialect.capabilities.upsert);
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly Values<T>[];
    plan.checkRows(list as readonly Record<string, unknown>[]);
    const returning = options.returning === true;
    const onConflict = this.context.dialect.runtime.onConflict;
    const bump = upsertVersionBump(this.table as EntityTable);
    const clause = (shape: InsertShape): string => plan.clause(shape, shape.stamped, (target, update) => onConflict(target, update, bump));
    if (returning && plan.ignores && this.context.dialect.runtime.upsertReturnsIgnored) return this.insertIgnoring(list, plan, clause);
    const written = await this.insertRows(list, returning, clause);
    return returning ? written.filter((row) => row !== undefined) : list.length;
  }

  /**
   * An upsert that leaves conflicting rows alone and returns the inserted ones, where the engine returns the others
   * too (RuntimeDriver.upsertReturnsIgnored): in one transaction, the keys of the rows the target matches are read
   * and locked, and the rows returned with one of those keys are left out.
   */
  private insertIgnoring(rows: readonly Values<T>[], plan: UpsertPlan, clause: (shape: InsertShape) => string): Promise<T[]> {
    return inTransaction(this.context, async (context) => {
      const table = this.table as EntityTable;
      const existing = new Set((await lockedKeys(context, table, buildCondition(table, plan.targetWhere(rows as readonly Record<string, unknown>[])))).map(keyText));
      const written = await context.repository(table.meta.target as EntityClass<T>).insertRows(rows, true, clause);
      return written.filter((row) => row !== undefined && !existing.has(keyText(table.primaryKey.map((c) => c.compare((row as Record<string, unknown>)[c.property], 'upsert')))));
    });
  }

  /**
   * Optimistic locking: applies `changes` to the row of `entity` (as it was read) only if the row still has the
   * entity's `@Version`, adding 1 to it, and resolves to the row as updated; when another writer changed or
   * deleted the row since, throws `StaleEntityError` and changes nothing. `entity` itself is left as it was.
   * @example const fresh = await accounts.updateVersioned(account, { balance: '10.00' });
   */
  async updateVersioned(entity: T, changes: UpdateValues<T>): Promise<T> {
    const { key, version, expected } = versionedWhere(this.table as EntityTable, entity);
    const [updated] = await this.update({ ...key, [version.property]: expected } as Where<T>, changes, { returning: true });
    if (updated) return updated;
    const now = await this.findById(this.table.primaryKey.length === 1 ? (Object.values(key)[0] as Id) : key);
    throw new StaleEntityError(this.table.className, key, expected, now ? (now as Record<string, unknown>)[version.property] : null);
  }

  /**
   * Undoes soft deletes: clears the `@DeletedAt` of the deleted rows matching `where`; resolves to how many, or with
   * `{ returning: true }` to the restored rows. Refuses a where that selects every row.
   * @example await posts.restore({ id });
   */
  restore(where: Where<T>): Promise<number>;
  restore(where: Where<T>, options: Returning): Promise<T[]>;
  async restore(where: Where<T>, options: { readonly returning?: boolean } = {}): Promise<number | T[]> {
    checkOptions(options, RETURNING_OPTIONS, `restore on ${this.table.className}`);
    const deletedAt = requireDeletedAt(this.table as EntityTable, 'restore');
    const condition = combine('and', [this.requiredCondition(where, 'restore', 'restore'), { kind: 'isNull', column: deletedAt, negated: true }]);
    const returning = options.returning === true;
    if (condition.kind === 'none') return returning ? [] : 0;
    const driver = this.context.dialect.runtime;
    if (returning && !this.context.dialect.capabilities.returning.update) {
      const rows = await updateReturning(this.context, this.table as EntityTable, condition, () => `${deletedAt.quoted} = NULL`, (violation, cause) => describeViolation(this.context, this.table, violation, cause));
      return rows.map((row) => this.table.hydrate(row));
    }
    const params = new Params(driver);
    const sql = `UPDATE ${this.table.quoted} SET ${deletedAt.quoted} = NULL${this.whereClause(condition, params)}${this.returningSql('update', returning, 'restore')}`;
    const result = await this.context.executor.run(sql, params.values, returning, undefined, returning && driver.positionalRows);
    return returning ? result.rows.map((row: Row) => this.table.hydrate(row)) : result.count;
  }

  /** The condition of a read's where, leaving soft-deleted rows out unless `withDeleted`. */
  private readCondition(where: Where<T> | undefined, withDeleted: boolean | undefined): Condition {
    return combine('and', [buildCondition(this.table, where), notDeleted(this.table as EntityTable, withDeleted) ?? ALL]);
  }

  /** How many rows match. */
  async count(options: { where?: Where<T>; primary?: boolean } & SoftDeleteOptions = {}): Promise<number> {
    checkOptions(options, COUNT_OPTIONS, `count on ${this.table.className}`, this.table as EntityTable, SHAPING_OPTIONS);
    const routed = this.onReplica(options, (repository, primary) => repository.count({ ...options, primary }));
    if (routed) return routed;
    const condition = this.readCondition(options.where, options.withDeleted);
    if (condition.kind === 'none') return 0;
    const params = new Params(this.context.dialect.runtime);
    const rows = await this.context.executor.rows(`SELECT COUNT(*) AS ${this.context.dialect.quote('count')} FROM ${this.table.quoted}${this.whereClause(condition, params)}`, params.values);
    return Number(rows[0]!.count);
  }

  /**
   * A read run by this repository's twin on a read replica, when the Orm has replicas, this is not a transaction
   * and the read does not ask for the primary; undefined when the read runs here. `read` gets the repository to
   * run on, and whether that is the primary (a fallback, which must not be routed again).
   */
  private onReplica<R>(options: { primary?: boolean }, read: (repository: Repository<T>, primary: boolean) => Promise<R>): Promise<R> | undefined {
    const replicas = this.context.replicas;
    if (!replicas || options.primary) return undefined;
    return replicas.read(this.context, (context) => read(context.repository(this.table.meta.target as EntityClass<T>), context === this.context));
  }

  /** ` WHERE …` for a condition, or nothing when it holds for every row. */
  private whereClause(condition: Condition, params: Params): string {
    return condition.kind === 'all' ? '' : ` WHERE ${renderCondition(condition, params, this.context.dialect.runtime)}`;
  }

  /** Rows of a validated query, hydrated by the projection that selected them, with their includes loaded. */
  private async load(sql: string, params: readonly unknown[], include: Record<string, unknown> | undefined, projection: Projection<T>): Promise<T[]> {
    const rows = await this.context.executor.entityRows(sql, params);
    const entities = rows.map((row) => projection.hydrate(row));
    if (include && entities.length > 0) await loadIncludes(this.context, this.table, entities, include);
    return entities;
  }

  /** The RETURNING clause of a statement that must (`wanted`) resolve to its rows: see `returningClause`. */
  private returningSql(statement: WritingStatement, wanted: boolean, operation: string): string {
    return returningClause(this.context.dialect.capabilities, statement, this.table, wanted, operation);
  }

  /** Inserts rows grouped by shape; `conflict` gives an upsert's clause for a shape. */
  private async insertRows(given: readonly object[], returning: boolean, conflict?: (shape: InsertShape) => string): Promise<T[]> {
    if (given.length === 0) return [];
    const rows = foreignKeysFromRelations(this.table, given as readonly Record<string, unknown>[]);
    const groups = new Map<InsertShape, { index: number; row: Record<string, unknown> }[]>();
    rows.forEach((row, index) => {
      const shape = this.insertShape(row as Record<string, unknown>);
      const group = groups.get(shape);
      if (group) group.push({ index, row: row as Record<string, unknown> });
      else groups.set(shape, [{ index, row: row as Record<string, unknown> }]);
    });
    const statements = this.insertStatements(groups, conflict);
    const first = statements.next();
    const second = first.done ? first : statements.next();
    const all = function* (): Generator<InsertStatement> {
      if (!first.done) yield first.value;
      if (!second.done) yield second.value;
      yield* statements;
    };
    // More than one statement: all of them or none, in the transaction open or one begun for them.
    if (second.done) return this.runInserts(all(), rows.length, returning);
    return inTransaction(this.context, (context) => context.repository(this.table.meta.target as EntityClass<T>).runInserts(all(), rows.length, returning));
  }

  /** The INSERT statements of rows grouped by shape, made as they are run (their encoded values one batch at a time). */
  private *insertStatements(groups: Map<InsertShape, { index: number; row: Record<string, unknown> }[]>, conflict?: (shape: InsertShape) => string): Generator<InsertStatement> {
    for (const [shape, members] of groups) {
      const clause = conflict?.(shape) ?? '';
      for (const chunk of this.chunks(shape, members, clause)) yield { shape, chunk, conflict: clause };
    }
  }

  /** Runs INSERT statements in turn; with `returning`, the entities in the order of the rows given. */
  private async runInserts(statements: Iterable<InsertStatement>, count: number, returning: boolean): Promise<T[]> {
    const inserted: T[] = new Array(returning ? count : 0);
    // The rows of the statements run so far, in which a violated key may have been given first.
    const earlier: Record<string, unknown>[][] = [];
    for (const { shape, chunk, conflict } of statements) {
      const created = await this.insertChunk(shape, chunk.rows, chunk.encoded, returning, conflict, earlier);
      if (returning) chunk.members.forEach((m, k) => (inserted[m.index] = created[k]!));
      earlier.push(chunk.rows);
    }
    return inserted;
  }

  /**
   * The rows of one INSERT statement each. Under the engine's parameter limit; with a row set, up to its
   * number of rows and its size, counted on the encoded values (a string's length, twice a binary's bytes:
   * hex), so large values split the rows before the text of one parameter grows past what V8 or the server take.
   */
  private *chunks<M extends { row: Record<string, unknown> }>(shape: InsertShape, members: M[], conflict: string): Generator<{ members: M[]; rows: Record<string, unknown>[]; encoded?: unknown[] }> {
    const { rowSet, maxStatementChars } = this.context.dialect.runtime;
    if (this.insertsRowByRow(shape, members.length, conflict)) {
      // One statement prepared once and run per row has no parameter limit: every row in one go.
      yield { members, rows: members.map((m) => m.row) };
      return;
    }
    if (!rowSet || members.length === 1 || shape.given.length === 0) {
      const batch = this.batchSize(shape);
      for (let start = 0; start < members.length; start += batch) {
        const chunk = members.slice(start, start + batch);
        if (maxStatementChars === undefined || chunk.length === 1) yield { members: chunk, rows: chunk.map((m) => m.row) };
        else yield* bySize(chunk, shape, maxStatementChars);
      }
      return;
    }
    let start = 0;
    let size = 0;
    let encoded: unknown[] = [];
    for (let i = 0; i < members.length; i++) {
      const row = members[i]!.row;
      for (const { key, column } of shape.given) {
        const value = column.write(row[key], 'insert');
        encoded.push(value);
        size += typeof value === 'string' ? value.length : ArrayBuffer.isView(value) ? 2 * value.byteLength : 8;
      }
      if (i + 1 === members.length || i + 1 - start === rowSet.maxRows || size >= rowSet.maxChars) {
        const chunk = members.slice(start, i + 1);
        yield { members: chunk, rows: chunk.map((m) => m.row), encoded };
        start = i + 1;
        size = 0;
        encoded = [];
      }
    }
  }

  /** The columns a row gives (validated once per distinct set of keys), plus the timestamps it does not give. */
  private insertShape(row: Record<string, unknown>): InsertShape {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new QueryError(`insert on ${this.table.className} takes an object of column values.`);
    if (this.lastShape && sameKeys(row, this.lastKeys)) return this.lastShape;
    // Every key is looked up before it joins the signature, so a key that is not a property (one holding the
    // separator, say) is refused rather than read as the properties it seems to list.
    let signature = '';
    for (const key in row) if (row[key] !== undefined) signature += `${this.table.column(key, 'insert').property}\u0000`;
    let shape = this.shapes.get(signature);
    if (!shape) {
      const given = signature.split('\u0000').slice(0, -1).map((key) => ({ key, column: this.table.column(key, 'insert') }));
      const stamped = this.table.columns.filter((c) => c.meta.timestamp && !given.some((g) => g.column === c));
      const names = [...stamped, ...given.map((g) => g.column)].map((c) => c.quoted).join(', ');
      this.shapes.set(signature, (shape = { given, stamped, columnList: names }));
    }
    this.lastKeys = [];
    for (const key in row) if (row[key] !== undefined) this.lastKeys.push(key);
    this.lastShape = shape;
    return shape;
  }

  /** Rows per INSERT statement with a VALUES list: under the engine's parameter limit. */
  private batchSize(shape: InsertShape): number {
    // SQLite has no DEFAULT in VALUES lists, and DEFAULT VALUES (the driver's insertDefaults) inserts one row.
    if (shape.given.length === 0 && shape.stamped.length === 0) return 1;
    return Math.max(1, Math.floor(this.context.dialect.capabilities.maxParameters / Math.max(1, shape.given.length + shape.stamped.length)));
  }

  /**
   * One INSERT statement; `encoded` holds the rows' values for the row set, when the rows go in one, and `earlier`
   * the rows of the call's statements before it (see describeViolation).
   */
  private async insertChunk(shape: InsertShape, rows: Record<string, unknown>[], encoded: unknown[] | undefined, returning: boolean, conflict: string, earlier: readonly Record<string, unknown>[][]): Promise<T[]> {
    const driver = this.context.dialect.runtime;
    const onViolation: ViolationHandler = (violation, cause) => describeViolation(this.context, this.table, violation, cause, rows, [...earlier.flat(), ...rows]);
    if (this.insertsRowByRow(shape, rows.length, conflict)) return this.insertEach(shape, rows, returning, onViolation);
    const params: unknown[] = [];
    // Every row's timestamps are the time of this statement, bound once per row (parameters are numbered in
    // order: not every engine can refer to one twice).
    const now = shape.stamped.length ? driver.toDb('datetime', new Date()) : undefined;
    let values: string;
    if (shape.given.length === 0 && shape.stamped.length === 0) values = driver.insertDefaults;
    else if (driver.rowSet && encoded) {
      const add = (value: unknown): string => {
        params.push(value);
        return driver.placeholder(params.length);
      };
      const columns = shape.given.map((g) => ({ name: g.column.name, quoted: g.column.quoted, type: g.column.meta.type }));
      values = `(${shape.columnList}) ${driver.rowSet.rows(this.table.quoted, shape.stamped.map((c) => ({ value: now, type: c.meta.type })), columns, encoded, add)}`;
    } else {
      values = `(${shape.columnList}) VALUES `;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        values += r === 0 ? '(' : ', (';
        for (let k = 0; k < shape.stamped.length; k++) {
          params.push(now);
          values += (k === 0 ? '' : ', ') + driver.placeholder(params.length);
        }
        for (let k = 0; k < shape.given.length; k++) {
          const { key, column } = shape.given[k]!;
          params.push(column.write(row[key], 'insert'));
          values += (k === 0 && shape.stamped.length === 0 ? '' : ', ') + driver.placeholder(params.length);
        }
        values += ')';
      }
    }
    const result = await this.context.executor.run(`INSERT INTO ${this.table.quoted} ${values}${conflict}${this.returningSql('insert', returning, 'insert')}`, params, returning,
      onViolation, returning && driver.positionalRows);
    return returning ? result.rows.map((row: Row) => this.table.hydrate(row)) : [];
  }

  /** Whether rows of this shape go in as one single-row INSERT run for each (see `insertEach`). */
  private insertsRowByRow(shape: InsertShape, rows: number, conflict: string): boolean {
    const driver = this.context.dialect.runtime;
    return driver.runEach !== undefined && rows > 1 && !conflict && shape.given.length > 0;
  }

  /**
   * The rows of one shape on a synchronous driver that offers it (RuntimeDriver.runEach): a single-row INSERT,
   * prepared once, run for each row, all or none. As a statement of many rows, every row's timestamps are the
   * time of the batch.
   */
  private async insertEach(shape: InsertShape, rows: Record<string, unknown>[], returning: boolean, onViolation: ViolationHandler): Promise<T[]> {
    const driver = this.context.dialect.runtime;
    const now = shape.stamped.length ? driver.toDb('datetime', new Date()) : undefined;
    // Many rows: their time written into a statement prepared for them, rather than bound again in every row.
    const literal = now !== undefined && rows.length >= STAMPS_IN_TEXT ? driver.stampLiteral?.(now) : undefined;
    // Otherwise each timestamp a parameter of its own: a reused marker would cost better-sqlite3 an object per row.
    const stamp = literal ? [] : shape.stamped.map(() => now);
    const single = literal ? this.singleRowInsert(shape, shape.stamped.map(() => literal)) : (shape.singleRow ??= this.singleRowInsert(shape));
    const sql = `${single}${this.returningSql('insert', returning, 'insert')}`;
    const paramLists = rows.map((row) => {
      const params = stamp.slice();
      for (let k = 0; k < shape.given.length; k++) params.push(shape.given[k]!.column.write(row[shape.given[k]!.key], 'insert'));
      return params;
    });
    const result = await this.context.executor.runEach(sql, paramLists, returning, onViolation, returning && driver.positionalRows, !literal);
    return returning ? result.rows.map((row: Row) => this.table.hydrate(row)) : [];
  }

  /**
   * The single-row INSERT of a shape: its timestamps given as `stamps` (SQL text), else bound first; then a marker
   * for each value the rows give.
   */
  private singleRowInsert(shape: InsertShape, stamps?: readonly string[]): string {
    const { placeholder } = this.context.dialect.runtime;
    const stamped = stamps ?? shape.stamped.map((_, i) => placeholder(i + 1));
    const first = stamps ? 1 : shape.stamped.length + 1;
    return `INSERT INTO ${this.table.quoted} (${shape.columnList}) VALUES (${[...stamped, ...shape.given.map((_, i) => placeholder(first + i))].join(', ')})`;
  }

  /** What an update sets, column by column, checked and encoded; undefined values are left out. */
  private assignments(values: object, usage: string): Map<ColumnPlan, Assignment> {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new QueryError(`${usage} on ${this.table.className} takes an object of column values.`);
    }
    const data = new Map<ColumnPlan, Assignment>();
    for (const [property, value] of Object.entries(values)) {
      if (value !== undefined) {
        const column = this.table.column(property, usage);
        data.set(column, assignment(this.table as EntityTable, column, value, usage));
      }
    }
    return data;
  }

  /**
   * The condition of an update's or delete's where, refused when it selects every row, whatever its shape:
   * `{}`, `{ id: undefined }`, `{ and: [] }`, `{ or: [{ name: undefined }] }` all do.
   */
  private requiredCondition(where: Where<T>, usage: string, verb: string): Condition {
    const condition = buildCondition(this.table, where);
    if (condition.kind === 'all') {
      throw new QueryError(
        `${usage} on ${this.table.className} needs a where that selects rows: this one selects every row of ${this.table.name}, so it would ${verb} them all ` +
          '(properties set to undefined, {} and empty and-lists count as absent). To do that on purpose, use orm.knex directly.',
      );
    }
    return condition;
  }
}

/**
 * The rows of one VALUES list split so that each statement's values stay under `maxChars` characters (a string's
 * length, twice a binary's bytes), a row alone whatever its size (see RuntimeDriver.maxStatementChars).
 */
function* bySize<M extends { row: Record<string, unknown> }>(members: M[], shape: InsertShape, maxChars: number): Generator<{ members: M[]; rows: Record<string, unknown>[] }> {
  let start = 0;
  let size = 0;
  for (let i = 0; i < members.length; i++) {
    let rowSize = 0;
    for (const { key } of shape.given) {
      const value = members[i]!.row[key];
      rowSize += typeof value === 'string' ? value.length : ArrayBuffer.isView(value) ? 2 * value.byteLength : 8;
    }
    if (i > start && size + rowSize > maxChars) {
      const chunk = members.slice(start, i);
      yield { members: chunk, rows: chunk.map((m) => m.row) };
      start = i;
      size = 0;
    }
    size += rowSize;
  }
  const chunk = members.slice(start);
  yield { members: chunk, rows: chunk.map((m) => m.row) };
}

/** Whether `row` gives exactly `keys`, in that order (undefined values not counted). */
function sameKeys(row: Record<string, unknown>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in row) {
    if (row[key] === undefined) continue;
    if (keys[i] !== key) return false;
    i++;
  }
  return i === keys.length;
}

/** One INSERT statement of insertMany: rows of one shape, their values encoded for a row set where there is one. */
interface InsertStatement {
  readonly shape: InsertShape;
  readonly chunk: { readonly members: readonly { index: number; row: Record<string, unknown> }[]; readonly rows: Record<string, unknown>[]; readonly encoded?: unknown[] };
  readonly conflict: string;
}

/** How rows giving one set of keys are inserted: their columns, and the timestamps added to them. */
interface InsertShape {
  readonly given: readonly { readonly key: string; readonly column: ColumnPlan }[];
  readonly stamped: readonly ColumnPlan[];
  readonly columnList: string;
  /** Its single-row INSERT, on drivers that insert row by row (see `insertEach`). */
  singleRow?: string;
}

function count(value: number | undefined, name: string, table: EntityTable): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) throw new QueryError(`${name} on ${table.className} must be a whole number, 0 or more (got ${value}).`);
  return value;
}
