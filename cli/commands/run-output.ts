import { EXIT } from '../exit-codes';
import { exitCodeFor, reportFailure } from '../failure';
import type { Output } from '../output';
import type { Strata } from '../strata';

/** Prints each migration's result as it finishes. */
export function progress(output: Output): (result: Strata.MigrationResult) => void {
  return (result) => {
    const mark = { applied: output.paint('green', '✔'), reverted: output.paint('green', '↩'), skipped: output.paint('dim', '·'), failed: output.paint('red', '✖') }[result.status];
    const note = result.status === 'skipped' ? ' (already done by another process)' : result.durationMs !== undefined ? ` (${result.durationMs} ms)` : '';
    output.line(`  ${mark} ${result.name}${output.paint('dim', note)}`);
  };
}

/** The summary and exit code of a run: one JSON document, or the summary (or the error paragraph) in words. */
export function finishRun(run: Strata.MigrationRun, output: Output, verb: { done: string; none: string }, verbose: boolean): number {
  const done = run.results.filter((r) => r.status === 'applied' || r.status === 'reverted').length;
  output.document({ ok: run.ok, migrations: run.results, ...(run.ok ? {} : { error: { kind: run.error.name, message: run.error.message } }) });
  if (run.ok) {
    output.line(done === 0 ? verb.none : `${verb.done} ${done} migration${done === 1 ? '' : 's'}.`);
    return EXIT.ok;
  }
  return output.json ? exitCodeFor(run.error) : reportFailure(run.error, output, verbose);
}
