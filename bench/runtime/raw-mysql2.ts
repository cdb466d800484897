import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { Contender, Engine, UserRow } from './contender';

const USER_COLUMNS = 'id, name, email, age, active, created_at, updated_at';

/** mysql2 as its documentation shows it (the promise API, a pool, `?` markers): the baseline on MariaDB. */
export class RawMysql2 implements Contender {
  readonly name = 'raw mysql2';
  readonly engines: readonly Engine[] = ['mysql'];
  private pool?: Pool;

  async open(_engine: Engine, url: string): Promise<void> {
    this.pool = createPool({ uri: url, connectionLimit: 10, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true });
  }

  private async query(sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
    const [rows] = await this.pool!.query<RowDataPacket[]>(sql, params);
    return rows;
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    // One statement of every row: mysql2 writes a nested array as a VALUES list, within max_allowed_packet (16 MB).
    await this.pool!.query('INSERT INTO users (name, email, age, active) VALUES ?', [rows.map((r) => [r.name, r.email, r.age, r.active])]);
  }

  async selectUsers(): Promise<number> {
    return (await this.query(`SELECT ${USER_COLUMNS} FROM users`)).length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    await this.query(`SELECT ${USER_COLUMNS} FROM users WHERE id IN (?)`, [ids]);
    return (await this.query('SELECT id, user_id, title, body FROM posts WHERE user_id IN (?)', [ids])).length;
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    for (const id of ids) await this.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id]);
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    const connection = await this.pool!.getConnection();
    try {
      await connection.beginTransaction();
      for (const id of ids) await connection.query('UPDATE users SET age = ?, updated_at = ? WHERE id = ?', [31, new Date(), id]);
      await connection.commit();
    } finally {
      connection.release();
    }
  }

  async orderTotals(): Promise<number> {
    const rows = await this.query('SELECT user_id, SUM(amount) AS total FROM orders GROUP BY user_id ORDER BY user_id');
    // A SUM is a DECIMAL, which mysql2 returns as a string.
    return rows.reduce((n, r) => n + Number(r.total), 0);
  }

  async usersWithPostLike(prefix: string): Promise<number> {
    // Case-sensitive, as the ORMs' filters are: MariaDB's default collation ignores case.
    const sql = `SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')} FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE p.user_id = u.id AND p.title LIKE BINARY ?)`;
    return (await this.query(sql, [`${prefix}%`])).length;
  }

  async usersWithLatestPosts(ids: readonly number[]): Promise<number> {
    await this.query(`SELECT ${USER_COLUMNS} FROM users WHERE id IN (?)`, [ids]);
    const posts = await this.query(
      'SELECT id, user_id, title, body FROM (SELECT id, user_id, title, body, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY id DESC) AS n FROM posts WHERE user_id IN (?)) p WHERE n <= 3',
      [ids],
    );
    return posts.length;
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}
