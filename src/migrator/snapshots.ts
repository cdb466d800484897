import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Dialect, type DialectName, dialectNamed, isDialectName } from '../dialects';
import type { Schema } from '../schema/model';
import { snapshotForm } from '../schema/snapshot-form';
import { stableJson } from '../util/stable-json';
import { discoverMigrations, type MigrationFile } from './discover';
import { MigrationError } from './errors';

/** What a snapshot file's name adds to its migration's name: `20261122093000-add-users.schema.json`. */
export const SNAPSHOT_SUFFIX = '.schema.json';

/** The version of the snapshot format; a file of another version is refused rather than misread. */
const FORMAT = 1;

/**
 * The schema a migration leaves, kept beside it, and the migration it was generated on top of. Snapshots let
 * `migrate:generate --offline` diff without a database, tell when a database drifted from its migrations, and
 * find two branches' migrations generated from the same parent.
 */
export interface Snapshot {
  /** The migration this is the snapshot of. */
  readonly migration: string;
  /** The migration it was generated on top of; null for the first one, generated from an empty database. */
  readonly parent: string | null;
  readonly dialect: DialectName;
  readonly schema: Schema;
  /**
   * For a migration written by `migrate:squash`: the migrations it replaces, in order. A database that applied
   * all of them records this one as applied without running it.
   */
  readonly squashes?: readonly string[];
}

/** Two or more migrations generated on top of the same parent: branches merged without one rebased on the other. */
export interface BranchConflict {
  /** The branch point: the migration they share as parent, or null when both start from an empty database. */
  readonly parent: string | null;
  /** The migrations with that parent, in file-name order. */
  readonly migrations: readonly string[];
}

/** Two engines by their labels: the one a snapshot was taken on, and the database's. */
export interface Engines {
  readonly engine: string;
  readonly current: string;
}

/** The engines, when `snapshot` was taken on another engine than `dialect`'s: it describes that engine's schema. */
export function otherEngine(snapshot: Pick<Snapshot, 'dialect'>, dialect: Dialect): Engines | undefined {
  return snapshot.dialect === dialect.name ? undefined : { engine: dialectNamed(snapshot.dialect).label, current: dialect.label };
}

export function snapshotPath(migrationsDir: string, migration: string): string {
  return join(migrationsDir, `${migration}${SNAPSHOT_SUFFIX}`);
}

/** The snapshot file's text: sorted keys, two-space indent, one final newline. */
export function renderSnapshot(snapshot: Snapshot): string {
  return `${stableJson({ format: FORMAT, ...snapshot, schema: snapshotForm(snapshot.schema) }, 2)}\n`;
}

/**
 * The snapshots of the migrations in `files`, in file-name order. A snapshot whose migration file is gone is
 * left out. Reformatting a snapshot does not change what it says: only the parsed JSON counts.
 * @throws MigrationError naming a snapshot file that is not valid.
 */
export function readSnapshots(migrationsDir: string, files: readonly MigrationFile[]): Snapshot[] {
  if (!existsSync(migrationsDir)) return [];
  const present = new Set(readdirSync(migrationsDir).filter((f) => f.endsWith(SNAPSHOT_SUFFIX)));
  return files.filter((f) => present.has(`${f.name}${SNAPSHOT_SUFFIX}`)).map((f) => readSnapshot(snapshotPath(migrationsDir, f.name), f.name));
}

