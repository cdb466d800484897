import type { MigrationFile } from './discover';
import type { AppliedMigration } from './history';

/** Files not yet recorded as applied, in order. */
export function pendingMigrations(files: readonly MigrationFile[], history: readonly AppliedMigration[]): MigrationFile[] {
  const applied = new Set(history.map((h) => h.name));
  return files.filter((f) => !applied.has(f.name));
}
