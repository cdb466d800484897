import Database from 'better-sqlite3';
import type { Contender, Engine, UserRow } from './contender';

const USER_COLUMNS = 'id, name, email, age, active, created_at, updated_at';

/**
 * better-sqlite3, the synchronous SQLite driver TypeORM 1.x requires, used as its documentation shows
 * (prepared statements, `db.transaction`): the floor of that driver, so TypeORM's SQLite figures can be read
 * against the driver it runs on as well as against sqlite3. SQLite only.
 */
export class RawBetterSqlite3 implements Contender {
  readonly name = 'raw better-sqlite3';
  readonly engines: readonly Engine[] = ['sqlite'];
  private db?: Database.Database;

  async open(_engine: Engine, url: string): Promise<void> {
    this.db = new Database(url.replace(/^sqlite:/, ''));
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    const insert = this.db!.prepare('INSERT INTO users (name, email, age, active) VALUES (?, ?, ?, ?)');
    this.db!.transaction(() => {
      for (const r of rows) insert.run(r.name, r.email, r.age, r.active ? 1 : 0);
    })();
  }

  async selectUsers(): Promise<number> {
    return this.db!.prepare(`SELECT ${USER_COLUMNS} FROM users`).all().length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    const list = ids.map(() => '?').join(', ');
    this.db!.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id IN (${list})`).all(...ids);
    return this.db!.prepare(`SELECT id, user_id, title, body FROM posts WHERE user_id IN (${list})`).all(...ids).length;
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    const find = this.db!.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
    // Awaited one by one like every other contender's loop, though the driver itself does not wait.
    for (const id of ids) await Promise.resolve(find.get(id));
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    const update = this.db!.prepare('UPDATE users SET age = ?, updated_at = ? WHERE id = ?');
    this.db!.transaction(() => {
      for (const id of ids) update.run(31, new Date().toISOString(), id);
    })();
  }

  async orderTotals(): Promise<number> {
    const rows = this.db!.prepare('SELECT user_id, SUM(amount) AS total FROM orders GROUP BY user_id ORDER BY user_id').all() as { total: number }[];
    return rows.reduce((n, r) => n + r.total, 0);
  }

  async usersWithPostLike(prefix: string): Promise<number> {
    const sql = `SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')} FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE p.user_id = u.id AND p.title GLOB ?)`;
    return this.db!.prepare(sql).all(`${prefix}*`).length;
  }

  async usersWithLatestPosts(ids: readonly number[]): Promise<number> {
    const list = ids.map(() => '?').join(', ');
    this.db!.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id IN (${list})`).all(...ids);
    const sql = `SELECT id, user_id, title, body FROM (SELECT id, user_id, title, body, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY id DESC) AS n FROM posts WHERE user_id IN (${list})) p WHERE n <= 3`;
    return this.db!.prepare(sql).all(...ids).length;
  }

  async close(): Promise<void> {
    this.db?.close();
  }
}
