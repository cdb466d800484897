/** Another process held the migration lock for longer than the timeout. */
export class MigrationLockTimeoutError extends Error {
  override readonly name = 'MigrationLockTimeoutError';
  constructor(readonly timeoutMs: number, what: string) {
    super(
      `Another process has been migrating this database for more than ${timeoutMs / 1000} s (${what}). ` +
        'Wait for it to finish and run again, or raise --lock-timeout. A crashed run releases the lock by itself.',
    );
  }
}
