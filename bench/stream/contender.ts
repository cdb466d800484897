/**
 * W9: stream the users with id <= `rows` in id order, each library in its documented streaming way, consuming
 * every row with `for await`. Each contender runs in a process of its own (see ../stream.ts), so that the peak
 * RSS it reports is its own.
 */
export type Engine = 'postgres' | 'sqlite';

/** What the consuming loop saw: the row count and a checksum of ids and ages, the same for every contender. */
export interface Seen {
  rows: number;
  checksum: number;
}

export interface StreamContender {
  readonly name: string;
  readonly engines: readonly Engine[];
  open(engine: Engine, url: string): Promise<void>;
  /** Streams the users with id <= `rows`, in id order, through one `for await` loop (or the library's own iteration). */
  stream(rows: number): Promise<Seen>;
  close(): Promise<void>;
}

/** Batch size of every contender that takes one. */
export const BATCH = 1000;

/** Folds a row into the checksum; also checks the order. */
export function see(seen: Seen & { last: number }, id: number, age: number): void {
  if (id <= seen.last) throw new Error(`rows out of order: ${id} after ${seen.last}`);
  seen.last = id;
  seen.rows++;
  seen.checksum = (seen.checksum + id * 31 + age) % 1_000_000_007;
}

/** The columns every contender reads. */
export const COLUMNS = 'id, name, email, age, active, created_at, updated_at';

/** A PostgreSQL URL without Strata's `?schema=`, and that schema, for the other libraries. */
export function splitSchema(url: string): { url: string; schema?: string } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  return { url: u.toString(), schema };
}
