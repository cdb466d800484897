import { MISFIT_ERROR_NAME } from '../steps/step';
import { MigrationError } from './errors';
import { FailureAfterStatements } from './run-migration';
import type { Engines } from './snapshots';
import { StepFailure } from './step-progress';

/**
 * A migration threw. Names the file and, when the error came from the database, the statement; says
 * whether its changes were rolled back, or, for a file whose steps are recorded one by one, which steps ran
 * and how to go on. When a generated check refused data that does not fit, its own message already says what
 * to do, and the migration itself needs no fixing.
 */
export class MigrationFailedError extends MigrationError {
  constructor(
    readonly migration: string,
    readonly direction: 'up' | 'down',
    readonly statement: string | undefined,
    readonly reason: string,
    readonly rolledBack: boolean,
    cause: unknown,
    /** The engine the migration was generated against, when it is not the database's: a likely reason it failed. */
    readonly generatedOn?: Engines,
  ) {
    const step = cause instanceof StepFailure ? cause : undefined;
    const ran = cause instanceof FailureAfterStatements ? cause : undefined;
    const root = step || ran ? (cause as StepFailure | FailureAfterStatements).cause : cause;
    super(
      `Migration ${migration} failed (${direction})${step ? ` at step ${step.step.n} (${step.step.description})` : ''} and ` +
        (step ? `ran outside a transaction, step by step: ${progress(migration, direction, step)}. ` : rolledBack ? 'was rolled back: nothing of it was applied. ' : `ran outside a transaction: ${stays(ran, direction)} `) +
        (statement ? `The failing statement: ${statement}. ` : '') +
        (root instanceof Error && root.name === MISFIT_ERROR_NAME ? reason : `The error: ${reason}. ${step ? nextMove(direction, step) : generatedOn ? foreignEngine(generatedOn) : 'Fix the migration and run the command again.'}`),
      { cause },
    );
  }

  /** Splits knex's "<sql> - <message>" into the statement and the database's message. */
  static from(migration: string, direction: 'up' | 'down', error: unknown, rolledBack: boolean, generatedOn?: Engines): MigrationFailedError {
    const root = error instanceof StepFailure || error instanceof FailureAfterStatements ? error.cause : error;
    const message = root instanceof Error ? root.message : String(root);
    const split = / - (?![\s\S]* - )/.exec(message);
    const looksLikeSql = split && /^\s*(select|insert|update|delete|create|alter|drop|with|comment|pragma|begin|truncate|rename)\b/i.test(message);
    return looksLikeSql
      ? new MigrationFailedError(migration, direction, message.slice(0, split.index).trim(), message.slice(split.index + 3).trim(), rolledBack, error, generatedOn)
      : new MigrationFailedError(migration, direction, undefined, message, rolledBack, error, generatedOn);
  }
}

/** Why a migration generated against another engine may fail here, and what to do instead. */
function foreignEngine({ engine, current }: Engines): string {
  return `It was generated against ${engine}, and this database is ${current}: a migration is written in its engine's terms (statements ` +
    `written as SQL, the types of keys), which another engine may refuse. Generate this database's migrations against ${current} ` +
    '(see docs/dialects.md), or fix the migration and run the command again.';
}

/** What of a migration run outside a transaction, not step by step, stays done after it failed. */
function stays(ran: FailureAfterStatements | undefined, direction: 'up' | 'down'): string {
  if (ran === undefined) return 'what it did before failing stays.';
  const up = direction === 'up';
  if (ran.count === 0) return `no statement of it had completed, so nothing of it was ${up ? 'applied' : 'undone'}.`;
  const list = ran.statements.map(({ n, sql }, i) => {
    const skipped = i > 0 && n > ran.statements[i - 1]!.n + 1 ? `… (${n - ran.statements[i - 1]!.n - 1} more); ` : '';
    return `${skipped}(${n}) ${sql.length > 200 ? `${sql.slice(0, 200)}…` : sql}`;
  }).join('; ');
  return `the ${ran.count === 1 ? 'statement' : `${ran.count} statements`} it completed before failing stay${ran.count === 1 ? 's' : ''} done, ` +
    `and it is ${up ? 'not recorded as applied' : 'still recorded as applied'}: ${list}. ` +
    `${up ? 'Undo' : 'Redo'} those by hand, or make the ${up ? 'migration' : 'down'} skip what is already ${up ? 'there' : 'undone'}, before running it again` +
    // Not recorded, it is not what an undo reverts: that is the migration applied before it.
    (up ? ' (`orm db:migrate:undo` would revert the migration applied before this one, not these statements).' : '.');
}

/** `steps 1–2 (create table a; create table b) ran and are recorded in the history` and the like. */
function progress(migration: string, direction: 'up' | 'down', failure: StepFailure): string {
  const list = failure.done.map((s) => `${s.n} (${s.description})`).join(', ');
  const thisRun = failure.done.length === 0 ? 'no step ran in this run' : `${direction === 'up' ? 'steps applied' : 'steps undone'} in this run: ${list}`;
  const state = failure.applied === 0 ? `nothing of ${migration} is applied` : `steps 1 to ${failure.applied} of ${migration} are applied, and recorded as such in the history`;
  return `${thisRun}; ${state}`;
}

function nextMove(direction: 'up' | 'down', failure: StepFailure): string {
  return direction === 'up'
    ? `Fix step ${failure.step.n} of the migration and run \`orm db:migrate\` again: it goes on from step ${failure.step.n}.` +
      (failure.applied === 0 ? '' : ' Or run `orm db:migrate:undo` to undo the steps that are applied.')
    : `Fix the down of step ${failure.step.n} and run \`orm db:migrate:undo\` again: it goes on from step ${failure.step.n}. Or run \`orm db:migrate\` to apply the migration's remaining steps again.`;
}
