import type { Dialect } from '../dialects';
import type { MigrationFile } from '../migrator/discover';
import { MigrationError } from '../migrator/errors';
import { BranchConflictError, branchConflicts, type Engines, otherEngine, readSnapshots } from '../migrator/snapshots';
import { schema as emptySchema } from '../schema/factories';
import type { Schema } from '../schema/model';

/** What a new migration is generated on top of. */
export interface MigrationBase {
  /** The newest migration, the new one's parent; null when there is none yet. */
  readonly parent: string | null;
  /**
   * The schema the parent leaves, from its snapshot (normalized by the dialect); the empty schema when there is
   * no migration yet; undefined when the parent has no snapshot (written before snapshots, or by hand).
   */
  readonly schema?: Schema;
}

/**
 * The parent of a migration generated now, and the schema its snapshot holds.
 * @throws BranchConflictError when two migrations share a parent; ForeignSnapshotError when the parent's snapshot
 *         was taken on another engine.
 */
export function migrationBase(migrationsDir: string, files: readonly MigrationFile[], dialect: Dialect): MigrationBase {
  const snapshots = readSnapshots(migrationsDir, files);
  const conflicts = branchConflicts(snapshots);
  if (conflicts.length > 0) throw new BranchConflictError(conflicts, 'Nothing was written.');
  const parent = files.at(-1)?.name ?? null;
  if (parent === null) return { parent, schema: emptySchema() };
  const snapshot = snapshots.find((s) => s.migration === parent);
  if (!snapshot) return { parent };
  const engines = otherEngine(snapshot, dialect);
  if (engines) throw new ForeignSnapshotError(parent, engines);
  return { parent, schema: dialect.schema.normalize(snapshot.schema) };
}

/** A migration's snapshot was taken on another engine than the database's: it cannot be built on. */
export class ForeignSnapshotError extends MigrationError {
  constructor(readonly migration: string, readonly engines: Engines) {
    super(
      `The snapshot of ${migration} was generated against ${engines.engine}, and this project now uses ${engines.current}. ` +
        'Migrations and their snapshots are written for one engine: point --url (or DATABASE_URL) at the engine they were generated against.',
    );
  }
}
