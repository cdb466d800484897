import Database from 'better-sqlite3';
import { COLUMNS, type Engine, type Seen, see, type StreamContender } from './contender';

/**
 * better-sqlite3's `iterate()`: a synchronous cursor stepping one statement, the fastest way Node reads SQLite.
 * For reference: Strata's SQLite driver is sqlite3 (no other ORM in this benchmark streams from SQLite).
 */
export class BetterSqlite3Iterate implements StreamContender {
  readonly name = 'raw better-sqlite3 iterate()';
  readonly engines = ['sqlite'] as const;
  private db?: Database.Database;

  async open(_engine: Engine, url: string): Promise<void> {
    this.db = new Database(url.replace(/^sqlite:/, ''));
  }

  async stream(rows: number): Promise<Seen> {
    const seen = { rows: 0, checksum: 0, last: 0 };
    for (const row of this.db!.prepare(`SELECT ${COLUMNS} FROM users WHERE id <= ? ORDER BY id`).iterate(rows) as Iterable<{ id: number; age: number }>) {
      see(seen, row.id, row.age);
    }
    return seen;
  }

  async close(): Promise<void> {
    this.db?.close();
  }
}
