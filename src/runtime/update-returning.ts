import type { Knex } from 'knex';
import type { Row } from '../dialects/runtime-driver';
import type { Condition } from './condition';
import type { EntityTable } from './entity-table';
import type { ViolationHandler } from './executor';
import type { QueryContext } from './query-context';
import { TransactionScope } from './transaction-scope';
import { Params, renderCondition } from './where';

/**
 * An UPDATE that resolves to the rows it changed, on an engine without `UPDATE … RETURNING` (MariaDB, MySQL;
 * Capabilities.returning.update): in one transaction (the one open, or one begun for it), the keys of the rows
 * matching `condition` are read and locked (`SELECT … FOR UPDATE`), those rows are updated by their keys, and read
 * back by them. The lock keeps every other writer off the rows between the three statements, so the rows returned
 * are the rows changed, as the change left them; the rows come back in primary key order. `set` renders the SET
 * list's assignments with the statement's parameters.
 */
export async function updateReturning(context: QueryContext, table: EntityTable, condition: Condition, set: (params: Params) => string, onViolation: ViolationHandler): Promise<Row[]> {
  return inTransaction(context, async (inner) => {
    const driver = inner.dialect.runtime;
    const keys = await lockedKeys(inner, table, condition);
    if (keys.length === 0) return [];
    const update = new Params(driver);
    const assignments = set(update);
    await inner.executor.run(`UPDATE ${table.quoted} SET ${assignments} WHERE ${byKeys(table, keys, update)}`, update.values, false, onViolation);
    const read = new Params(driver);
    const where = byKeys(table, keys, read);
    const order = table.primaryKey.map((c) => `${c.quoted} ASC`).join(', ');
    return inner.executor.entityRows(`SELECT ${table.selectList} FROM ${table.quoted} WHERE ${where} ORDER BY ${order}`, read.values);
  });
}

/**
 * The primary keys of the rows matching `condition`, locked until the transaction ends, each as the values of its
 * key columns in order, decoded and encoded again as the column's values (a bigint key read as text is bound back as
 * an integer, which compares exactly).
 */
export async function lockedKeys(context: QueryContext, table: EntityTable, condition: Condition): Promise<unknown[][]> {
  const driver = context.dialect.runtime;
  const columns = table.primaryKey.map((c) => driver.selectColumn(c.name, c.meta.type)).join(', ');
  const decoders = table.primaryKey.map((c) => driver.decoder(c.meta.type, c.meta.scale));
  const params = new Params(driver);
  const where = condition.kind === 'all' ? '' : ` WHERE ${renderCondition(condition, params, driver)}`;
  const rows = await context.executor.rows(`SELECT ${columns} FROM ${table.quoted}${where}${driver.lockClause('update', 'wait')}`, params.values);
  return rows.map((row) => table.primaryKey.map((c, i) => {
    const value = row[c.name];
    return c.compare(value === null || value === undefined ? null : (decoders[i]?.(value) ?? value), 'update');
  }));
}

/** The condition selecting the rows of `keys`: one list parameter for a single-column key, else key by key. */
function byKeys(table: EntityTable, keys: readonly unknown[][], params: Params): string {
  const driver = table.driver;
  const [first] = table.primaryKey;
  if (table.primaryKey.length === 1) return driver.inList(first!.quoted, params.add(driver.listParameter(first!.meta.type, keys.map((k) => k[0]))), first!.meta.type, false);
  return keys.map((key) => `(${table.primaryKey.map((c, i) => `${c.quoted} = ${params.add(key[i])}`).join(' AND ')})`).join(' OR ');
}

/** Runs `fn` in the transaction `context` is in, or, outside one, in a transaction of its own. */
export function inTransaction<R>(context: QueryContext, fn: (context: QueryContext) => Promise<R>): Promise<R> {
  if (context.scope || typeof (context.knex as Knex.Transaction).isCompleted === 'function') return fn(context);
  const root = context.root ?? context;
  root.openTransactions++;
  return TransactionScope.run(context.knex as Knex, context.dialect.runtime, (scope) => fn(context.inScope(scope))).finally(() => root.openTransactions--);
}

/** A key's values (encoded, as `lockedKeys` gives them) as one string, to look keys up in a set. */
export function keyText(key: readonly unknown[]): string {
  return JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : v));
}
