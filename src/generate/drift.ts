import type { Knex } from 'knex';
import { describeChange } from '../changes/describe';
import type { Dialect } from '../dialects';
import { diffSchemas } from '../diff/diff';
import { discoverMigrations } from '../migrator/discover';
import type { Schema } from '../schema/model';
import { ForeignSnapshotError, type MigrationBase, migrationBase } from './migration-base';

/**
 * How the database compares with the snapshot of the newest migration: `matches`; `drift` (it differs: changed
 * outside the migrations, or a migration edited by hand); `missing` (the newest migration has no snapshot yet:
 * the next `migrate:generate` writes one); `other-engine` (the snapshot was taken on another engine, so it describes
 * another engine's schema: not compared); `not-compared` (no migration yet).
 */
export interface SnapshotVerdict {
  readonly state: 'matches' | 'drift' | 'missing' | 'other-engine' | 'not-compared';
  /** The newest migration, whose snapshot was compared. */
  readonly migration?: string;
  /** What would take the snapshot's schema to the database's, a description each; empty unless `drift`. */
  readonly differences: readonly string[];
  readonly message: string;
}

/** What takes the snapshot's schema to the database's, described; empty when they match. */
export function driftBetween(dialect: Dialect, snapshot: Schema, actual: Schema): string[] {
  return diffSchemas(snapshot, actual, { forwardReferences: dialect.capabilities.forwardReferences }).map(describeChange);
}

/** The verdict for a snapshot and a database schema (see SnapshotVerdict). */
export function snapshotVerdict(dialect: Dialect, parent: string | null, snapshot: Schema | undefined, actual: Schema): SnapshotVerdict {
  if (parent === null) return { state: 'not-compared', differences: [], message: 'no migration yet, so no snapshot to compare with.' };
  if (!snapshot) {
    return {
      state: 'missing', migration: parent, differences: [],
      message: `${parent} has no snapshot (it predates snapshots, or was written by hand); the next \`orm migrate:generate\` writes one.`,
    };
  }
  const differences = driftBetween(dialect, snapshot, actual);
  return differences.length === 0
    ? { state: 'matches', migration: parent, differences, message: `the database matches the snapshot of ${parent}.` }
    : {
      state: 'drift', migration: parent, differences,
      message: `the database differs from the snapshot of ${parent}, the schema the migrations leave (changed outside the migrations, or a migration edited by hand):`,
    };
}

/**
 * Compares the connected database with the snapshot of the newest migration. Meant for a database with every
 * migration applied: otherwise it differs from that snapshot by the pending migrations. `introspected`: the
 * database's schema when the caller has read it already (as diffDatabase's `actual`), to save reading it again.
 */
export async function checkSnapshotDrift(
  knex: Knex, dialect: Dialect, migrationsDir: string, historyTable: string, introspected?: Schema,
): Promise<SnapshotVerdict> {
  let base: MigrationBase;
  try {
    base = migrationBase(migrationsDir, discoverMigrations(migrationsDir), dialect);
  } catch (error) {
    if (!(error instanceof ForeignSnapshotError)) throw error;
    return {
      state: 'other-engine', migration: error.migration, differences: [],
      message: `the snapshot of ${error.migration} was taken on ${error.engines.engine}, and this database is ${error.engines.current}: not compared, as a snapshot ` +
        `describes its own engine's schema. Generate this database's migrations against ${error.engines.current}, or point --url (or DATABASE_URL) at the engine they were generated against.`,
    };
  }
  const actual = introspected ?? await dialect.schema.introspect(knex, { exclude: [historyTable] });
  return snapshotVerdict(dialect, base.parent, base.schema, actual);
}
