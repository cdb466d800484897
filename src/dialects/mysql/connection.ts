import type { Knex } from 'knex';

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/**
 * Runs `fn` with one connection of knex's pool, on which `run` sends its statements: what a session setting
 * (FOREIGN_KEY_CHECKS) or a session lock (GET_LOCK) needs, since each pooled query may get another connection.
 */
export async function onOneConnection<T>(knex: Knex, fn: (run: (sql: string, bindings?: readonly unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const client = (knex as unknown as { client: KnexClient }).client;
  const connection = await client.acquireConnection();
  try {
    return await fn(async (sql, bindings = []) => ((await knex.raw(sql, [...bindings] as Knex.RawBinding[]).connection(connection)) as [Record<string, unknown>[]])[0]);
  } finally {
    await client.releaseConnection(connection);
  }
}
