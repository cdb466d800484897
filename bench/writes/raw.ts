import { Pool } from 'pg';
import sqlite3 from 'sqlite3';
import type { AccountRow, Engine, WriteContender } from './contender';

/** Hand-written SQL on the raw drivers: the baseline every ratio is against. */
export class RawWrites implements WriteContender {
  readonly name = 'raw driver';
  private pool?: Pool;
  private db?: sqlite3.Database;

  async open(engine: Engine, url: string, connections: number): Promise<void> {
    if (engine === 'postgres') {
      const u = new URL(url);
      const schema = u.searchParams.get('schema');
      u.searchParams.delete('schema');
      this.pool = new Pool({ connectionString: u.toString(), max: connections, options: schema ? `-c search_path=${schema}` : undefined });
    } else {
      this.db = await new Promise<sqlite3.Database>((resolve, reject) => {
        const db = new sqlite3.Database(url.replace(/^sqlite:/, ''), (error) => (error ? reject(error) : resolve(db)));
      });
    }
  }

  private run(sql: string, params: unknown[] = []): Promise<unknown> {
    if (this.pool) return this.pool.query(sql, params);
    return new Promise((resolve, reject) => this.db!.run(sql, params, (e) => (e ? reject(e) : resolve(undefined))));
  }

  async upsertAccounts(rows: readonly AccountRow[]): Promise<void> {
    const ph = (i: number): string => (this.pool ? `$${i}` : '?');
    const params: unknown[] = [];
    const values = rows.map((r) => {
      params.push(r.email, r.name, r.balance);
      const n = params.length;
      return `(${ph(n - 2)}, ${ph(n - 1)}, ${ph(n)})`;
    });
    await this.run(`INSERT INTO accounts (email, name, balance) VALUES ${values.join(', ')} ON CONFLICT (email) DO UPDATE SET name = excluded.name, balance = excluded.balance`, params);
  }

  async incrementBalances(ids: readonly number[]): Promise<void> {
    if (this.pool) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        for (const id of ids) await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [1, id]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      return;
    }
    await this.run('BEGIN');
    for (const id of ids) await this.run('UPDATE accounts SET balance = balance + ? WHERE id = ?', [1, id]);
    await this.run('COMMIT');
  }

  async drainJobs(worker: number, batch: number): Promise<number> {
    const client = await this.pool!.connect();
    let taken = 0;
    try {
      for (;;) {
        await client.query('BEGIN');
        const { rows } = await client.query<{ id: number }>('SELECT id FROM jobs WHERE done_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED', [batch]);
        if (rows.length > 0) await client.query('UPDATE jobs SET done_at = $1, worker = $2 WHERE id = ANY($3)', [new Date(), worker, rows.map((r) => r.id)]);
        await client.query('COMMIT');
        if (rows.length === 0) return taken;
        taken += rows.length;
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
    await new Promise<void>((resolve) => (this.db ? this.db.close(() => resolve()) : resolve()));
  }
}
