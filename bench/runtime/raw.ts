import { Pool } from 'pg';
import sqlite3 from 'sqlite3';
import type { Contender, Engine, UserRow } from './contender';

/** The raw drivers, used as their documentation shows: the baseline every ratio is against. */
export class RawDriver implements Contender {
  readonly name = 'raw driver';
  readonly engines: readonly Engine[] = ['postgres', 'sqlite'];
  private pool?: Pool;
  private db?: sqlite3.Database;

  async open(engine: Engine, url: string): Promise<void> {
    if (engine === 'postgres') {
      const u = new URL(url);
      const schema = u.searchParams.get('schema');
      u.searchParams.delete('schema');
      this.pool = new Pool({ connectionString: u.toString(), max: 10, options: schema ? `-c search_path=${schema}` : undefined });
    } else {
      this.db = await new Promise<sqlite3.Database>((resolve, reject) => {
        const db = new sqlite3.Database(url.replace(/^sqlite:/, ''), (error) => (error ? reject(error) : resolve(db)));
      });
    }
  }

  private query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    if (this.pool) return this.pool.query(sql, params).then((r) => r.rows);
    return new Promise((resolve, reject) => this.db!.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as Record<string, unknown>[]))));
  }

  private ph(i: number): string {
    return this.pool ? `$${i}` : '?';
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    const perStatement = Math.floor((this.pool ? 65535 : 32766) / 4);
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: unknown[] = [];
      const values = chunk.map((r) => {
        params.push(r.name, r.email, r.age, this.pool ? r.active : r.active ? 1 : 0);
        const n = params.length;
        return `(${this.ph(n - 3)}, ${this.ph(n - 2)}, ${this.ph(n - 1)}, ${this.ph(n)})`;
      });
      await this.query(`INSERT INTO users (name, email, age, active) VALUES ${values.join(', ')}`, params);
    }
  }

  async selectUsers(): Promise<number> {
    return (await this.query('SELECT id, name, email, age, active, created_at, updated_at FROM users')).length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    const list = ids.map((_, i) => this.ph(i + 1)).join(', ');
    await this.query(`SELECT id, name, email, age, active, created_at, updated_at FROM users WHERE id IN (${list})`, [...ids]);
    return (await this.query(`SELECT id, user_id, title, body FROM posts WHERE user_id IN (${list})`, [...ids])).length;
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    for (const id of ids) await this.query(`SELECT id, name, email, age, active, created_at, updated_at FROM users WHERE id = ${this.ph(1)}`, [id]);
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    if (this.pool) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        for (const id of ids) await client.query('UPDATE users SET age = $1, updated_at = $2 WHERE id = $3', [31, new Date(), id]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      return;
    }
    await this.query('BEGIN');
    for (const id of ids) await this.query('UPDATE users SET age = ?, updated_at = ? WHERE id = ?', [31, new Date().toISOString(), id]);
    await this.query('COMMIT');
  }

  async orderTotals(): Promise<number> {
    const rows = await this.query('SELECT user_id, SUM(amount) AS total FROM orders GROUP BY user_id ORDER BY user_id');
    // pg returns a SUM of integers (int8) as a string.
    return rows.reduce((n, r) => n + Number(r.total), 0);
  }

  async usersWithPostLike(prefix: string): Promise<number> {
    // Case-sensitive on both engines, as the ORMs' own filters are: SQLite's LIKE ignores ASCII case, its GLOB does not.
    const match = this.pool ? 'p.title LIKE $1' : 'p.title GLOB ?';
    const pattern = this.pool ? `${prefix}%` : `${prefix}*`;
    return (await this.query(`SELECT u.id, u.name, u.email, u.age, u.active, u.created_at, u.updated_at FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE p.user_id = u.id AND ${match})`, [pattern])).length;
  }

  async usersWithLatestPosts(ids: readonly number[]): Promise<number> {
    const list = ids.map((_, i) => this.ph(i + 1)).join(', ');
    await this.query(`SELECT id, name, email, age, active, created_at, updated_at FROM users WHERE id IN (${list})`, [...ids]);
    const posts = await this.query(
      `SELECT id, user_id, title, body FROM (SELECT id, user_id, title, body, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY id DESC) AS n FROM posts WHERE user_id IN (${list})) p WHERE n <= 3`,
      [...ids],
    );
    return posts.length;
  }

  async close(): Promise<void> {
    await this.pool?.end();
    await new Promise<void>((resolve) => (this.db ? this.db.close(() => resolve()) : resolve()));
  }
}
