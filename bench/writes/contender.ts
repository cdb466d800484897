/**
 * One library under test for the write workloads (W10–W12). Every contender runs them on the same tables, in its
 * own documented, idiomatic way; the harness times them and reports ratios to the raw driver of the same run.
 */
export type Engine = 'postgres' | 'sqlite';

export interface AccountRow {
  email: string;
  name: string;
  balance: number;
}

export interface WriteContender {
  readonly name: string;
  /** Connects, with up to `connections` connections in its pool; the tables exist already (see schema.ts). */
  open(engine: Engine, url: string, connections: number): Promise<void>;
  /** W10: insert these accounts, or update name and balance of the one with the same email, in bulk. */
  upsertAccounts(rows: readonly AccountRow[]): Promise<void>;
  /** W11: add 1 to each account's balance by id, atomically in the database, one statement each, in one transaction. */
  incrementBalances(ids: readonly number[]): Promise<void>;
  /**
   * W12: one worker's loop, run 8 at once: in a transaction, take up to `batch` jobs not done yet, skipping those
   * other workers hold locked, mark them done by `worker`; until none are left. Returns how many it took.
   */
  drainJobs(worker: number, batch: number): Promise<number>;
  close(): Promise<void>;
}
