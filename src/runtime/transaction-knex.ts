import type { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import { QueryError } from './errors';

/** knex's constructor of knex objects, with which it also makes each transaction's: not in its typed API. */
const makeKnex = (): ((client: unknown) => Knex) => require('knex/lib/knex-builder/make-knex') as (client: unknown) => Knex;

/** What knex's clients hold that a transaction's copy of one takes over (as knex's own makeTxClient does). */
type KnexClient = EventEmitter & Record<string, unknown> & {
  constructor: { prototype: object };
  query(connection: unknown, query: unknown): Promise<unknown>;
  stream(connection: unknown, query: unknown, stream: unknown, options: unknown): Promise<unknown>;
};

const COPIED = ['version', 'config', 'driver', 'connectionSettings', 'valueForUndefined', 'logger'] as const;
const EVENTS = ['start', 'query', 'query-error', 'query-response'] as const;

/**
 * `tx.knex`: a knex transaction object over a transaction the runtime began itself (see TransactionScope), made
 * only when asked for. Its queries run on the transaction's connection, as on a transaction knex began, and are
 * refused once `completed()` says the transaction (or savepoint) ended; `transaction(fn)` and `savepoint(fn)` on it
 * run `fn` in a savepoint through `nest`, the runtime's own, so that knex's and Strata's nested transactions take
 * turns on the connection and end with it. It sends no BEGIN, COMMIT or ROLLBACK: the transaction ends when orm.transaction's callback returns
 * or throws, so `commit()` and `rollback()` refuse, saying so. Its client is copied from the pool's the way knex
 * copies it for its own transactions (knex/lib/execution/transaction.js), its events passed on to the pool's client.
 */
export function knexOnConnection(
  knex: Knex, connection: unknown, completed: () => boolean, nest: (body: (trx: Knex.Transaction) => Promise<unknown>) => Promise<unknown>,
): Knex.Transaction {
  const client = knex.client as unknown as KnexClient;
  const trxClient = Object.create(client.constructor.prototype) as KnexClient;
  for (const key of COPIED) trxClient[key] = client[key];
  trxClient.transacting = true;
  for (const event of EVENTS) trxClient.on(event, (...args: unknown[]) => client.emit(event, ...args));
  const check = (used: unknown): void => {
    if (used !== connection) throw new Error('Invalid connection for transaction query.');
    if (completed()) throw new QueryError('This transaction has already committed or rolled back; run the query inside the transaction callback, or outside it through orm.');
  };
  const { query, stream } = trxClient;
  trxClient.query = (used, q) => new Promise((resolve) => {
    check(used);
    resolve(query.call(trxClient, used, q));
  });
  trxClient.stream = (used, q, s, options) => new Promise((resolve) => {
    check(used);
    resolve(stream.call(trxClient, used, q, s, options));
  });
  trxClient.acquireConnection = () => Promise.resolve(connection);
  trxClient.releaseConnection = () => Promise.resolve();
  const trx = makeKnex()(trxClient) as Knex.Transaction;
  const refuse = (): Promise<never> => Promise.reject(new QueryError(
    "tx.knex is the transaction of orm.transaction's callback, which commits when the callback returns and rolls back when it throws: return or throw instead of calling commit() or rollback().",
  ));
  const nested = (container?: unknown): Promise<unknown> => typeof container === 'function'
    ? nest(async (child) => (container as (t: Knex.Transaction) => unknown)(child))
    : Promise.reject(new QueryError('tx.knex.transaction() takes a callback, run in a savepoint that ends when it returns or throws.'));
  Object.assign(trx, { isTransaction: true, isCompleted: completed, commit: refuse, rollback: refuse, savepoint: nested });
  // knex defines transaction() as an accessor that calls its context's: that is where a transaction's own goes.
  (trx as unknown as { context: Record<string, unknown> }).context.transaction = nested;
  return trx;
}
