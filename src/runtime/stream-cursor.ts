import type { Knex } from 'knex';
import type { CursorStatements } from '../dialects/runtime-driver';
import type { QueryContext } from './query-context';
import { type BatchSource, entitiesOf, orderList, type StreamPlan } from './stream-plan';
import { Params, renderCondition } from './where';

let cursors = 0;

/**
 * Batches fetched from a server-side cursor. A cursor lives on one connection: in a transaction, the
 * transaction's; outside one, a transaction of its own is opened around it, which holds one connection of the
 * pool until the stream ends, is broken out of, or fails (then it rolls back). The includes of each batch are
 * loaded on the same connection.
 */
export class CursorBatches<T> implements BatchSource<T> {
  private readonly name: string;
  private opened?: { readonly on: QueryContext; readonly trx?: Knex.Transaction };
  private done = false;
  private closed = false;
  readonly readAhead: boolean;

  constructor(private readonly context: QueryContext, private readonly plan: StreamPlan<T>, private readonly cursor: CursorStatements) {
    this.name = context.dialect.quote(`strata_cursor_${++cursors}`);
    this.readAhead = context.root === undefined;
  }

  async next(): Promise<T[]> {
    if (this.done) return [];
    this.opened ??= await this.open();
    const { on } = this.opened;
    const rows = await on.executor.entityRows(this.cursor.fetch(this.name, this.plan.batchSize), []);
    if (rows.length < this.plan.batchSize) this.done = true;
    const entities = await entitiesOf(on, this.plan, rows);
    // The last batch: the connection goes back before the batch is consumed.
    if (this.done) await this.close();
    return entities;
  }

  async close(error?: unknown): Promise<void> {
    if (this.closed) return;
    this.closed = this.done = true;
    const opened = this.opened;
    if (!opened) return;
    if (opened.trx) {
      // Ending the transaction closes the cursor.
      if (error === undefined) await opened.trx.commit();
      else await opened.trx.rollback().catch(() => undefined);
      return;
    }
    if (opened.on.executor.isCompleted()) return;
    const closing = opened.on.executor.run(this.cursor.close(this.name), [], false);
    // After a failed statement, PostgreSQL refuses every other until the transaction rolls back, closing the cursor.
    await (error === undefined ? closing : closing.catch(() => undefined));
  }

  private async open(): Promise<{ on: QueryContext; trx?: Knex.Transaction }> {
    const { table, condition, keys } = this.plan;
    const driver = this.context.dialect.runtime;
    const params = new Params(driver);
    const where = renderCondition(condition, params, driver);
    const query = `SELECT ${table.selectList} FROM ${table.quoted}${where ? ` WHERE ${where}` : ''} ORDER BY ${orderList(keys)}`;
    const trx = this.context.root === undefined ? await (this.context.knex as Knex).transaction() : undefined;
    const on = trx ? this.context.on(trx) : this.context;
    try {
      await on.executor.run(this.cursor.declare(this.name, query), params.values, false);
    } catch (error) {
      await trx?.rollback().catch(() => undefined);
      throw error;
    }
    return { on, trx };
  }
}
