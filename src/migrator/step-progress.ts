import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { MigrationFile } from './discover';
import { recordProgress } from './history';
import type { StepRunner } from './load';

/** A step that ran (or was undone) in this run. */
export interface StepDone {
  readonly n: number;
  readonly description: string;
}

/** A step of a migration threw: which one, and what the run did before it. */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
  constructor(readonly step: StepDone, readonly done: readonly StepDone[], readonly applied: number, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export interface StepProgressOptions {
  readonly db: Knex | Knex.Transaction;
  readonly dialect: Dialect;
  readonly historyTable: string;
  readonly file: MigrationFile;
  readonly direction: 'up' | 'down';
  readonly batch: number;
  /** Steps 1 to `applied` are applied; undefined: the whole file is (or, going up, nothing of it is). */
  readonly applied: number | undefined;
  /** Whether the file has a row in the history table. */
  readonly recorded: boolean;
  readonly now: () => Date;
}

/**
 * The StepRunner of one migration run outside a transaction: it runs the steps not yet applied (going up) or
 * those applied (going down), and records in the history table, after each, how many leading steps are applied,
 * so that a failure leaves the database in a known state: `db:migrate` resumes after the last step applied, and
 * `db:migrate:undo` undoes only the steps applied.
 */
export class StepProgress {
  /** Steps run (up) or undone (down) by this run, in order. */
  readonly done: StepDone[] = [];
  private applied: number | undefined;
  /** Whether the file has a row in the history table now. */
  private recorded: boolean;
  private readonly started = performance.now();

  constructor(private readonly options: StepProgressOptions) {
    this.applied = options.direction === 'up' ? options.applied ?? 0 : options.applied;
    this.recorded = options.recorded;
  }

  readonly runner: StepRunner = async (n, description, run) => {
    if (!Number.isInteger(n) || n < 1) throw new Error(`A migration step is numbered ${String(n)}: steps are numbered from 1.`);
    const up = this.options.direction === 'up';
    if (up ? n <= this.applied! : this.applied !== undefined && n > this.applied) return;
    try {
      await run();
    } catch (error) {
      throw new StepFailure({ n, description }, this.done, this.applied ?? n, error);
    }
    this.done.push({ n, description });
    this.applied = up ? n : n - 1;
    await recordProgress(this.options.db, this.options.dialect, this.options.historyTable, {
      name: this.options.file.name,
      batch: this.options.batch,
      appliedAt: this.options.now(),
      durationMs: Math.round(performance.now() - this.started),
      checksum: this.options.file.checksum,
      stepsDone: this.applied,
    }, this.recorded);
    this.recorded = this.applied > 0;
  };
}
