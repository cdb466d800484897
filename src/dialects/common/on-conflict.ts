/**
 * `ON CONFLICT (target) DO UPDATE SET c = excluded.c, …, …also`, or `DO NOTHING` when nothing is to be updated:
 * the upsert clause of PostgreSQL (9.5+) and SQLite (3.24+), which spell it alike. Names are already quoted.
 */
export function onConflictClause(target: readonly string[], update: readonly string[], also: readonly string[] = []): string {
  const action = update.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${[...update.map((c) => `${c} = excluded.${c}`), ...also].join(', ')}`;
  return ` ON CONFLICT (${target.join(', ')}) ${action}`;
}
