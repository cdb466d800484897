import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { MigrationFile } from './discover';
import { MigrationError } from './errors';
import type { AppliedMigration } from './history';
import { recordApplied } from './history';
import { readSnapshots } from './snapshots';

/** A squashed migration and the applied migrations it replaces in this database's history. */
export interface SquashAdoption {
  readonly file: MigrationFile;
  readonly squashes: readonly string[];
}

/** A pending squashed migration some of whose originals this database applied: `done` of `squashes`. */
export interface SquashCoverage extends SquashAdoption {
  readonly done: readonly string[];
}

/**
 * The pending migrations written by `migrate:squash` whose originals this database applied, some or all of them:
 * those whose originals it applied all are recorded by `db:migrate`, not run; the others it refuses.
 */
export function squashCoverage(migrationsDir: string, files: readonly MigrationFile[], history: readonly AppliedMigration[]): SquashCoverage[] {
  const applied = new Set(history.map((h) => h.name));
  const out: SquashCoverage[] = [];
  for (const snapshot of readSnapshots(migrationsDir, files)) {
    const squashes = snapshot.squashes;
    if (!squashes || applied.has(snapshot.migration)) continue;
    const done = squashes.filter((n) => applied.has(n));
    if (done.length > 0) out.push({ file: files.find((f) => f.name === snapshot.migration)!, squashes, done });
  }
  return out;
}

/**
 * The pending migrations written by `migrate:squash` whose originals this database applied: they are recorded,
 * not run. A database that applied only some of the originals cannot take the squash.
 * @throws MigrationError naming the originals it lacks.
 */
export function squashesToAdopt(migrationsDir: string, files: readonly MigrationFile[], history: readonly AppliedMigration[]): SquashAdoption[] {
  const coverage = squashCoverage(migrationsDir, files, history);
  const short = coverage.find((c) => c.done.length < c.squashes.length);
  if (short) {
    throw new MigrationError(
      `${short.file.name} squashes ${short.squashes.join(', ')}, and this database applied only ${short.done.join(', ')}. Nothing was applied. ` +
        'Apply the rest first from the commit before the squash (check it out and run `orm db:migrate`), then come back to this one.',
    );
  }
  return coverage.map(({ file, squashes }) => ({ file, squashes }));
}

/** Names recorded in the history that a present squashed migration replaces. */
export function squashedNames(migrationsDir: string, files: readonly MigrationFile[]): Set<string> {
  return new Set(readSnapshots(migrationsDir, files).flatMap((s) => s.squashes ?? []));
}

/**
 * Records the squash in the history: the originals' records make way for the squashed migration's, which did not
 * run. `batch`: the newest of the originals' batches, so that the squash stands where they stood, before any
 * migration applied after them, which `db:migrate:undo` then reverts first.
 */
export async function adoptSquash(knex: Knex, dialect: Dialect, historyTable: string, adoption: SquashAdoption, batch: number, now: Date): Promise<void> {
  await knex.transaction(async (tx) => {
    await tx(historyTable).whereIn('name', [...adoption.squashes]).delete();
    await recordApplied(tx, dialect, historyTable, { name: adoption.file.name, batch, appliedAt: now, durationMs: 0, checksum: adoption.file.checksum });
  });
}
