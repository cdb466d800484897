import { MigrationError } from './errors';
import type { Direction } from './run-migration';

/**
 * The run was interrupted (MigratorOptions.signal: Ctrl-C on the command line). Says what was running, if
 * anything, and what became of it: rolled back with its transaction, or, for a file that runs outside one,
 * left as far as it got.
 */
export class MigrationInterruptedError extends MigrationError {
  private constructor(
    message: string,
    /** The migration that was running, if one was. */
    readonly migration?: string,
    /** Whether that migration's changes were rolled back (it ran in a transaction). */
    readonly rolledBack?: boolean,
  ) {
    super(message);
  }

  /** Interrupted while `migration` ran. */
  static during(migration: string, direction: Direction, rolledBack: boolean): MigrationInterruptedError {
    const state = direction === 'up' ? 'pending' : 'applied';
    return new MigrationInterruptedError(
      rolledBack
        ? `Interrupted while migration ${migration} was running (${direction}): it was rolled back, so nothing of it was ${direction === 'up' ? 'applied' : 'reverted'}, and it is still ${state}. Run the command again to go on.`
        : `Interrupted while migration ${migration} was running (${direction}) outside a transaction: what it did before the interrupt stays (a statement under way may still complete), and it is still recorded as ${state}. Check the database before running it again.`,
      migration,
      rolledBack,
    );
  }

  /** Interrupted while no migration ran: before the first, or after `last`. */
  static between(last: string | undefined, direction: Direction): MigrationInterruptedError {
    return new MigrationInterruptedError(last === undefined
      ? 'Interrupted before any migration ran: nothing was changed.'
      : `Interrupted after migration ${last}, before the next one started: ${last} and those before it are ${direction === 'up' ? 'applied' : 'reverted'}, nothing else was changed.`);
  }

  /** Interrupted while waiting for another process's run to finish. */
  static waiting(): MigrationInterruptedError {
    return new MigrationInterruptedError('Interrupted while waiting for another process that is migrating this database: nothing was changed.');
  }
}
