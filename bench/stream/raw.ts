import { Pool } from 'pg';
import QueryStream from 'pg-query-stream';
import sqlite3 from 'sqlite3';
import { BATCH, COLUMNS, type Engine, type Seen, see, splitSchema, type StreamContender } from './contender';

/**
 * Hand-written SQL on the raw drivers, as a row source a program would write: an async generator over a named
 * cursor on PostgreSQL (BEGIN, DECLARE, FETCH FORWARD 1000, COMMIT; ROLLBACK when left early), and over keyset
 * batches on SQLite (`id > last ORDER BY id LIMIT 1000`). The same statements Strata sends.
 */
export class RawCursor implements StreamContender {
  readonly name = 'raw driver, hand-written';
  readonly engines = ['postgres', 'sqlite'] as const;
  private pool?: Pool;
  private db?: sqlite3.Database;

  async open(engine: Engine, url: string): Promise<void> {
    if (engine === 'postgres') {
      const { url: plain, schema } = splitSchema(url);
      this.pool = new Pool({ connectionString: plain, max: 2, options: schema ? `-c search_path=${schema}` : undefined });
    } else {
      this.db = await new Promise<sqlite3.Database>((resolve, reject) => {
        const db = new sqlite3.Database(url.replace(/^sqlite:/, ''), (error) => (error ? reject(error) : resolve(db)));
      });
    }
  }

  async stream(rows: number): Promise<Seen> {
    const seen = { rows: 0, checksum: 0, last: 0 };
    const source = this.pool ? this.pgRows(rows) : this.sqliteRows(rows);
    for await (const row of source) see(seen, row.id as number, row.age as number);
    return seen;
  }

  private async *pgRows(limit: number): AsyncGenerator<Record<string, unknown>> {
    const client = await this.pool!.connect();
    let open = false;
    try {
      await client.query('BEGIN');
      open = true;
      await client.query(`DECLARE c NO SCROLL CURSOR FOR SELECT ${COLUMNS} FROM users WHERE id <= $1 ORDER BY id`, [limit]);
      for (;;) {
        const { rows } = await client.query(`FETCH FORWARD ${BATCH} FROM c`);
        yield* rows;
        if (rows.length < BATCH) break;
      }
      await client.query('COMMIT');
      open = false;
    } finally {
      if (open) await client.query('ROLLBACK');
      client.release();
    }
  }

  private async *sqliteRows(limit: number): AsyncGenerator<Record<string, unknown>> {
    let last = 0;
    for (;;) {
      const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) =>
        this.db!.all(`SELECT ${COLUMNS} FROM users WHERE id > ? AND id <= ? ORDER BY id LIMIT ${BATCH}`, [last, limit], (e, r) => (e ? reject(e) : resolve(r as Record<string, unknown>[]))));
      yield* rows;
      if (rows.length < BATCH) return;
      last = rows[rows.length - 1]!.id as number;
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
    await new Promise<void>((resolve) => (this.db ? this.db.close(() => resolve()) : resolve()));
  }
}

/** The pg driver's own cursor support, pg-query-stream (a protocol-level portal read 1,000 rows at a time), as its README shows it. */
export class RawQueryStream implements StreamContender {
  readonly name = 'raw pg-query-stream';
  readonly engines = ['postgres'] as const;
  private pool?: Pool;

  async open(_engine: Engine, url: string): Promise<void> {
    const { url: plain, schema } = splitSchema(url);
    this.pool = new Pool({ connectionString: plain, max: 2, options: schema ? `-c search_path=${schema}` : undefined });
  }

  async stream(rows: number): Promise<Seen> {
    const seen = { rows: 0, checksum: 0, last: 0 };
    const client = await this.pool!.connect();
    try {
      const stream = client.query(new QueryStream(`SELECT ${COLUMNS} FROM users WHERE id <= $1 ORDER BY id`, [rows], { batchSize: BATCH }));
      for await (const row of stream) see(seen, row.id, row.age);
    } finally {
      client.release();
    }
    return seen;
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}
