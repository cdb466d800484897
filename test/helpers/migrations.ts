import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { type EntityClass, MetadataRegistry, Orm } from 'strata-orm';
import { diffSchemas } from '../../src/diff/diff';
import { generateMigration, type GenerateMigrationResult } from '../../src/generate/generate-migration';
import { diffDatabase } from '../../src/generate/schema-diff';
import { discoverMigrations } from '../../src/migrator/discover';
import { DEFAULT_HISTORY_TABLE, ensureHistoryTable, readHistory } from '../../src/migrator/history';
import { StepFailure } from '../../src/migrator/step-progress';
import { loadMigration } from '../../src/migrator/load';
import { pendingMigrations } from '../../src/migrator/pending';
import { runMigration } from '../../src/migrator/run-migration';
import type { Schema } from '../../src/schema/model';

/**
 * Generates, applies and reverts migrations in a directory of its own, against one database, with a
 * clock that moves one second per migration so file names are deterministic.
 */
export class MigrationHarness {
  readonly dir = mkdtempSync(join(tmpdir(), 'strata-migrations-'));
  private tick = 0;

  private constructor(readonly orm: Orm) {}

  static async open(url: string): Promise<MigrationHarness> {
    return new MigrationHarness(await Orm.connect({ url, entities: [] }));
  }

  get knex(): Knex {
    return this.orm.knex;
  }

  /** An empty database and no migration files, as at the start of a project. */
  async reset(): Promise<void> {
    await this.orm.dialect.migrations.dropAll(this.knex);
    for (const file of readdirSync(this.dir)) rmSync(join(this.dir, file), { force: true });
  }

  /** Writes the migration from the current database to `entities`. */
  async generate(entities: readonly EntityClass[], name = 'step'): Promise<GenerateMigrationResult> {
    const now = new Date(Date.UTC(2026, 0, 1, 0, 0, this.tick++));
    return generateMigration({ knex: this.knex, dialect: this.orm.dialect, metadata: MetadataRegistry.build(entities), migrationsDir: this.dir, name, now: () => now });
  }

  /** Applies every pending migration, in order. */
  async up(): Promise<string[]> {
    await ensureHistoryTable(this.knex, this.orm.dialect, DEFAULT_HISTORY_TABLE);
    const history = await readHistory(this.knex, DEFAULT_HISTORY_TABLE);
    const batch = Math.max(0, ...history.map((h) => h.batch)) + 1;
    const pending = pendingMigrations(discoverMigrations(this.dir), history);
    for (const file of pending) {
      await runMigration({ knex: this.knex, dialect: this.orm.dialect, historyTable: DEFAULT_HISTORY_TABLE, file, module: await loadMigration(file), direction: 'up', batch })
        .catch(stepCause);
    }
    return pending.map((p) => p.name);
  }

  /** Reverts the last applied migration; returns its name, or undefined when none is applied. */
  async down(): Promise<string | undefined> {
    const history = await readHistory(this.knex, DEFAULT_HISTORY_TABLE);
    const last = history.at(-1);
    if (!last) return undefined;
    const file = discoverMigrations(this.dir).find((f) => f.name === last.name)!;
    await runMigration({ knex: this.knex, dialect: this.orm.dialect, historyTable: DEFAULT_HISTORY_TABLE, file, module: await loadMigration(file), direction: 'down', batch: last.batch })
      .catch(stepCause);
    return last.name;
  }

  /** Generates and applies; returns what was generated. */
  async migrate(entities: readonly EntityClass[], name = 'step'): Promise<GenerateMigrationResult> {
    const result = await this.generate(entities, name);
    await this.up();
    return result;
  }

  /** What a new migration for `entities` would contain: nothing, when the database is in sync. */
  async drift(entities: readonly EntityClass[]): Promise<readonly string[]> {
    const { changes } = await diffDatabase(this.knex, this.orm.dialect, MetadataRegistry.build(entities), DEFAULT_HISTORY_TABLE);
    return changes.map((c) => JSON.stringify(c));
  }

  /** The database's schema, without the history table. */
  introspect(): Promise<Schema> {
    return this.orm.dialect.schema.introspect(this.knex, { exclude: [DEFAULT_HISTORY_TABLE] });
  }

  /** Changes between two introspected schemas: empty when they are the same. */
  difference(a: Schema, b: Schema): readonly string[] {
    return diffSchemas(a, b).map((c) => JSON.stringify(c));
  }

  async close(): Promise<void> {
    await this.orm.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The error a migration's step threw, where the engine runs files step by step (MariaDB: see StepProgress), which
 * wraps it with the progress made; the harness's callers check the step's own error, as on the other engines.
 */
function stepCause(error: unknown): never {
  throw error instanceof StepFailure ? error.cause : error;
}