function readSnapshot(path: string, migration: string): Snapshot {
  const invalid = (why: string): MigrationError =>
    new MigrationError(`The snapshot ${path} is not valid: ${why}. Restore it from version control (or delete it: the next \`orm migrate:generate\` with a database writes a new one).`);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw invalid(`it is not JSON (${(error as Error).message})`);
  }
  if (data === null || typeof data !== 'object') throw invalid('it is not a JSON object');
  if (data.format !== FORMAT) throw invalid(`its format is ${String(data.format)}, and this version of Strata reads format ${FORMAT}`);
  if (data.migration !== migration) throw invalid(`it names the migration ${String(data.migration)}, not ${migration}`);
  if (data.parent !== null && typeof data.parent !== 'string') throw invalid('its parent is neither a migration name nor null');
  if (!isDialectName(data.dialect)) throw invalid(`its dialect ${String(data.dialect)} is not one Strata knows`);
  const schema = data.schema as Partial<Schema> | undefined;
  if (!schema || !Array.isArray(schema.tables) || !Array.isArray(schema.enums)) throw invalid('it has no schema with tables and enums');
  const squashes = data.squashes;
  if (squashes !== undefined && !(Array.isArray(squashes) && squashes.every((n) => typeof n === 'string'))) throw invalid('its squashes is not a list of migration names');
  return { migration, parent: data.parent, dialect: data.dialect, schema: schema as Schema, ...(squashes !== undefined ? { squashes: squashes as string[] } : {}) };
}

/** Parents with more than one child, in file-name order of their first child. */
export function branchConflicts(snapshots: readonly Snapshot[]): BranchConflict[] {
  const children = new Map<string | null, string[]>();
  for (const s of snapshots) children.set(s.parent, [...(children.get(s.parent) ?? []), s.migration]);
  return [...children].filter(([, names]) => names.length > 1).map(([parent, names]) => ({ parent, migrations: [...names].sort() }));
}

/** One sentence per conflict, naming both files and the branch point. */
export function describeConflict(conflict: BranchConflict): string {
  const where = conflict.parent === null ? 'an empty database (no parent)' : conflict.parent;
  return `${conflict.migrations.join(' and ')} were both generated on top of ${where}`;
}

/**
 * How to resolve a conflict on a database that applied `applied` (undefined: not known, no database at hand).
 * `migrate:rebase` regenerates the later migration by default, which must not be one the database applied: its
 * record would be left without a file, and the other migration would come out of order.
 */
export function rebaseAdvice(conflict: BranchConflict, applied?: ReadonlySet<string>): string {
  const [first, later] = conflict.migrations;
  const done = conflict.migrations.filter((name) => applied?.has(name));
  if (conflict.migrations.length !== 2 || done.length === 0 || (done.length === 1 && done[0] === first)) {
    return 'Run `orm migrate:rebase` to generate the later one again on top of the other' +
      (applied ? ', then `orm db:migrate`.' : ' (where it was applied already, revert it first with `orm db:migrate:undo`), then apply.');
  }
  if (done.length === 1) {
    return `This database applied ${later}, the later one: run \`orm migrate:rebase --migration ${first}\` to generate ${first}, which it has not applied, again on top of it ` +
      `(a database that applied ${first} reverts it first: \`orm db:migrate:undo --to ${first}\`).`;
  }
  return `This database applied both: revert ${later} first (\`orm db:migrate:undo --to ${later}\`), then run \`orm migrate:rebase\` and \`orm db:migrate\`.`;
}

/** Two branches' migrations share a parent: applying both in file-name order would apply changes nobody generated together. */
export class BranchConflictError extends MigrationError {
  /**
   * `nothing`: what the refused command did not do (`db:migrate`: nothing was applied; `migrate:generate`: written).
   * `applied`: the migrations the database applied, when the command read them, for the advice.
   */
  constructor(readonly conflicts: readonly BranchConflict[], nothing = 'Nothing was applied.', applied?: ReadonlySet<string>) {
    super(`Branch conflict: ${conflicts.map((c) => `${describeConflict(c)}. ${rebaseAdvice(c, applied)}`).join(' ')} ${nothing}`);
  }
}

/** The branch conflicts among the migrations of a directory. */
export function findBranchConflicts(migrationsDir: string): BranchConflict[] {
  return branchConflicts(readSnapshots(migrationsDir, discoverMigrations(migrationsDir)));
}

/** Throws a BranchConflictError when two migrations share a parent; `applied`: what the database applied, for the advice. */
export function refuseConflicts(migrationsDir: string, files: readonly MigrationFile[], applied?: ReadonlySet<string>): void {
  const conflicts = branchConflicts(readSnapshots(migrationsDir, files));
  if (conflicts.length > 0) throw new BranchConflictError(conflicts, 'Nothing was applied.', applied);
}
