import type { Knex } from 'knex';
import { ConfigError } from '../../config/errors';
import type { MigrationLockOptions } from '../dialect';
import { MigrationLockTimeoutError } from '../lock-timeout-error';
import { behindPooler } from './session';

const POLL_MS = 100;

const POOLED =
  'The migration lock cannot be held through a connection pooler: this connection reaches PostgreSQL through one ' +
  '(PgBouncer, or one like it), which runs each transaction on whichever server connection is free, while the lock ' +
  'that keeps two deploys from migrating at once belongs to one server session. Give migrations a direct connection ' +
  'to the server: directUrl in the configuration, DIRECT_DATABASE_URL, or --direct-url (the application keeps the pooled URL).';

/**
 * Holds a session-level advisory lock, keyed by the schema and `key`, on a connection of its own for as long
 * as `fn` runs. The server releases it if the process dies, so a crash never leaves a lock to clear. Such a lock
 * belongs to one server session, which a connection pooler does not give: through one, it is refused, naming the fix.
 */
export async function withAdvisoryLock<T>(knex: Knex, options: MigrationLockOptions, fn: () => Promise<T>): Promise<T> {
  const client = (knex as unknown as { client: { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> } }).client;
  const connection = await client.acquireConnection();
  const lockKey = `('x' || substr(md5(current_schema() || '.' || ?), 1, 16))::bit(64)::bigint`;
  try {
    if (await behindPooler(connection)) throw new ConfigError(POOLED);
    const started = Date.now();
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason;
      const result = (await knex.raw(`SELECT pg_try_advisory_lock(${lockKey}) AS locked`, [options.key]).connection(connection)) as { rows: { locked: boolean }[] };
      if (result.rows[0]!.locked) break;
      if (Date.now() - started >= options.timeoutMs) throw new MigrationLockTimeoutError(options.timeoutMs, 'PostgreSQL advisory lock');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    try {
      return await fn();
    } finally {
      await knex.raw(`SELECT pg_advisory_unlock(${lockKey})`, [options.key]).connection(connection);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}
