import { MISFIT_ERROR_NAME } from '../steps/step';
import { MigrationError } from './errors';

/**
 * A migration threw. Names the file and, when the error came from the database, the statement; says
 * whether its changes were rolled back. When a generated check refused data that does not fit, its own
 * message already says what to do, and the migration itself needs no fixing.
 */
export class MigrationFailedError extends MigrationError {
  constructor(
    readonly migration: string,
    readonly direction: 'up' | 'down',
    readonly statement: string | undefined,
    readonly reason: string,
    readonly rolledBack: boolean,
    cause: unknown,
  ) {
    super(
      `Migration ${migration} failed (${direction}) and ${rolledBack ? 'was rolled back: nothing of it was applied' : 'ran outside a transaction: what it did before failing stays'}. ` +
        (statement ? `The failing statement: ${statement}. ` : '') +
        (cause instanceof Error && cause.name === MISFIT_ERROR_NAME ? reason : `The error: ${reason}. Fix the migration and run the command again.`),
      { cause },
    );
  }

  /** Splits knex's "<sql> - <message>" into the statement and the database's message. */
  static from(migration: string, direction: 'up' | 'down', error: unknown, rolledBack: boolean): MigrationFailedError {
    const message = error instanceof Error ? error.message : String(error);
    const split = / - (?![\s\S]* - )/.exec(message);
    const looksLikeSql = split && /^\s*(select|insert|update|delete|create|alter|drop|with|comment|pragma|begin|truncate|rename)\b/i.test(message);
    return looksLikeSql
      ? new MigrationFailedError(migration, direction, message.slice(0, split.index).trim(), message.slice(split.index + 3).trim(), rolledBack, error)
      : new MigrationFailedError(migration, direction, undefined, message, rolledBack, error);
  }
}
