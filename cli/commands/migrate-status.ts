import { relative } from 'node:path';
import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';
import { withProject } from '../project';
import { strata, type Strata } from '../strata';
import { schemaVerdict, snapshotVerdict, stateProblems, type SyncState, syncState } from './sync-state';

export const migrateStatus = defineCommand({
  command: 'migrate:status',
  describe: 'List applied and pending migrations, and whether the schema matches the entities',
  builder: (y) => y,
  run: (args, output) => withProject(args, { entities: 'optional' }, async (project) => {
    const state = await syncState(project);
    output.line(`Migrations in ${relative(process.cwd(), project.config.migrationsDir) || '.'}:`);
    if (state.migrations.length === 0) output.line('  (none yet: run `orm migrate:generate --name <name>`)');
    const width = Math.max(0, ...state.migrations.map((m) => m.name.length));
    for (const m of state.migrations) output.line(`  ${label(m.state, output)}  ${m.name.padEnd(width)}  ${detail(m)}`.trimEnd());
    output.line();
    for (const line of summary(state, project.config.entities.length > 0)) output.line(line);
    output.document({
      ok: true, inSync: state.inSync,
      migrations: state.migrations.map((m) => ({ ...m, appliedAt: m.appliedAt?.toISOString() })),
      ...stateProblems(state, project.config.entities.length > 0),
    });
    return state.inSync ? EXIT.ok : EXIT.problem;
  }),
});

function label(state: string, output: Output): string {
  const text = state.padEnd(7);
  if (state === 'squashed') return output.paint('dim', text);
  return state === 'applied' ? output.paint('green', text) : state === 'pending' ? output.paint('yellow', text) : output.paint('red', text.toUpperCase());
}

function detail(m: Strata.MigrationStatusEntry): string {
  if (m.outOfOrder) return 'older than the last applied migration: `orm db:migrate --allow-out-of-order` applies it';
  if (m.state === 'pending' && m.squash === 'recorded') return 'squashes migrations this database applied: `orm db:migrate` records it without running it';
  if (m.state === 'pending' && m.squash === 'blocked') return 'squashes migrations this database applied only some of: apply the rest first, from the commit before the squash';
  const when = m.appliedAt ? `applied ${m.appliedAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}, took ${m.durationMs} ms` : '';
  if (m.state === 'edited') return `${when}; the file changed after it was applied`;
  if (m.state === 'missing') return `${when}; the file is gone`;
  if (m.state === 'squashed' && m.squash === 'blocked') return `${when}; squashed since, with migrations this database has not applied: apply them first, from the commit before the squash`;
  if (m.state === 'squashed') return `${when}; squashed since: \`orm db:migrate\` records the squash`;
  if (m.state === 'partial') return `steps 1 to ${m.stepsDone} applied; a later step failed`;
  return when;
}

/** What the state means and what to do, a line each. */
export function summary(state: SyncState, hasEntities: boolean): string[] {
  const lines: string[] = [];
  const applied = new Set(state.migrations.filter((m) => m.state !== 'pending').map((m) => m.name));
  for (const conflict of state.conflicts) lines.push(`Branch conflict: ${strata().describeConflict(conflict)}. ${strata().rebaseAdvice(conflict, applied)}`);
  for (const m of state.partial) {
    lines.push(`${m.name} is applied in part (steps 1 to ${m.stepsDone}): a later step failed outside a transaction. Fix it and run \`orm db:migrate\` to go on from there, or \`orm db:migrate:undo\` to undo the steps applied.`);
  }
  const blocked = state.pending.filter((m) => m.squash === 'blocked');
  for (const m of blocked) {
    lines.push(`${m.name} squashes migrations this database applied only some of, and \`orm db:migrate\` refuses it: check out the commit before the squash, ` +
      'run `orm db:migrate` there to apply the rest, then come back and run it again.');
  }
  // db:migrate applies nothing while a squash is blocked or migrations conflict.
  if (state.pending.length && blocked.length === 0 && state.conflicts.length === 0) lines.push(`${state.pending.length} migration(s) pending: run \`orm db:migrate\`.`);
  if (state.outOfOrder.length) {
    lines.push(`${state.outOfOrder.length} pending migration(s) older than the last applied one: ${state.outOfOrder.map((m) => m.name).join(', ')}. ` +
      '`orm db:migrate` applies them only with --allow-out-of-order.');
  }
  if (state.edited.length) lines.push(`${state.edited.length} applied migration(s) edited since: ${state.edited.map((m) => m.name).join(', ')}. Restore them and put changes in new migrations, or, if an edit changes nothing in the database, record it with \`orm migrate:accept-edit <name>\`.`);
  if (state.missing.length) lines.push(`${state.missing.length} applied migration(s) missing their file: ${state.missing.map((m) => m.name).join(', ')}. Restore them from version control.`);
  lines.push(`Schema: ${schemaVerdict(state, hasEntities).message}`, ...(state.changes ?? []).map((c) => `  - ${c}`));
  const snapshot = snapshotVerdict(state);
  if (snapshot.state !== 'not-compared' || state.migrations.length > 0) {
    lines.push(`Snapshot: ${snapshot.message}`, ...snapshot.differences.map((d) => `  - ${d}`));
  }
  return lines;
}
