import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Knex } from 'knex';
import { applyChanges } from '../changes/apply';
import type { Change } from '../changes/change';
import { describeChange } from '../changes/describe';
import { invertAll } from '../changes/invert';
import { safetyOf } from '../changes/safety';
import { migrationBaseName, validateMigrationName } from '../codegen/file-name';
import { renderBlankMigration, renderMigration } from '../codegen/render-migration';
import type { Dialect } from '../dialects';
import { planChanges } from '../dialects/plan-changes';
import type { MetadataRegistry } from '../metadata/registry';
import { discoverMigrations } from '../migrator/discover';
import { MigrationError } from '../migrator/errors';
import { DEFAULT_HISTORY_TABLE, readHistory } from '../migrator/history';
import { pendingMigrations } from '../migrator/pending';
import { renderSnapshot, snapshotPath } from '../migrator/snapshots';
import { driftBetween } from './drift';
import { createdTables, refuseOverLimits } from './engine-limits';
import { migrationBase } from './migration-base';
import { renameHints } from './rename-hints';
import { rowsInTheWay } from './rows-in-the-way';
import { diffSchema } from './schema-diff';

export interface GenerateMigrationOptions {
  /** The database to diff against; not used (and not needed) when `offline`. */
  readonly knex?: Knex;
  /**
   * Diff the entities against the snapshot of the newest migration instead of a database. Default false.
   * @example await generateMigration({ offline: true, dialect, metadata, migrationsDir: 'migrations', name: 'add-age' });
   */
  readonly offline?: boolean;
  readonly dialect: Dialect;
  readonly metadata: MetadataRegistry;
  readonly migrationsDir: string;
  /** A short description; the file is `<UTC timestamp>-<name in kebab-case>.ts`. */
  readonly name: string;
  /** Default `strata_migrations`. */
  readonly historyTable?: string;
  /** Return the file without writing it. */
  readonly dryRun?: boolean;
  /** Write an empty template instead of the diff. */
  readonly blank?: boolean;
  /** The clock for the file name. Default: the current time. */
  readonly now?: () => Date;
  /** Writes a file: the migration, then its snapshot. Default: fs.writeFileSync. */
  readonly writeFile?: (path: string, contents: string) => void;
  /** Creates the migrations directory when it does not exist yet. Default: fs.mkdirSync, recursively. */
  readonly makeDir?: (path: string) => void;
}

export type GenerateMigrationResult =
  | {
      readonly status: 'written' | 'dry-run';
      readonly name: string;
      readonly path: string;
      readonly source: string;
      readonly changes: readonly Change[];
      /**
       * One sentence per destructive change, per change that rows in the database will make fail (a NOT NULL
       * column they have no value for), and per possible undeclared rename.
       */
      readonly warnings: readonly string[];
      /** The migrations directory, when it did not exist and was created for this file (never on a dry run). */
      readonly createdDir?: string;
      /** The snapshot written beside the migration: the schema it leaves, and its parent. */
      readonly snapshot: { readonly path: string; readonly source: string };
    } & GenerationBase
  | ({ readonly status: 'no-changes'; readonly changes: readonly Change[]; readonly warnings: readonly string[] } & GenerationBase);

/** What every generation reports about its starting point. */
export interface GenerationBase {
  /** The newest migration, which the new one follows; null when there was none. */
  readonly parent: string | null;
  /**
   * Online, with a snapshot of the parent: what takes that snapshot to the database as it is, a description each
   * (empty when they match: no drift). Undefined when not compared (offline, or the parent has no snapshot).
   */
  readonly drift?: readonly string[];
}

/** Migrations are pending; generating now would write their changes a second time. */
export class PendingMigrationsError extends MigrationError {
  constructor(readonly pending: readonly string[]) {
    super(
      `${pending.length} migration(s) are not applied yet (${pending.join(', ')}). ` +
        'Apply them first with `orm db:migrate`, then generate: the diff is taken against the database as the migrations leave it. ' +
        'To redo a migration you generated but have not applied anywhere (to declare a rename, say), delete its .ts and .schema.json files and generate again.',
    );
  }
}

/**
 * The clock's time, or one second after the newest existing migration if that is not earlier: migrations
 * run in file-name order, so a new file must sort after every existing one, even when two are generated
 * within the same second or a clock is behind.
 */
function laterThan(files: readonly { name: string }[], now: Date): Date {
  const stamps = files.map((f) => /^(\d{14})-/.exec(f.name)?.[1]).filter((s): s is string => s !== undefined).sort();
  const newest = stamps.at(-1);
  if (!newest) return now;
  const [y, mo, d, h, mi, se] = [0, 4, 6, 8, 10, 12].map((i, k) => Number(newest.slice(i, i + (k === 0 ? 4 : 2))));
  const next = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, se! + 1));
  return now.getTime() >= next.getTime() ? now : next;
}

