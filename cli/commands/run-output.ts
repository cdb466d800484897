import { EXIT } from '../exit-codes';
import { errorDocument, exitCodeFor, reportFailure, shownNumber, UsageError } from '../failure';
import type { Output } from '../output';
import type { GlobalArgs } from '../global-options';
import { migratorOptions, type Project, withProject } from '../project';
import type { Strata } from '../strata';

/** The flags of every command that runs migrations. */
export interface LockArgs {
  allowEdited: boolean;
  lockTimeout: number;
}

export const lockTimeoutOption = {
  'lock-timeout': {
    type: 'number', default: 60, describe: 'Seconds to wait for another process that is migrating',
    coerce: (seconds: number): number => {
      if (!(seconds >= 0)) throw new UsageError(`--lock-timeout must be a number of seconds, 0 or more (got ${shownNumber(seconds)}).`);
      return seconds;
    },
  },
} as const;

/** `--force`, for the commands that can destroy data: the same rule everywhere (see guardDataLoss). */
export const forceOption = {
  force: { type: 'boolean', default: false, describe: 'Go ahead when NODE_ENV is production although data would be lost' },
} as const;

export const lockOptions = {
  'allow-edited': { type: 'boolean', default: false, describe: 'Run even though applied migration files were edited since' },
  ...lockTimeoutOption,
} as const;

/** The migrator's options for a run from the command line: the flags, and progress printed as it goes. */
export function runOptions(project: Project, args: LockArgs, output: Output): Strata.MigratorOptions {
  return migratorOptions(project, { allowEdited: args.allowEdited, lockTimeoutMs: args.lockTimeout * 1000, onResult: progress(output) });
}

/**
 * A run from the command line, from connecting to the exit code. Ctrl-C interrupts it (MigratorOptions.signal):
 * the error says what was running and what became of it, and the process exits 130 at once, without closing the
 * connections: one may still be busy with a statement SQLite cannot stop, whose transaction dies with the
 * process. A second Ctrl-C ends the process the usual way.
 */
export async function runMigrations(
  args: GlobalArgs & LockArgs, output: Output, verb: { done: string; none: string },
  start: (project: Project, options: Strata.MigratorOptions) => Promise<Strata.MigrationRun>,
): Promise<number> {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    return await withProject(args, { entities: false }, async (project) => {
      const run = await start(project, { ...runOptions(project, args, output), signal: controller.signal });
      const code = finishRun(run, output, verb, args.verbose);
      if (code === EXIT.interrupted) process.exit(code);
      return code;
    });
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** Prints each migration's result as it finishes. */
export function progress(output: Output): (result: Strata.MigrationResult) => void {
  return (result) => {
    const mark = {
      applied: output.paint('green', '✔'), reverted: output.paint('green', '↩'), skipped: output.paint('dim', '·'),
      failed: output.paint('red', '✖'), interrupted: output.paint('red', '✖'),
    }[result.status];
    const note = result.status === 'skipped' ? ' (already done by another process)' : result.durationMs !== undefined ? ` (${result.durationMs} ms)` : '';
    output.line(`  ${mark} ${result.name}${output.paint('dim', note)}`);
    for (const warning of result.warnings ?? []) output.warn(`${result.name}: ${warning}`);
  };
}

/** The summary and exit code of a run: one JSON document, or the summary (or the error paragraph) in words. */
export function finishRun(run: Strata.MigrationRun, output: Output, verb: { done: string; none: string }, verbose: boolean): number {
  const done = run.results.filter((r) => r.status === 'applied' || r.status === 'reverted').length;
  output.document({ ok: run.ok, migrations: run.results, ...(run.missing ? { missing: run.missing } : {}), ...(run.ok ? {} : { error: errorDocument(run.error) }) });
  if (run.missing?.length) {
    const one = run.missing.length === 1;
    output.warn(`${one ? 'This applied migration has' : 'These applied migrations have'} no file any more: ${run.missing.join(', ')}. ` +
      `Restore ${one ? 'it' : 'them'} from version control; \`orm migrate:status\` lists ${one ? 'it' : 'them'}, and \`orm migrate:check\` fails until ${one ? 'it is' : 'they are'} back.`);
  }
  if (run.ok) {
    output.line(done === 0 ? verb.none : `${verb.done} ${done} migration${done === 1 ? '' : 's'}.`);
    return EXIT.ok;
  }
  return output.json ? exitCodeFor(run.error) : reportFailure(run.error, output, verbose);
}
