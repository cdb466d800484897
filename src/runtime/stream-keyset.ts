import type { KeysetStreaming } from '../dialects/runtime-driver';
import type { QueryContext } from './query-context';
import { type BatchSource, entitiesOf, orderList, type SortKey, type StreamPlan } from './stream-plan';
import { Params, renderCondition } from './where';

/**
 * Batches read by keyset: each one a query of its own, `WHERE <where> AND <after the last row> ORDER BY <keys>
 * LIMIT <batch>`, so no connection, statement or transaction is held between batches (on SQLite, whose single
 * connection the loop's body needs for its own queries). Every batch sees the table as it is then: rows
 * written behind the last one read are not seen, rows written ahead of it are.
 */
export class KeysetBatches<T> implements BatchSource<T> {
  /** The last row's key values, as read (see KeysetStreaming.keyColumn). */
  private last?: readonly unknown[];
  private done = false;
  private readonly select: string;
  /** Where each key's value is in a row: its column of the select list when that reads it exactly, else an extra one. */
  private readonly keyAt: readonly (string | number)[];
  readonly readAhead: boolean;

  constructor(private readonly context: QueryContext, private readonly plan: StreamPlan<T>, private readonly strategy: KeysetStreaming) {
    this.readAhead = context.root === undefined;
    const { table, keys } = plan;
    const driver = context.dialect.runtime;
    const extra: string[] = [];
    this.keyAt = keys.map((k) => {
      const name = k.column.name;
      const type = k.column.meta.type;
      if (strategy.keyColumn(k.column.quoted, type) === driver.selectColumn(name, type)) {
        return driver.positionalRows ? table.columns.indexOf(k.column) : name;
      }
      const alias = `__strata_key_${extra.length}`;
      extra.push(`${strategy.keyColumn(k.reference, type)} AS ${context.dialect.quote(alias)}`);
      return driver.positionalRows ? table.columns.length + extra.length - 1 : alias;
    });
    this.select = `SELECT ${[table.selectList, ...extra].join(', ')} FROM ${table.quoted}`;
  }

  async next(): Promise<T[]> {
    if (this.done) return [];
    const { condition, keys, batchSize } = this.plan;
    const driver = this.context.dialect.runtime;
    const params = new Params(driver);
    const clauses: string[] = [];
    const where = renderCondition(condition, params, driver, undefined, 'and');
    if (where) clauses.push(where);
    if (this.last) {
      const after = afterLast(keys, this.last, params, this.strategy.nullsFirst);
      if (after === undefined) return this.finish();
      clauses.push(after);
    }
    const sql = `${this.select}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY ${orderList(keys)}${driver.limit(batchSize, undefined)}`;
    const rows = await this.context.executor.entityRows(sql, params.values);
    if (rows.length < batchSize) this.done = true;
    if (rows.length > 0) {
      const row = rows[rows.length - 1]! as Record<string | number, unknown>;
      this.last = this.keyAt.map((at) => row[at]);
    }
    return entitiesOf(this.context, this.plan, rows);
  }

  async close(): Promise<void> {
    this.done = true;
  }

  private finish(): T[] {
    this.done = true;
    return [];
  }
}

/**
 * The rows that sort after the last one read: `k1 > v1 OR (k1 = v1 AND k2 > v2) OR …` (`<` for descending
 * keys), with NULL placed where the engine sorts it. Undefined when no row can (the last one had the greatest
 * key). Parameters are added in the order they appear in the text, as anonymous markers require.
 */
function afterLast(keys: readonly SortKey[], last: readonly unknown[], params: Params, nullsFirst: boolean): string | undefined {
  const terms: string[] = [];
  keys.forEach((key, i) => {
    const value = last[i];
    const column = key.reference;
    // NULL comes after every value when it sorts last in this key's direction.
    const nullsAfter = key.descending === nullsFirst;
    if (value === null && nullsAfter) return;
    const equal = keys.slice(0, i).map((k, j) => (last[j] === null ? `${k.reference} IS NULL` : `${k.reference} = ${params.add(last[j])}`));
    let after: string;
    if (value === null) after = `${column} IS NOT NULL`;
    else {
      after = `${column} ${key.descending ? '<' : '>'} ${params.add(value)}`;
      if (nullsAfter && key.column.meta.nullable) after = `(${after} OR ${column} IS NULL)`;
    }
    terms.push([...equal, after].join(' AND '));
  });
  if (terms.length === 0) return undefined;
  return terms.length === 1 ? terms[0] : `(${terms.map((t) => `(${t})`).join(' OR ')})`;
}
