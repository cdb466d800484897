import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import { checksumMatches, type MigrationFile, discoverMigrations } from './discover';
import { MigrationError } from './errors';
import { MigrationFailedError } from './failure';
import { type AppliedMigration, DEFAULT_HISTORY_TABLE, ensureHistoryTable, readHistory } from './history';
import { loadMigration, type MigrationModule } from './load';
import { tablesWithRows } from './count-data';
import { findTarget } from './target';
import { guardDataLoss } from './data-loss';
import { MigrationInterruptedError } from './interrupted';
import { rehearseDowns } from './rehearse';
import { editedMigrations, lastApplied, missingMigrations, outOfOrderMigrations, pendingMigrations } from './pending';
import { type Engines, otherEngine, readSnapshots, refuseConflicts } from './snapshots';
import { schemasEqual } from '../schema/equality';
import { adoptSquash, squashCoverage, squashedNames, squashesToAdopt } from './squash-adoption';
import { type Direction, runMigration, usesTransaction } from './run-migration';

export interface MigratorOptions {
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly migrationsDir: string;
  /** Default `strata_migrations`. */
  readonly historyTable?: string;
  /** How long to wait for another process's run to finish. Default 60 s. */
  readonly lockTimeoutMs?: number;
  /** Run even though applied files were edited since (their checksums differ). Default false. */
  readonly allowEdited?: boolean;
  /**
   * Apply pending migrations whose names sort before the last applied one (a branch merged after newer
   * migrations were applied). Default false: migrateUp refuses them with an OutOfOrderError naming them.
   */
  readonly allowOutOfOrder?: boolean;
  /** Called as each migration finishes, for progress output. */
  readonly onResult?: (result: MigrationResult) => void;
  /**
   * Interrupts the run (Ctrl-C): it stops waiting for the lock, or for the migration under way, which never
   * commits (see UnitOptions.signal for each engine), and fails with a MigrationInterruptedError saying what
   * was running and what became of it. A migration that is committing when the signal comes finishes first.
   */
  readonly signal?: AbortSignal;
  /** Loads a migration file. Default: loadMigration (`require` or `import()` through the TypeScript loader). */
  readonly load?: (file: MigrationFile) => MigrationModule | Promise<MigrationModule>;
  readonly now?: () => Date;
  /** The environment; `NODE_ENV=production` turns on the data-loss guard of migrateDown and migrateFresh. Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What happened to one migration. */
export interface MigrationResult {
  readonly name: string;
  readonly direction: Direction;
  /** `skipped`: another process applied (or reverted) it meanwhile; `interrupted`: see MigratorOptions.signal. */
  readonly status: 'applied' | 'reverted' | 'skipped' | 'failed' | 'interrupted';
  readonly durationMs?: number;
  /** Problems found that did not stop it, a sentence each; present only when there are some. */
  readonly warnings?: readonly string[];
}

/**
 * A run: every result, and the error that stopped it, if one did. Never a silent failure. `missing` (from
 * migrateUp, once it has read the history): applied migrations whose file is gone, which the run could not
 * check; `migrate:status` lists them too.
 */
export type MigrationRun =
  | { readonly ok: true; readonly results: readonly MigrationResult[]; readonly missing?: readonly string[] }
  | { readonly ok: false; readonly error: Error; readonly results: readonly MigrationResult[]; readonly missing?: readonly string[] };

/** Applied files whose content changed after they were applied. */
export class EditedMigrationsError extends MigrationError {
  constructor(readonly edited: readonly string[]) {
    super(
      `${edited.length === 1 ? 'This migration was' : 'These migrations were'} edited after being applied: ${edited.join(', ')}. ` +
        'The database holds what the old version did. Restore the file from version control and put the change in a new migration, ' +
        'or, if the edit changes nothing in the database (a comment, say), record it with `orm migrate:accept-edit <name>` ' +
        '(or run once with --allow-edited).',
    );
  }
}

/** Pending migrations that sort before the last applied one, refused without allowOutOfOrder. */
export class OutOfOrderError extends MigrationError {
  constructor(readonly outOfOrder: readonly string[], readonly lastApplied: string) {
    super(
      `${outOfOrder.length === 1 ? 'This pending migration is' : 'These pending migrations are'} older than ${lastApplied}, the last applied one: ` +
        `${outOfOrder.join(', ')}. Nothing was applied. They were likely merged from a branch after newer migrations were applied here; ` +
        'check that they do not depend on what the newer ones changed, then run again with --allow-out-of-order.',
    );
  }
}

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** Applies pending migrations in file-name order, up to and including `to` when given. */
export async function migrateUp(options: MigratorOptions, target: { to?: string } = {}): Promise<MigrationRun> {
  let missing: string[] | undefined;
  const run = await locked(options, 'up', async (results) => {
    const read = await readState(options);
    refuseConflicts(options.migrationsDir, read.files, new Set(read.history.map((h) => h.name)));
    refuseEdited(read, options);
    const state = await adoptSquashes(options, read, results);
    missing = missingMigrations(state.files, state.history).map((h) => h.name);
    await applyPending(options, state, target.to, results);
  });
  return missing === undefined ? run : { ...run, missing };
}

/**
 * Drops every table of the database (in its current schema on PostgreSQL), then applies every migration: what
 * `orm db:reset` does. In production (`NODE_ENV=production`), without `force`, a DataLossError refuses it when
 * any table holds rows (the history table's included). Every file is loaded before anything is dropped, so that
 * a broken one stops it first. `onDropped` is called once the tables are gone, before any migration runs.
 */
export async function migrateFresh(options: MigratorOptions, target: { force?: boolean; onDropped?: () => void } = {}): Promise<MigrationRun> {
  return locked(options, 'up', async (results) => {
    const files = discoverMigrations(options.migrationsDir);
    refuseConflicts(options.migrationsDir, files);
    await loadAll(options, files);
    await guardDataLoss('Resetting the database (dropping every table, then applying every migration)', { force: target.force, env: options.env }, async () => ({
      tables: await tablesWithRows(options.knex, options.dialect),
      columns: [],
    }));
    await options.dialect.migrations.dropAll(options.knex);
    target.onDropped?.();
    await applyPending(options, await readState(options), undefined, results);
  });
}

/**
 * Records each pending squashed migration whose originals this database applied (see squashesToAdopt) in their
 * place, without running it, and returns the state that leaves.
 */
async function adoptSquashes(options: MigratorOptions, state: State, results: MigrationResult[]): Promise<State> {
  const adoptions = squashesToAdopt(options.migrationsDir, state.files, state.history);
  if (adoptions.length === 0) return state;
  for (const adoption of adoptions) {
    // In the history's order (batch, then name), where its originals stood: a migration applied after them stays last.
    const batch = Math.max(...state.history.filter((h) => adoption.squashes.includes(h.name)).map((h) => h.batch));
    await adoptSquash(options.knex, options.dialect, historyTableOf(options), adoption, batch, (options.now ?? (() => new Date()))());
    const result: MigrationResult = {
      name: adoption.file.name, direction: 'up', status: 'applied', durationMs: 0,
      warnings: [`recorded as applied without running it: it squashes ${adoption.squashes.join(', ')}, which this database applied`],
    };
    results.push(result);
    options.onResult?.(result);
  }
  return { ...state, history: await readHistory(options.knex, historyTableOf(options)) };
}

/** Applies the pending migrations of `state`, up to and including `to` when given, as one batch. */
async function applyPending(options: MigratorOptions, state: State, to: string | undefined, results: MigrationResult[]): Promise<void> {
  let pending = pendingMigrations(state.files, state.history);
  if (to !== undefined) pending = pending.slice(0, findTarget(to, pending.map((p) => p.name), 'pending') + 1);
  const early = outOfOrderMigrations(pending, state.history);
  if (early.length > 0 && !options.allowOutOfOrder) throw new OutOfOrderError(early.map((f) => f.name), lastApplied(state.history)!);
  const batch = Math.max(0, ...state.history.map((h) => h.batch)) + 1;
  const modules = await loadAll(options, pending);
  for (const [i, file] of pending.entries()) await run(options, file, modules[i]!, 'up', batch, results);
}

/**
 * Reverts applied migrations, most recent first: the last one; or the last `step`; or down to and
 * including `to`; or `all`. In production (`NODE_ENV=production`), without `force`, the downs are rehearsed
 * first (see rehearseDowns), and a DataLossError refuses the revert when they would drop tables or columns
 * that hold data, or when they cannot be rehearsed.
 */
export async function migrateDown(options: MigratorOptions, target: { step?: number; to?: string; all?: boolean; force?: boolean } = {}): Promise<MigrationRun> {
  return locked(options, 'down', async (results) => {
    const state = await readState(options);
    const applied = [...state.history].reverse();
    let chosen: AppliedMigration[];
    if (target.all) chosen = applied;
    else if (target.to !== undefined) chosen = applied.slice(0, findTarget(target.to, applied.map((h) => h.name), 'applied') + 1);
    else chosen = applied.slice(0, target.step ?? 1);
    const files = chosen.map((h) => {
      const file = state.files.find((f) => f.name === h.name);
      if (!file) throw new MigrationError(`Cannot revert ${h.name}: its file is not in ${options.migrationsDir}. Restore it from version control.`);
      return file;
    });
    refuseEdited({ ...state, history: chosen }, options);
    const modules = await loadAll(options, files);
    if (files.length > 0) await guardDataLoss(`Reverting ${files.map((f) => f.name).join(', ')}`, { force: target.force, env: options.env }, () => rehearseDowns({
      knex: options.knex, dialect: options.dialect, historyTable: historyTableOf(options),
      steps: files.map((file, i) => ({ file, module: modules[i]! })), signal: options.signal,
    }));
    for (const [i, file] of files.entries()) await run(options, file, modules[i]!, 'down', 0, results);
  });
}

export interface MigrationStatusEntry {
  readonly name: string;
  /**
   * `edited`: applied, but the file changed since; `missing`: applied, but the file is gone; `squashed`: applied,
   * and its file replaced by a squashed migration, which `db:migrate` records in its place; `partial`: a step of it
   * failed outside a transaction, and its steps 1 to `stepsDone` are applied (`db:migrate` goes on from there).
   */
  readonly state: 'applied' | 'pending' | 'edited' | 'missing' | 'squashed' | 'partial';
  /** Pending, and older than the last applied migration: applied only with allowOutOfOrder (`--allow-out-of-order`). */
  readonly outOfOrder?: boolean;
  /**
   * A pending squashed migration some of whose originals this database applied, and those originals (`squashed`):
   * `recorded` when it applied them all (`db:migrate` records the squash without running it, whatever its name's
   * place), `blocked` when it applied only some (`db:migrate` refuses until the rest are applied from the commit
   * before the squash).
   */
  readonly squash?: 'recorded' | 'blocked';
  readonly batch?: number;
  readonly appliedAt?: Date;
  readonly durationMs?: number;
  /** `partial` only: how many leading steps are applied. */
  readonly stepsDone?: number;
}

/** Every migration, applied or pending, in order, with what is wrong with it. */
export async function migrationStatus(options: MigratorOptions): Promise<MigrationStatusEntry[]> {
  const historyTable = historyTableOf(options);
  const files = discoverMigrations(options.migrationsDir);
  const history = await readHistory(options.knex, historyTable);
  const byName = new Map(files.map((f) => [f.name, f]));
  const squashed = squashedNames(options.migrationsDir, files);
  // What db:migrate will do with each squash: by the squash's name, and by each original's it applied.
  const coverage = new Map<string, 'recorded' | 'blocked'>();
  for (const c of squashCoverage(options.migrationsDir, files, history)) {
    const verdict = c.done.length === c.squashes.length ? 'recorded' : 'blocked';
    for (const name of [c.file.name, ...c.done]) coverage.set(name, verdict);
  }
  const squashOf = (name: string) => (coverage.has(name) ? { squash: coverage.get(name)! } : {});
  const entries: MigrationStatusEntry[] = history.map((h) => {
    const file = byName.get(h.name);
    if (file && h.stepsDone !== undefined) return { name: h.name, state: 'partial', batch: h.batch, appliedAt: h.appliedAt, durationMs: h.durationMs, stepsDone: h.stepsDone };
    const state = !file ? (squashed.has(h.name) ? 'squashed' : 'missing') : !checksumMatches(file, h.checksum) ? 'edited' : 'applied';
    return { name: h.name, state, batch: h.batch, appliedAt: h.appliedAt, durationMs: h.durationMs, ...(state === 'squashed' ? squashOf(h.name) : {}) };
  });
  const partial = new Set(history.filter((h) => h.stepsDone !== undefined).map((h) => h.name));
  const pending = pendingMigrations(files, history).filter((f) => !partial.has(f.name));
  // A squash to record is not applied: its name's place before newer migrations does not make it out of order.
  const early = new Set(outOfOrderMigrations(pending.filter((f) => !coverage.has(f.name)), history).map((f) => f.name));
  for (const file of pending) entries.push({ name: file.name, state: 'pending', ...(early.has(file.name) ? { outOfOrder: true } : {}), ...squashOf(file.name) });
  return entries;
}

interface State {
  readonly files: MigrationFile[];
  readonly history: AppliedMigration[];
}

/**
 * Runs `body` holding the migration lock, and turns a thrown error into a failed run: an interrupt (see
 * MigratorOptions.signal) into a MigrationInterruptedError saying where it came.
 */
async function locked(options: MigratorOptions, direction: Direction, body: (results: MigrationResult[]) => Promise<void>): Promise<MigrationRun> {
  const { signal } = options;
  const results: MigrationResult[] = [];
  let holding = false;
  try {
    if (signal?.aborted) throw MigrationInterruptedError.between(undefined, direction);
    await options.dialect.migrations.withMigrationLock(options.knex, { key: historyTableOf(options), timeoutMs: lockTimeoutOf(options), signal }, async () => {
      holding = true;
      await body(results);
    });
    return { ok: true, results };
  } catch (error) {
    if (!signal?.aborted || error instanceof MigrationInterruptedError) return { ok: false, error: error as Error, results };
    const last = results.filter((r) => r.status !== 'skipped').at(-1)?.name;
    return { ok: false, error: holding ? MigrationInterruptedError.between(last, direction) : MigrationInterruptedError.waiting(), results };
  }
}

/** The files and the history, under the lock: the history table is created there, so two runs never both create it. */
async function readState(options: MigratorOptions): Promise<State> {
  const historyTable = historyTableOf(options);
  const files = discoverMigrations(options.migrationsDir);
  await ensureHistoryTable(options.knex, options.dialect, historyTable);
  return { files, history: await readHistory(options.knex, historyTable) };
}

/** Loads every file a run needs before it changes anything, so a broken file stops it at the start. */
async function loadAll(options: MigratorOptions, files: readonly MigrationFile[]): Promise<MigrationModule[]> {
  const modules: MigrationModule[] = [];
  for (const file of files) modules.push(await (options.load ?? loadMigration)(file));
  return modules;
}

async function run(options: MigratorOptions, file: MigrationFile, module: MigrationModule, direction: Direction, batch: number, results: MigrationResult[]): Promise<void> {
  if (options.signal?.aborted) throw MigrationInterruptedError.between(results.filter((r) => r.status !== 'skipped').at(-1)?.name, direction);
  let result: MigrationResult;
  let failure: unknown;
  try {
    const outcome = await runMigration({
      knex: options.knex, dialect: options.dialect, historyTable: historyTableOf(options),
      file, module, direction, batch, now: options.now, signal: options.signal,
    });
    const warnings = outcome.status === 'done' ? [...outcome.warnings, ...otherEngineWarning(options, file, direction)] : [];
    result = outcome.status === 'skipped'
      ? { name: file.name, direction, status: 'skipped' }
      : {
        name: file.name, direction, status: direction === 'up' ? 'applied' : 'reverted', durationMs: outcome.durationMs,
        ...(warnings.length > 0 ? { warnings } : {}),
      };
  } catch (error) {
    result = { name: file.name, direction, status: options.signal?.aborted ? 'interrupted' : 'failed' };
    failure = error;
  }
  results.push(result);
  options.onResult?.(result);
  if (result.status === 'interrupted') throw MigrationInterruptedError.during(file.name, direction, usesTransaction(options.dialect, module));
  if (result.status === 'failed') throw MigrationFailedError.from(file.name, direction, failure, usesTransaction(options.dialect, module), generatedOn(options, file));
}

/**
 * A migration generated against another engine that ran here: most knex builder calls run on any engine, but what
 * they make is in this engine's terms (an enum as a check, another datetime precision), which the entities may
 * not match. Said at once, rather than left to the next `migrate:status`.
 */
function otherEngineWarning(options: MigratorOptions, file: MigrationFile, direction: Direction): string[] {
  const engines = direction === 'up' ? generatedOn(options, file) : undefined;
  if (!engines || changesNoSchema(options, file)) return [];
  return [
    `it was generated against ${engines.engine}, and this database is ${engines.current}: it ran, but what it made may differ from what the entities ` +
      `describe here; \`orm migrate:status\` says whether the schema is in sync. Generate this database's migrations against ${engines.current} (see docs/dialects.md).`,
  ];
}

/** Whether `file`'s snapshot holds its parent's schema: a file written by hand (`make:migration`), a data change. */
function changesNoSchema(options: MigratorOptions, file: MigrationFile): boolean {
  try {
    const [snapshot] = readSnapshots(options.migrationsDir, [file]);
    const parent = snapshot?.parent && discoverMigrations(options.migrationsDir).find((f) => f.name === snapshot.parent);
    const [before] = parent ? readSnapshots(options.migrationsDir, [parent]) : [];
    return snapshot !== undefined && before !== undefined && schemasEqual(snapshot.schema, before.schema);
  } catch {
    return false;
  }
}

/** The engine `file` was generated against (by its snapshot) and the database's, when they differ. */
function generatedOn(options: MigratorOptions, file: MigrationFile): Engines | undefined {
  try {
    const [snapshot] = readSnapshots(options.migrationsDir, [file]);
    return snapshot && otherEngine(snapshot, options.dialect);
  } catch {
    return undefined; // A snapshot that does not parse says nothing of the failure; migrate:status names it.
  }
}

function refuseEdited(state: State, options: MigratorOptions): void {
  if (options.allowEdited) return;
  const edited = editedMigrations(state.files, state.history);
  if (edited.length > 0) throw new EditedMigrationsError(edited.map((e) => e.name));
}

export function historyTableOf(options: MigratorOptions): string {
  return options.historyTable ?? DEFAULT_HISTORY_TABLE;
}

export function lockTimeoutOf(options: MigratorOptions): number {
  return options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
}
