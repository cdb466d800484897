import { migratorOptions, type Project } from '../project';
import { strata, type Strata } from '../strata';

/** Where a project stands: its migrations, and whether the database matches the entities and the snapshot. */
export interface SyncState {
  readonly migrations: Strata.MigrationStatusEntry[];
  readonly pending: Strata.MigrationStatusEntry[];
  readonly edited: Strata.MigrationStatusEntry[];
  readonly missing: Strata.MigrationStatusEntry[];
  /** Migrations applied in part: a step failed outside a transaction (engines whose DDL commits by itself). */
  readonly partial: Strata.MigrationStatusEntry[];
  /** Pending migrations older than the last applied one. */
  readonly outOfOrder: Strata.MigrationStatusEntry[];
  /** Migrations generated on top of the same parent. */
  readonly conflicts: readonly Strata.BranchConflict[];
  /** Changes the entities need; undefined when not compared (pending migrations, or no entities). */
  readonly changes?: readonly string[];
  /** The database against the newest migration's snapshot; undefined when not compared (pending migrations, conflicts). */
  readonly snapshot?: Strata.SnapshotVerdict;
  readonly inSync: boolean;
}

export async function syncState(project: Project): Promise<SyncState> {
  const api = strata();
  const { migrationsDir, historyTable } = project.config;
  const conflicts = api.findBranchConflicts(migrationsDir);
  // A migration in a branch conflict is to be rebased, not applied out of order: db:migrate refuses it either way.
  const conflicted = new Set(conflicts.flatMap((c) => c.migrations));
  const migrations = (await api.migrationStatus(migratorOptions(project))).map((m) => {
    if (!m.outOfOrder || !conflicted.has(m.name)) return m;
    const { outOfOrder: _outOfOrder, ...rest } = m;
    return rest;
  });
  const pick = (state: Strata.MigrationStatusEntry['state']): Strata.MigrationStatusEntry[] => migrations.filter((m) => m.state === state);
  const [pending, edited, missing, partial] = [pick('pending'), pick('edited'), pick('missing'), pick('partial')];
  const outOfOrder = pending.filter((m) => m.outOfOrder);
  const compare = pending.length === 0 && partial.length === 0 && project.config.entities.length > 0;
  const diff = compare ? await api.diffDatabase(project.orm.knex, project.orm.dialect, project.orm.metadata, historyTable) : undefined;
  const changes = diff?.changes.map(api.describeChange);
  const snapshot = pending.length === 0 && partial.length === 0 && conflicts.length === 0
    ? await api.checkSnapshotDrift(project.orm.knex, project.orm.dialect, migrationsDir, historyTable, diff?.actual)
    : undefined;
  const inSync = pending.length === 0 && partial.length === 0 && edited.length === 0 && missing.length === 0 && conflicts.length === 0 &&
    (changes === undefined || changes.length === 0) && snapshot?.state !== 'drift' && snapshot?.state !== 'other-engine';
  return { migrations, pending, edited, missing, partial, outOfOrder, conflicts, changes, snapshot, inSync };
}

/** Whether the database matches the entities, as one sentence: the same words in the summary and in --json. */
export interface SchemaVerdict {
  readonly state: 'in-sync' | 'needs-migration' | 'not-compared';
  readonly message: string;
}

export function schemaVerdict(state: SyncState, hasEntities: boolean): SchemaVerdict {
  if (!hasEntities) return { state: 'not-compared', message: 'not compared (no entities configured).' };
  if (state.changes === undefined) return { state: 'not-compared', message: 'not compared with the entities until the pending migrations are applied.' };
  if (state.changes.length === 0) return { state: 'in-sync', message: 'in sync with the entities.' };
  return { state: 'needs-migration', message: 'the entities need a migration (run `orm migrate:generate --name <name>`):' };
}

/** The snapshot verdict, with a sentence when it was not compared. */
export function snapshotVerdict(state: SyncState): Strata.SnapshotVerdict {
  if (state.snapshot) return state.snapshot;
  const why = state.conflicts.length > 0 ? 'until the branch conflict is resolved' : 'until the pending migrations are applied';
  return { state: 'not-compared', differences: [], message: `not compared with the database ${why}.` };
}

/**
 * The parts of a state's JSON document that status and check share: names of what is wrong, the changes the
 * entities need (none when not compared), and the schema's verdict, which says whether they were compared.
 */
export function stateProblems(state: SyncState, hasEntities: boolean): {
  pending: string[]; edited: string[]; missing: string[]; partial?: string[]; outOfOrder: string[]; conflicts: { parent?: string; migrations: readonly string[] }[];
  changes: readonly string[]; schema: SchemaVerdict; snapshot: Strata.SnapshotVerdict;
} {
  const names = (entries: Strata.MigrationStatusEntry[]): string[] => entries.map((m) => m.name);
  return {
    pending: names(state.pending), edited: names(state.edited), missing: names(state.missing),
    ...(state.partial.length > 0 ? { partial: names(state.partial) } : {}), outOfOrder: names(state.outOfOrder),
    conflicts: state.conflicts.map((c) => ({ ...(c.parent !== null ? { parent: c.parent } : {}), migrations: c.migrations })), changes: state.changes ?? [], schema: schemaVerdict(state, hasEntities), snapshot: snapshotVerdict(state),
  };
}
