import knexFactory, { type Knex } from 'knex';
import type { Contender, Engine, UserRow } from './contender';

const USER_COLUMNS = ['id', 'name', 'email', 'age', 'active', 'created_at', 'updated_at'];

function config(engine: Engine, url: string): Knex.Config {
  if (engine === 'sqlite') return { client: 'better-sqlite3', connection: { filename: url.replace(/^sqlite:/, '') }, useNullAsDefault: true };
  if (engine === 'mysql') return { client: 'mysql2', connection: { uri: url, timezone: 'Z' } as Knex.MySql2ConnectionConfig, pool: { min: 0, max: 10 } };
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  return { client: 'pg', connection: u.toString(), searchPath: schema ? [schema] : undefined, pool: { min: 0, max: 10 } };
}

/**
 * knex's query builder as its documentation shows it: `insert` of many rows in chunks (`batchInsert`), `whereIn`,
 * `first`, a transaction, `groupBy` with `sum`; a relation is a second query by hand, as knex has none. On each
 * engine's usual driver: pg, better-sqlite3, mysql2.
 */
export class KnexContender implements Contender {
  readonly name = 'knex';
  private knex?: Knex;
  private engine: Engine = 'postgres';

  async open(engine: Engine, url: string): Promise<void> {
    this.engine = engine;
    this.knex = knexFactory(config(engine, url));
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    // Under every engine's parameter limit (SQLite's compound SELECT also caps a statement at 500 rows).
    await this.knex!.batchInsert('users', rows as UserRow[], this.engine === 'sqlite' ? 500 : 2000);
  }

  async selectUsers(): Promise<number> {
    return (await this.knex!('users').select(USER_COLUMNS)).length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    await this.knex!('users').select(USER_COLUMNS).whereIn('id', ids as number[]);
    return (await this.knex!('posts').select('id', 'user_id', 'title', 'body').whereIn('user_id', ids as number[])).length;
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    for (const id of ids) await this.knex!('users').select(USER_COLUMNS).where({ id }).first();
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    await this.knex!.transaction(async (trx) => {
      for (const id of ids) await trx('users').where({ id }).update({ age: 31, updated_at: new Date() });
    });
  }

  async orderTotals(): Promise<number> {
    const rows = (await this.knex!('orders').select('user_id').sum({ total: 'amount' }).groupBy('user_id').orderBy('user_id')) as { total: string | number }[];
    return rows.reduce((n, r) => n + Number(r.total), 0);
  }

  async usersWithPostLike(prefix: string): Promise<number> {
    const knex = this.knex!;
    // Case-sensitive on every engine, as the ORMs' filters are.
    const match = this.engine === 'sqlite' ? ['p.title GLOB ?', `${prefix}*`] : this.engine === 'mysql' ? ['p.title LIKE BINARY ?', `${prefix}%`] : ['p.title LIKE ?', `${prefix}%`];
    return (await knex('users as u').select(USER_COLUMNS.map((c) => `u.${c}`))
      .whereExists(knex('posts as p').select(knex.raw('1')).whereRaw('p.user_id = u.id').andWhereRaw(match[0]!, [match[1]!]))).length;
  }

  async usersWithLatestPosts(ids: readonly number[]): Promise<number> {
    const knex = this.knex!;
    await knex('users').select(USER_COLUMNS).whereIn('id', ids as number[]);
    const ranked = knex('posts').select('id', 'user_id', 'title', 'body', knex.raw('ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY id DESC) AS n')).whereIn('user_id', ids as number[]);
    return (await knex.select('id', 'user_id', 'title', 'body').from(ranked.as('p')).where('n', '<=', 3)).length;
  }

  async close(): Promise<void> {
    await this.knex?.destroy();
  }
}
