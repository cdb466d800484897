import type { Knex } from 'knex';

/** Runs the queries at once on a pool, and one at a time on a transaction's single connection. */
export async function concurrently<T extends readonly (() => Promise<unknown>)[]>(knex: Knex, queries: T): Promise<Results<T>> {
  if (!knex.isTransaction) return (await Promise.all(queries.map((q) => q()))) as Results<T>;
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as Results<T>;
}

type Results<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
