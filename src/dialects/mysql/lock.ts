import type { Knex } from 'knex';
import { shortHash } from '../../util/identifier';
import type { MigrationLockOptions } from '../dialect';
import { MigrationLockTimeoutError } from '../lock-timeout-error';
import { onOneConnection } from './connection';

/** How long one GET_LOCK call waits before the abort signal is looked at again, in seconds. */
const WAIT_STEP_S = 1;

/**
 * Holds a named lock (GET_LOCK), keyed by the database and `key`, on a connection of its own for as long as `fn`
 * runs. The server releases it when that connection ends, so a crashed run never leaves a lock to clear. Lock
 * names are server-wide and at most 64 characters: the name carries a hash of the database and the key.
 */
export async function withNamedLock<T>(knex: Knex, options: MigrationLockOptions, fn: () => Promise<T>): Promise<T> {
  return onOneConnection(knex, async (run) => {
    const [{ db }] = (await run('SELECT DATABASE() AS db')) as [{ db: string | null }];
    const name = `strata_migrate_${shortHash(`${db ?? ''}.${options.key}`)}`;
    const started = Date.now();
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason;
      const left = options.timeoutMs - (Date.now() - started);
      const wait = Math.max(0, Math.min(WAIT_STEP_S, left / 1000));
      const [{ locked }] = (await run('SELECT GET_LOCK(?, ?) AS locked', [name, wait])) as [{ locked: number | null }];
      if (Number(locked) === 1) break;
      if (Date.now() - started >= options.timeoutMs) throw new MigrationLockTimeoutError(options.timeoutMs, `MariaDB/MySQL named lock ${name}`);
    }
    try {
      return await fn();
    } finally {
      await run('SELECT RELEASE_LOCK(?)', [name]);
    }
  });
}
