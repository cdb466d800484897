/** A type parser source for one query (see type-parsers.ts). */
interface PgTypes {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown;
}

/** A statement as pg takes it: its text and values, with the query's own type parsers and row form when rows are read. */
export interface PgQuery {
  readonly text: string;
  readonly values: unknown[];
  readonly types?: PgTypes;
  readonly rowMode?: 'array';
}

export interface PgResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
  command: string;
  fields: { name: string; dataTypeID: number; format: 'text' | 'binary' }[];
}

/** The part of pg's Client the runtime uses. */
export interface PgConnection {
  query(query: PgQuery, callback: (error: Error | null, result: PgResult) => void): void;
  query(text: string, values: unknown[], callback: (error: Error | null, result: PgResult) => void): void;
}

/**
 * Runs a statement through pg's callback form, not its promise: with the promise, the rows of a large result
 * outlived the young generation's collections and were copied into the old one on every read (10,000 rows: 2 MB a
 * read, and a third of the process's time in the collector, bench/README.md); with the callback, none were. A
 * query given as text and values alone (rows not read) spares pg copying a query config object. (pg's promise also
 * gave an error the caller's stack; the executor does that for every driver: see withCallerStack.)
 */
export function sendQuery(connection: PgConnection, query: PgQuery): Promise<PgResult> {
  return new Promise<PgResult>((resolve, reject) => {
    const done = (error: Error | null, result: PgResult): void => (error ? reject(error) : resolve(result));
    if (query.types === undefined && query.rowMode === undefined) connection.query(query.text, query.values, done);
    else connection.query(query, done);
  });
}
