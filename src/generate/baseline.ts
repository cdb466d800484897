import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { Change } from '../changes/change';
import { migrationBaseName, validateMigrationName } from '../codegen/file-name';
import type { Dialect, TypeApproximation } from '../dialects';
import { creationMigration } from './creation-migration';
import { migrationChecksum } from '../migrator/checksum';
import { discoverMigrations } from '../migrator/discover';
import { MigrationError } from '../migrator/errors';
import { DEFAULT_HISTORY_TABLE, ensureHistoryTable, readHistory, recordApplied } from '../migrator/history';
import { renderSnapshot, snapshotPath } from '../migrator/snapshots';

export interface BaselineOptions {
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly migrationsDir: string;
  /** Default `strata_migrations`. */
  readonly historyTable?: string;
  /** The migration's name. Default `baseline`. */
  readonly name?: string;
  /** How long to wait for another process's run, in ms. Default 60 s. */
  readonly lockTimeoutMs?: number;
  /** The clock for the file name and the history. Default: the current time. */
  readonly now?: () => Date;
  /** Writes a file. Default: fs.writeFileSync. */
  readonly writeFile?: (path: string, contents: string) => void;
}

export interface BaselineResult {
  readonly name: string;
  readonly path: string;
  /** The snapshot written beside it. */
  readonly snapshotPath: string;
  /** What the migration creates: the database's tables, enums and constraints. */
  readonly changes: readonly Change[];
}

/**
 * Adopts an existing database: writes the first migration, which creates the database's schema as it is, with
 * its snapshot, and records it as applied without running it. Refuses when the migrations directory already
 * holds migrations or the database a migration history.
 * @example await baselineDatabase({ knex, dialect, migrationsDir: 'migrations' });
 */
export async function baselineDatabase(options: BaselineOptions): Promise<BaselineResult> {
  const invalid = validateMigrationName(options.name ?? 'baseline');
  if (invalid) throw new MigrationError(invalid);
  const historyTable = options.historyTable ?? DEFAULT_HISTORY_TABLE;
  const existing = existsSync(options.migrationsDir) ? discoverMigrations(options.migrationsDir) : [];
  if (existing.length > 0) {
    throw new MigrationError(
      `${options.migrationsDir} already holds migrations (${existing.map((f) => f.name).join(', ')}); a baseline is the first one. ` +
        'Baseline into an empty migrations directory, or record migrations this database already has with `orm migrate:resolve --applied <name>`.',
    );
  }
  return options.dialect.migrations.withMigrationLock(options.knex, { key: historyTable, timeoutMs: options.lockTimeoutMs ?? 60_000 }, async () => {
    await ensureHistoryTable(options.knex, options.dialect, historyTable);
    const history = await readHistory(options.knex, historyTable);
    if (history.length > 0) {
      throw new MigrationError(`The database already records ${history.length} applied migration(s) (${history.map((h) => h.name).join(', ')}): it needs no baseline.`);
    }
    const approximations: TypeApproximation[] = [];
    const actual = await options.dialect.schema.introspect(options.knex, { exclude: [historyTable], onApproximation: (a) => approximations.push(a) });
    if (actual.tables.length === 0 && actual.enums.length === 0) {
      throw new MigrationError('The database has no tables: there is nothing to adopt. Generate the first migration from the entities with `orm migrate:generate` instead.');
    }
    const { changes, source: created } = creationMigration(options.dialect, actual);
    // What a database made by this migration has otherwise than the one adopted.
    const notes = approximations.map((a) => `// Note: ${a.table}.${a.column} is ${a.native} in this database, a type Strata does not make: this migration creates it as ${a.creates ?? a.read}.\n`);
    const source = notes.join('') + created;
    const now = (options.now ?? (() => new Date()))();
    const name = migrationBaseName(now, options.name ?? 'baseline');
    const path = join(options.migrationsDir, `${name}.ts`);
    const snapshot = snapshotPath(options.migrationsDir, name);
    mkdirSync(options.migrationsDir, { recursive: true });
    const write = options.writeFile ?? writeFileSync;
    write(path, source);
    write(snapshot, renderSnapshot({ migration: name, parent: null, dialect: options.dialect.name, schema: actual }));
    await recordApplied(options.knex, options.dialect, historyTable, { name, batch: 1, appliedAt: now, durationMs: 0, checksum: migrationChecksum(Buffer.from(source)) });
    return { name, path, snapshotPath: snapshot, changes };
  });
}
