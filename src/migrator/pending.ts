import { checksumMatches, type MigrationFile } from './discover';
import type { AppliedMigration } from './history';

/** Files not yet recorded as applied, in order: those applied in part (see AppliedMigration.stepsDone) included. */
export function pendingMigrations(files: readonly MigrationFile[], history: readonly AppliedMigration[]): MigrationFile[] {
  const applied = new Set(history.filter((h) => h.stepsDone === undefined).map((h) => h.name));
  return files.filter((f) => !applied.has(f.name));
}

/**
 * Applied migrations whose file changed since (its checksum differs), in history order. A file applied in part
 * is not one: it is expected to change, to fix the step that failed.
 */
export function editedMigrations(files: readonly MigrationFile[], history: readonly AppliedMigration[]): AppliedMigration[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  return history.filter((h) => {
    const file = byName.get(h.name);
    return h.stepsDone === undefined && file !== undefined && !checksumMatches(file, h.checksum);
  });
}

/** Applied migrations whose file is gone, in history order. */
export function missingMigrations(files: readonly MigrationFile[], history: readonly AppliedMigration[]): AppliedMigration[] {
  const names = new Set(files.map((f) => f.name));
  return history.filter((h) => !names.has(h.name));
}

/** The applied migration whose name sorts last; undefined when none is applied. */
export function lastApplied(history: readonly AppliedMigration[]): string | undefined {
  return history.map((h) => h.name).sort().at(-1);
}

/** Pending files whose names sort before the last applied migration's: they would run out of file-name order. */
export function outOfOrderMigrations(pending: readonly MigrationFile[], history: readonly AppliedMigration[]): MigrationFile[] {
  const last = lastApplied(history);
  return last === undefined ? [] : pending.filter((f) => f.name < last);
}
