import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Change } from '../changes/change';
import { overlappingObjects } from '../changes/touched';
import type { Dialect } from '../dialects';
import { diffSchemas } from '../diff/diff';
import type { MetadataRegistry } from '../metadata/registry';
import { discoverMigrations } from '../migrator/discover';
import { MigrationError } from '../migrator/errors';
import { branchConflicts, describeConflict, readSnapshots, type Snapshot, snapshotPath } from '../migrator/snapshots';
import { findTarget } from '../migrator/target';
import { schema as emptySchema } from '../schema/factories';
import type { Schema } from '../schema/model';
import { generateMigration } from './generate-migration';

export interface RebaseOptions {
  readonly dialect: Dialect;
  /** The entities, as merged: the rebased migration is generated from them, on top of the other branch. */
  readonly metadata: MetadataRegistry;
  readonly migrationsDir: string;
  /** Which of the two conflicting migrations to regenerate. Default: the later one by name. */
  readonly migration?: string;
  /** The clock for the new file's name. Default: the current time. */
  readonly now?: () => Date;
}

export type RebaseResult =
  | { readonly status: 'no-conflict' }
  | {
      readonly status: 'rebased' | 'already-included';
      /** The migration regenerated, whose file and snapshot were removed. */
      readonly removed: string;
      /** The newest migration of the other branch, which the new one follows. */
      readonly onto: string;
      /** The new migration (absent when the entities needed nothing on top of the other branch: `already-included`). */
      readonly name?: string;
      readonly path?: string;
      readonly snapshotPath?: string;
      readonly changes: readonly Change[];
    };

/** The two branches change the same objects: a person has to merge them. */
export class RebaseOverlapError extends MigrationError {
  constructor(readonly migrations: readonly string[], readonly objects: readonly string[]) {
    super(
      `Cannot rebase: ${migrations.join(' and ')} both change ${objects.join(', ')}. Nothing was changed. ` +
        'Merge them by hand: keep one, delete the other and its .schema.json, and run `orm migrate:generate` for what is left.',
    );
  }
}

/**
 * Resolves a branch conflict (two migrations generated on top of the same parent): removes the later one (or
 * `migration`) with its snapshot and generates it again, from the entities and with no database, on top of the
 * newest migration of the other branch. Refuses, changing nothing, when both branches change the same objects.
 * Hand edits in the removed file (data changes) are not carried over.
 * @example await rebaseMigration({ dialect, metadata, migrationsDir: 'migrations' });
 */
export async function rebaseMigration(options: RebaseOptions): Promise<RebaseResult> {
  const files = discoverMigrations(options.migrationsDir);
  const snapshots = readSnapshots(options.migrationsDir, files);
  const conflicts = branchConflicts(snapshots);
  if (conflicts.length === 0) return { status: 'no-conflict' };
  const conflict = conflicts[0]!;
  if (conflicts.length > 1 || conflict.migrations.length > 2) {
    throw new MigrationError(`Several branch conflicts: ${conflicts.map(describeConflict).join('; ')}. Rebase them one at a time: keep one line, delete the rest with their .schema.json, and generate again.`);
  }
  const later = options.migration !== undefined
    ? conflict.migrations[findTarget(options.migration, conflict.migrations, 'existing', '--migration')]!
    : conflict.migrations[1]!;
  const other = conflict.migrations.find((m) => m !== later)!;
  const children = snapshots.filter((s) => s.parent === later).map((s) => s.migration);
  if (children.length > 0) {
    throw new MigrationError(`Cannot rebase ${later}: ${children.join(', ')} follow it. Rebase works on one migration: fold its branch into one first (delete them with their .schema.json and generate once), or merge by hand.`);
  }
  const tip = tipOf(snapshots, other);
  const base = schemaOf(options.dialect, snapshots, conflict.parent);
  const mine = diffSchemas(base, schemaOf(options.dialect, snapshots, later), { forwardReferences: options.dialect.capabilities.forwardReferences });
  const theirs = diffSchemas(base, schemaOf(options.dialect, snapshots, tip), { forwardReferences: options.dialect.capabilities.forwardReferences });
  const overlap = overlappingObjects(mine, theirs);
  if (overlap.length > 0) throw new RebaseOverlapError([other, later], overlap);

  const newest = files.filter((f) => f.name !== later).at(-1)!.name;
  if (newest !== tip) throw new MigrationError(`Cannot rebase ${later} on top of ${tip}: the newest other migration is ${newest}, which is not on ${other}'s line.`);
  const file = files.find((f) => f.name === later)!;
  const saved = [file.path, snapshotPath(options.migrationsDir, later)].map((path) => ({ path, text: readFileSync(path) }));
  for (const { path } of saved) rmSync(path);
  try {
    const result = await generateMigration({
      offline: true, dialect: options.dialect, metadata: options.metadata, migrationsDir: options.migrationsDir,
      name: later.replace(/^\d{14}-/, ''), now: options.now,
    });
    if (result.status !== 'written') return { status: 'already-included', removed: later, onto: tip, changes: [] };
    return { status: 'rebased', removed: later, onto: tip, name: result.name, path: result.path, snapshotPath: result.snapshot.path, changes: result.changes };
  } catch (error) {
    // generateMigration writes nothing when it fails: putting the removed files back leaves the folder as it was.
    for (const { path, text } of saved) writeFileSync(path, text);
    throw error;
  }
}

/** The newest migration of the line that starts at `start`. */
function tipOf(snapshots: readonly Snapshot[], start: string): string {
  let tip = start;
  for (let next = snapshots.find((s) => s.parent === tip); next; next = snapshots.find((s) => s.parent === tip)) tip = next.migration;
  return tip;
}

function schemaOf(dialect: Dialect, snapshots: readonly Snapshot[], migration: string | null): Schema {
  if (migration === null) return emptySchema();
  const snapshot = snapshots.find((s) => s.migration === migration);
  if (!snapshot) throw new MigrationError(`Cannot rebase: ${migration} has no snapshot, so what each branch changed cannot be told. Merge by hand.`);
  return dialect.schema.normalize(snapshot.schema);
}
