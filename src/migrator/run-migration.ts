import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { MigrationFile } from './discover';
import type { MigrationModule } from './load';

export type Direction = 'up' | 'down';

export interface RunMigrationOptions {
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly historyTable: string;
  readonly file: MigrationFile;
  readonly module: MigrationModule;
  readonly direction: Direction;
  /** The batch recorded for `up`. */
  readonly batch: number;
  readonly now?: () => Date;
}

/**
 * Runs one migration in one direction and records it, both in the same transaction where the engine has
 * transactional DDL (unless the file opts out), so a crash leaves it either applied and recorded or neither.
 * @returns how long the migration itself took, in milliseconds.
 */
export async function runMigration(options: RunMigrationOptions): Promise<number> {
  const { dialect, knex, module, file, direction, historyTable } = options;
  const transaction = dialect.capabilities.transactionalDdl && module.config?.transaction !== false;
  return dialect.runUnit(knex, transaction, async (db) => {
    const start = performance.now();
    await module[direction](db as Knex);
    const durationMs = Math.round(performance.now() - start);
    if (direction === 'up') {
      await db(historyTable).insert({
        name: file.name,
        batch: options.batch,
        applied_at: (options.now ?? (() => new Date()))(),
        duration_ms: durationMs,
        checksum: file.checksum,
      });
    } else {
      await db(historyTable).where({ name: file.name }).delete();
    }
    return durationMs;
  });
}
