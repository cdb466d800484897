import { EXIT, type ExitCode } from './exit-codes';
import type { Output } from './output';
import { strata } from './strata';

/** Wrong arguments, found by a command after yargs accepted them. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A numeric option's value for a message: yargs reads text that is not a number as NaN, which says nothing. */
export function shownNumber(value: number | undefined): string {
  return Number.isNaN(value) ? 'something that is not a number' : String(value);
}


/**
 * The exit code for an error: bad usage or configuration (a refusal to destroy data without --force among
 * them) is 2, an interrupt 130, a problem the command found 1.
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  const api = strata();
  if (error instanceof api.MigrationInterruptedError) return EXIT.interrupted;
  const usage = [api.ConfigError, api.ConnectionError, api.EntityDefinitionError, api.DataLossError];
  return usage.some((cls) => error instanceof cls) ? EXIT.usage : EXIT.problem;
}

/** An error in a --json document: its kind and message, and what data it would have lost (DataLossError). */
export function errorDocument(error: unknown): { kind: string; message: string; loss?: unknown } {
  const document = { kind: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
  // Bad usage is found before the library is loaded; keep it that way.
  if (error instanceof UsageError) return document;
  const api = strata();
  return error instanceof api.DataLossError ? { ...document, loss: error.loss } : document;
}

/** Prints an error as one paragraph naming what is wrong (with its stack under --verbose). */
export function reportFailure(error: unknown, output: Output, verbose: boolean): ExitCode {
  const known = error instanceof Error && error.name !== 'Error' && error.name !== 'TypeError';
  const message = error instanceof Error ? error.message : String(error);
  const text = known || error instanceof UsageError ? message : `Unexpected error: ${message}${verbose ? '' : ' (run again with --verbose for the stack trace)'}`;
  const { message: _message, ...details } = errorDocument(error);
  output.error(text, details);
  if (verbose && error instanceof Error && error.stack && !output.json) process.stderr.write(`${error.stack}\n`);
  return exitCodeFor(error);
}