/**
 * Diffs the entities against the database (or, `offline`, the newest migration's snapshot) and writes the migration
 * that takes one to the other, with its snapshot beside it, or reports that nothing changed. Refuses while migrations
 * are pending or two share a parent; online, reports drift from the newest snapshot.
 */
export async function generateMigration(options: GenerateMigrationOptions): Promise<GenerateMigrationResult> {
  const invalid = validateMigrationName(options.name);
  if (invalid) throw new MigrationError(invalid);
  const historyTable = options.historyTable ?? DEFAULT_HISTORY_TABLE;
  // A project whose config was written by hand has no migrations directory before its first migration.
  const dirExists = existsSync(options.migrationsDir);
  const files = dirExists ? discoverMigrations(options.migrationsDir) : [];
  const knex = options.offline ? undefined : options.knex;
  if (!options.offline && !knex) throw new MigrationError('generateMigration needs a knex connection, or offline: true to diff against the snapshot.');
  // A branch conflict first: applying the pending migrations, as the next check would say, is refused while it lasts.
  const base = migrationBase(options.migrationsDir, files, options.dialect);
  if (knex) {
    const pending = pendingMigrations(files, await readHistory(knex, historyTable));
    if (pending.length > 0) throw new PendingMigrationsError(pending.map((p) => p.name));
  }
  if (options.offline && !base.schema) throw new MissingSnapshotError(base.parent!);

  const name = migrationBaseName(laterThan(files, (options.now ?? (() => new Date()))()), options.name);
  const path = join(options.migrationsDir, `${name}.ts`);
  const actual = knex ? await options.dialect.schema.introspect(knex, { exclude: [historyTable] }) : base.schema!;
  const started: GenerationBase = {
    parent: base.parent,
    ...(knex && base.schema && base.parent !== null ? { drift: driftBetween(options.dialect, base.schema, actual) } : {}),
  };
  const finish = (source: string, changes: readonly Change[], warnings: readonly string[]): GenerateMigrationResult => {
    const snapshot = {
      path: snapshotPath(options.migrationsDir, name),
      source: renderSnapshot({ migration: name, parent: base.parent, dialect: options.dialect.name, schema: applyChanges(actual, changes) }),
    };
    if (options.dryRun) return { status: 'dry-run', name, path, source, changes, warnings, snapshot, ...started };
    if (!dirExists) (options.makeDir ?? ((dir: string) => mkdirSync(dir, { recursive: true })))(options.migrationsDir);
    const write = options.writeFile ?? writeFileSync;
    write(path, source);
    write(snapshot.path, snapshot.source);
    return { status: 'written', name, path, source, changes, warnings, snapshot, ...started, ...(dirExists ? {} : { createdDir: options.migrationsDir }) };
  };
  if (options.blank) return finish(renderBlankMigration(), [], []);

  const { changes, desired } = diffSchema(actual, options.dialect, options.metadata);
  refuseOverLimits(options.dialect, options.metadata.entities, desired, createdTables(changes));
  if (changes.length === 0) return { status: 'no-changes', changes, warnings: [], ...started };
  const renames = renameHints(changes, options.dryRun ? undefined : basename(path));
  const blocked = knex ? await rowsInTheWay(knex, actual, changes) : new Map<number, string>();
  const hints = new Map(renames);
  for (const [i, warning] of blocked) hints.set(i, [`WARNING: ${warning}`, ...(renames.get(i) ?? [])]);
  const warnings = [
    ...changes.filter((c) => safetyOf(c).destructive).map((c) => `${describeChange(c)}: ${safetyOf(c).reason}`),
    ...[...blocked].map(([i, warning]) => `${describeChange(changes[i]!)}: ${warning}`),
    ...[...renames.values()].flat(),
  ];
  const up = planChanges(options.dialect, actual, changes);
  const down = planChanges(options.dialect, applyChanges(actual, changes), invertAll(changes));
  return finish(renderMigration({ dialect: options.dialect.name, up, down, hints, stepwise: !options.dialect.capabilities.transactionalDdl }), changes, warnings);
}

/** Offline generation needs the snapshot of the newest migration, which has none. */
export class MissingSnapshotError extends MigrationError {
  constructor(readonly migration: string) {
    super(
      `Cannot generate offline: ${migration}, the newest migration, has no snapshot of the schema it leaves (it predates snapshots, or was written by hand). ` +
        'Generate once with a database that has every migration applied (`orm migrate:generate` without --offline): that migration gets a snapshot, and --offline works after it.',
    );
  }
}
