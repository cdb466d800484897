import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Change } from '../changes/change';
import { kebabName, validateMigrationName } from '../codegen/file-name';
import type { Dialect } from '../dialects';
import { creationMigration } from './creation-migration';
import { discoverMigrations } from '../migrator/discover';
import { MigrationError } from '../migrator/errors';
import { BranchConflictError, branchConflicts, otherEngine, readSnapshots, renderSnapshot, snapshotPath } from '../migrator/snapshots';
import { ForeignSnapshotError } from './migration-base';
import { findTarget } from '../migrator/target';

export interface SquashOptions {
  readonly dialect: Dialect;
  readonly migrationsDir: string;
  /** The last migration to squash: every migration up to and including it is replaced. */
  readonly to: string;
  /** The squashed migration's name, after the timestamp of `to`. Default `squashed`. */
  readonly name?: string;
  /** Writes a file. Default: fs.writeFileSync. */
  readonly writeFile?: (path: string, contents: string) => void;
  /** Removes a file. Default: fs.rmSync. */
  readonly removeFile?: (path: string) => void;
}

export interface SquashResult {
  readonly name: string;
  readonly path: string;
  readonly snapshotPath: string;
  /** The migrations replaced, in order; their files and snapshots are removed. */
  readonly squashed: readonly string[];
  /** What the squashed migration creates. */
  readonly changes: readonly Change[];
  /** The migration after the squash, whose snapshot now names the squashed one as parent. */
  readonly reparented?: string;
}

/**
 * Replaces the migrations up to and including `to` by one that creates the schema the last of them leaves (from its
 * snapshot), named with its timestamp so that it sorts where they did. Its snapshot lists what it squashes: a
 * database that applied them records the squash on its next `db:migrate` instead of running it. Only the schema is
 * kept: data changes written by hand in the squashed files are not. No database is needed.
 * @example squashMigrations({ dialect, migrationsDir: 'migrations', to: '20261122093000-add-users' });
 */
export function squashMigrations(options: SquashOptions): SquashResult {
  const invalid = validateMigrationName(options.name ?? 'squashed');
  if (invalid) throw new MigrationError(invalid);
  const files = discoverMigrations(options.migrationsDir);
  const index = findTarget(options.to, files.map((f) => f.name), 'existing');
  const last = files[index]!;
  if (index < 1) throw new MigrationError(`${last.name} is the first migration: squashing needs at least two (give --to a later one).`);
  const snapshots = readSnapshots(options.migrationsDir, files);
  const conflicts = branchConflicts(snapshots);
  if (conflicts.length > 0) throw new BranchConflictError(conflicts, 'Nothing was written.');
  const snapshot = snapshots.find((s) => s.migration === last.name);
  if (!snapshot) {
    throw new MigrationError(`${last.name} has no snapshot of the schema it leaves (it predates snapshots, or was written by hand), so it cannot be squashed into; squash up to a migration that has one.`);
  }
  const engines = otherEngine(snapshot, options.dialect);
  if (engines) throw new ForeignSnapshotError(last.name, engines);
  const name = `${/^(\d{14})-/.exec(last.name)?.[1] ?? last.name}-${kebabName(options.name ?? 'squashed')}`;
  const next = files[index + 1];
  if (files.some((f) => f.name === name) || (next !== undefined && name >= next.name)) {
    throw new MigrationError(`The squashed migration would be named ${name}, which does not sort before ${next?.name ?? name}; give another --name.`);
  }

  const schema = options.dialect.schema.normalize(snapshot.schema);
  const { changes, source } = creationMigration(options.dialect, schema);
  const squashed = files.slice(0, index + 1);
  const write = options.writeFile ?? writeFileSync;
  const remove = options.removeFile ?? ((path: string) => rmSync(path, { force: true }));
  const path = join(options.migrationsDir, `${name}.ts`);
  write(path, source);
  write(snapshotPath(options.migrationsDir, name), renderSnapshot({
    migration: name, parent: null, dialect: options.dialect.name, schema, squashes: squashed.map((f) => f.name),
  }));
  const child = next && snapshots.find((s) => s.migration === next.name && s.parent === last.name);
  if (child) write(snapshotPath(options.migrationsDir, child.migration), renderSnapshot({ ...child, parent: name }));
  for (const file of squashed) {
    remove(file.path);
    remove(snapshotPath(options.migrationsDir, file.name));
  }
  return { name, path, snapshotPath: snapshotPath(options.migrationsDir, name), squashed: squashed.map((f) => f.name), changes, ...(child ? { reparented: child.migration } : {}) };
}
