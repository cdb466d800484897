import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { renameHints } from './rename-hints';
import { rowsInTheWay } from './rows-in-the-way';
import { diffDatabase } from './schema-diff';

export interface GenerateMigrationOptions {
  readonly knex: Knex;
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
  /** Writes the file. Default: fs.writeFileSync. */
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
    }
  | { readonly status: 'no-changes'; readonly changes: readonly Change[]; readonly warnings: readonly string[] };

/** Migrations are pending; generating now would write their changes a second time. */
export class PendingMigrationsError extends MigrationError {
  constructor(readonly pending: readonly string[]) {
    super(
      `${pending.length} migration(s) are not applied yet (${pending.join(', ')}). ` +
        'Apply them first with `orm db:migrate`, then generate: the diff is taken against the database as the migrations leave it.',
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
 * Diffs the entities against the database and writes the migration that takes one to the other, or
 * reports that nothing changed. Refuses while migrations are pending.
 */
export async function generateMigration(options: GenerateMigrationOptions): Promise<GenerateMigrationResult> {
  const invalid = validateMigrationName(options.name);
  if (invalid) throw new MigrationError(invalid);
  const historyTable = options.historyTable ?? DEFAULT_HISTORY_TABLE;
  // A project whose config was written by hand has no migrations directory before its first migration.
  const dirExists = existsSync(options.migrationsDir);
  const files = dirExists ? discoverMigrations(options.migrationsDir) : [];
  const pending = pendingMigrations(files, await readHistory(options.knex, historyTable));
  if (pending.length > 0) throw new PendingMigrationsError(pending.map((p) => p.name));

  const name = migrationBaseName(laterThan(files, (options.now ?? (() => new Date()))()), options.name);
  const path = join(options.migrationsDir, `${name}.ts`);
  const finish = (source: string, changes: readonly Change[], warnings: readonly string[]): GenerateMigrationResult => {
    if (options.dryRun) return { status: 'dry-run', name, path, source, changes, warnings };
    if (!dirExists) (options.makeDir ?? ((dir: string) => mkdirSync(dir, { recursive: true })))(options.migrationsDir);
    (options.writeFile ?? writeFileSync)(path, source);
    return { status: 'written', name, path, source, changes, warnings, ...(dirExists ? {} : { createdDir: options.migrationsDir }) };
  };
  if (options.blank) return finish(renderBlankMigration(), [], []);

  const { actual, changes } = await diffDatabase(options.knex, options.dialect, options.metadata, historyTable);
  if (changes.length === 0) return { status: 'no-changes', changes, warnings: [] };
  const renames = renameHints(changes);
  const blocked = await rowsInTheWay(options.knex, actual, changes);
  const hints = new Map(renames);
  for (const [i, warning] of blocked) hints.set(i, [`WARNING: ${warning}`, ...(renames.get(i) ?? [])]);
  const warnings = [
    ...changes.filter((c) => safetyOf(c).destructive).map((c) => `${describeChange(c)}: ${safetyOf(c).reason}`),
    ...[...blocked].map(([i, warning]) => `${describeChange(changes[i]!)}: ${warning}`),
    ...[...renames.values()].flat(),
  ];
  const up = planChanges(options.dialect, actual, changes);
  const down = planChanges(options.dialect, applyChanges(actual, changes), invertAll(changes));
  return finish(renderMigration({ dialect: options.dialect.name, up, down, hints }), changes, warnings);
}
