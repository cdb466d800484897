import type { Knex } from 'knex';
import type { QueryContext } from './query-context';

/** One read replica: its pool, the repositories' context on it, and until when it counts as down. */
export interface Replica {
  readonly knex: Knex;
  readonly context: QueryContext;
  /** Where it is, password hidden, for the log line. */
  readonly display: string;
  downUntil: number;
}

/** How long a replica that failed is left out before it is tried again. */
const DOWN_FOR_MS = 10_000;

/**
 * The read replicas of an Orm. Reads outside transactions go to them in turn (round robin); a read whose replica
 * cannot be reached runs on the primary instead, with one log line, and that replica is left out for a while.
 */
export class Replicas {
  private next = 0;

  constructor(
    private readonly members: readonly Replica[],
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  /** Runs `read` on the next replica that is up, or on `primary` when none is or the replica fails to answer. */
  async read<R>(primary: QueryContext, read: (context: QueryContext) => Promise<R>): Promise<R> {
    const replica = this.pick();
    if (!replica) return read(primary);
    try {
      return await read(replica.context);
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      this.markDown(replica, error);
      return read(primary);
    }
  }

  /**
   * A stream on the next replica that is up, or on `primary`. A replica that fails before the first row falls back
   * as `read` does; once rows have come, a failure ends the stream with its error (rows cannot be read twice).
   */
  async *stream<T>(primary: QueryContext, open: (context: QueryContext) => AsyncIterableIterator<T>): AsyncGenerator<T, void, undefined> {
    const replica = this.pick();
    if (!replica) return yield* open(primary);
    const rows = open(replica.context);
    let first: IteratorResult<T>;
    try {
      first = await rows.next();
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      this.markDown(replica, error);
      return yield* open(primary);
    }
    if (first.done) return;
    yield first.value;
    yield* rows;
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((r) => r.knex.destroy()));
  }

  private pick(): Replica | undefined {
    const now = Date.now();
    for (let tried = 0; tried < this.members.length; tried++) {
      const replica = this.members[this.next++ % this.members.length]!;
      if (replica.downUntil <= now) return replica;
    }
    return undefined;
  }

  private markDown(replica: Replica, error: unknown): void {
    replica.downUntil = Date.now() + DOWN_FOR_MS;
    this.warn(`strata-orm: the read replica ${replica.display} did not answer (${messageOf(error)}); reading from the primary, and trying the replica again in ${DOWN_FOR_MS / 1000} s.`);
  }
}

/** Error codes of a server that cannot be reached or went away, rather than of a query that failed. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  '57P01', '57P02', '57P03', // admin_shutdown, crash_shutdown, cannot_connect_now
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);

/** Whether `error`, or an error it was caused by, says the server could not be reached or dropped the connection. */
export function isConnectionFailure(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && /Connection terminated|connection timeout|timeout expired|Timeout acquiring a connection|Client has encountered a connection error/i.test(e.message)) return true;
  }
  return false;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}
