/** The part of knex's client that hands out pooled connections. */
export interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/**
 * Keeps a connection from knex's pool between queries that follow each other, giving it back on the next
 * macrotask. A loop of awaited queries then acquires once instead of once per query (the pool's acquire
 * sets and clears a timer each time, which is most of the runtime's cost per query). A query that comes
 * while the held connection is busy gets one of its own from the pool; knex's own queries and
 * transactions wait at most until the next macrotask.
 */
export class ConnectionLease {
  private held: unknown;
  private busy = false;
  private scheduled = false;
  private readonly finished = (): void => this.finish();
  private handle?: { readonly connection: unknown; readonly done: () => void };

  constructor(private readonly client: KnexClient) {}

  /** The held connection when it is free, taken without waiting for a promise; undefined otherwise. */
  acquireNow(): { connection: unknown; done: () => void } | undefined {
    if (this.held === undefined || this.busy) return undefined;
    this.busy = true;
    // One object for as long as the connection is held: a loop of queries allocates none for it.
    if (this.handle?.connection !== this.held) this.handle = { connection: this.held, done: this.finished };
    return this.handle;
  }

  /** A connection, and the function to call when done with it. */
  async acquire(): Promise<{ connection: unknown; done: () => void }> {
    const now = this.acquireNow();
    if (now) return now;
    const connection = await this.client.acquireConnection();
    if (this.held === undefined && !this.busy) {
      this.held = connection;
      this.busy = true;
      return { connection, done: this.finished };
    }
    return { connection, done: () => void this.client.releaseConnection(connection) };
  }

  private finish(): void {
    this.busy = false;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.busy || this.held === undefined) return;
      const connection = this.held;
      this.held = undefined;
      void this.client.releaseConnection(connection);
    });
  }
}
