import { checksumMatches, discoverMigrations, migrationName } from './discover';
import { MigrationError } from './errors';
import { readHistory } from './history';
import { historyTableOf, lockTimeoutOf, type MigratorOptions } from './migrator';

/** What accepting an edit did to one migration. */
export interface AcceptedEdit {
  readonly name: string;
  /** `accepted`: the file's new checksum is recorded; `unchanged`: the file was not edited, nothing to record. */
  readonly status: 'accepted' | 'unchanged';
}

/**
 * Records the current checksum of applied migration files that were edited since (a comment, a reformat):
 * they stop counting as edited. Only for edits that change nothing in the database, which already holds
 * what the old version did. `all` accepts every edited file. Nothing is recorded when a name is not an
 * applied migration with its file in place.
 * @example await acceptEditedMigrations(options, { names: ['20260101000000-init'] });
 */
export async function acceptEditedMigrations(options: MigratorOptions, target: { names?: readonly string[]; all?: boolean }): Promise<AcceptedEdit[]> {
  const names = (target.names ?? []).map(migrationName);
  if ((names.length === 0) === !target.all) {
    throw new MigrationError('Name the applied migrations whose edits to accept, or accept every edited one with all (--all); not both.');
  }
  const historyTable = historyTableOf(options);
  const files = new Map(discoverMigrations(options.migrationsDir).map((f) => [f.name, f]));
  return options.dialect.migrations.withMigrationLock(options.knex, { key: historyTable, timeoutMs: lockTimeoutOf(options), signal: options.signal }, async () => {
    const history = await readHistory(options.knex, historyTable);
    const chosen = target.all ? history.filter((h) => files.has(h.name)).map((h) => h.name) : names;
    const entries = chosen.map((name) => {
      const applied = history.find((h) => h.name === name);
      if (!applied) throw new MigrationError(`${name} is not an applied migration: only the checksum of an applied one can be accepted. Applied: ${history.map((h) => h.name).join(', ') || 'none'}.`);
      const file = files.get(name);
      if (!file) throw new MigrationError(`Cannot accept an edit of ${name}: its file is not in ${options.migrationsDir}. Restore it from version control.`);
      return { name, file, edited: !checksumMatches(file, applied.checksum) };
    });
    const results: AcceptedEdit[] = [];
    for (const entry of entries) {
      if (entry.edited) await options.knex(historyTable).where({ name: entry.name }).update({ checksum: entry.file.checksum });
      if (entry.edited || !target.all) results.push({ name: entry.name, status: entry.edited ? 'accepted' : 'unchanged' });
    }
    return results;
  });
}
