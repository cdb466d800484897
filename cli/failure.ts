import { EXIT, type ExitCode } from './exit-codes';
import type { Output } from './output';
import { strata } from './strata';

/** Wrong arguments, found by a command after yargs accepted them. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}


/** The exit code for an error: bad usage or configuration is 2, a problem the command found is 1. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  const api = strata();
  if (error instanceof api.MigrationInterruptedError) return EXIT.interrupted;
  const usage = [api.ConfigError, api.ConnectionError, api.EntityDefinitionError];
  return usage.some((cls) => error instanceof cls) ? EXIT.usage : EXIT.problem;
}

/** Prints an error as one paragraph naming what is wrong (with its stack under --verbose). */
export function reportFailure(error: unknown, output: Output, verbose: boolean): ExitCode {
  const known = error instanceof Error && error.name !== 'Error' && error.name !== 'TypeError';
  const message = error instanceof Error ? error.message : String(error);
  const text = known || error instanceof UsageError ? message : `Unexpected error: ${message}${verbose ? '' : ' (run again with --verbose for the stack trace)'}`;
  output.error(text, { kind: error instanceof Error ? error.name : 'Error' });
  if (verbose && error instanceof Error && error.stack && !output.json) process.stderr.write(`${error.stack}\n`);
  return exitCodeFor(error);
}
