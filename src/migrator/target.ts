import { kebabName } from '../codegen/file-name';
import { migrationName } from './discover';
import { MigrationError } from './errors';

const STAMPED = /^(\d{14})-(.*)$/;

/**
 * Where `--to` points among `candidates` (migration names, in order): the index of the one it names by its full
 * name, its file name, its timestamp alone (`20261122093000`), or its name without the timestamp (`add-users` for
 * `20261122093000-add-users`) when no other candidate has that name.
 * @throws MigrationError naming the candidates, when none matches or several do.
 */
export function findTarget(to: string, candidates: readonly string[], what: 'pending' | 'applied' | 'existing', flag = '--to'): number {
  const exact = candidates.indexOf(migrationName(to));
  if (exact >= 0) return exact;
  const wanted = kebabName(migrationName(to));
  const matches = candidates
    .map((name, index) => ({ name, index, parts: STAMPED.exec(name) }))
    .filter(({ parts }) => parts !== null && (parts[1] === to || (wanted !== '' && parts[2] === wanted)));
  if (matches.length === 1) return matches[0]!.index;
  if (matches.length > 1) {
    throw new MigrationError(`${flag} ${to} matches ${matches.length} ${what} migrations: ${matches.map((m) => m.name).sort().join(', ')}. Give the full name of the one you mean.`);
  }
  throw new MigrationError(`${flag} ${to} is not ${what === 'pending' ? 'a pending' : what === 'applied' ? 'an applied' : 'a'} migration; ${what === 'existing' ? 'migrations' : what}: ${[...candidates].sort().join(', ') || 'none'}.`);
}
