/**
 * Waits for `work`, unless `signal` aborts first while `stoppable()` still holds: then waits for `onAbort` (which
 * asks the engine to stop what it is doing) and rejects with the signal's reason, whatever `work` does meanwhile,
 * leaving `work` to settle on its own. What `work` does after that is the caller's to make harmless (never
 * commit, say).
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => Promise<unknown> = async () => undefined,
  stoppable: () => boolean = () => true,
): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    let aborting = false;
    const abort = (): void => {
      if (!stoppable()) return;
      aborting = true;
      onAbort().catch(() => undefined).then(() => reject(signal.reason));
    };
    signal.addEventListener('abort', abort, { once: true });
    if (signal.aborted) abort();
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        if (!aborting) resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        if (!aborting) reject(error);
      },
    );
  });
}
