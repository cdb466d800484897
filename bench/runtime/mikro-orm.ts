import 'reflect-metadata';
import { Collection, Entity, ManyToOne, MikroORM, OneToMany, PrimaryKey, Property, raw, type Rel } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import type { Contender, Engine, UserRow } from './contender';

/** The part of MikroORM's SQL query builder used here (it comes from the driver package, @mikro-orm/knex). */
interface MikroQueryBuilder {
  select(fields: unknown[]): MikroQueryBuilder;
  groupBy(fields: string): MikroQueryBuilder;
  orderBy(order: Record<string, 'asc' | 'desc'>): MikroQueryBuilder;
  execute<R>(mode: 'all'): Promise<R>;
}

// Entities with the default (reflect-metadata) metadata provider; columns named explicitly. The tables exist
// already: MikroORM's schema generator and migrator are never run, and `ensureDatabase` is off.
@Entity({ tableName: 'users' })
class User {
  @PrimaryKey() id!: number;
  @Property({ length: 100 }) name!: string;
  @Property({ length: 255, unique: true }) email!: string;
  @Property() age!: number;
  @Property({ default: true }) active: boolean = true;
  @Property({ fieldName: 'created_at', onCreate: () => new Date() }) createdAt: Date = new Date();
  @Property({ fieldName: 'updated_at', onCreate: () => new Date(), onUpdate: () => new Date() }) updatedAt: Date = new Date();
  @OneToMany(() => Post, (post) => post.user) posts = new Collection<Post>(this);
}

@Entity({ tableName: 'posts' })
class Post {
  @PrimaryKey() id!: number;
  @ManyToOne(() => User, { fieldName: 'user_id', deleteRule: 'cascade' }) user!: Rel<User>;
  @Property({ length: 200 }) title!: string;
  @Property({ type: 'text' }) body!: string;
}

@Entity({ tableName: 'orders' })
class Order {
  @PrimaryKey() id!: number;
  @Property({ fieldName: 'user_id' }) userId!: number;
  @Property() amount!: number;
}

/**
 * MikroORM v6 as its docs show it: a fork of the EntityManager per request (here: per workload call, so the
 * identity map never holds entities from an earlier run), `populate` to load a relation, `em.transactional`.
 */
export class MikroOrmContender implements Contender {
  readonly name = 'mikro-orm';
  // Measured on PostgreSQL and SQLite; on MariaDB, issue 14 compares with knex and TypeORM.
  readonly engines: readonly Engine[] = ['postgres', 'sqlite'];
  private orm?: MikroORM;

  async open(engine: Engine, url: string): Promise<void> {
    const common = { entities: [User, Post, Order], debug: false, ensureDatabase: false, allowGlobalContext: false };
    if (engine === 'postgres') {
      const u = new URL(url);
      const schema = u.searchParams.get('schema') ?? undefined;
      u.searchParams.delete('schema');
      this.orm = await MikroORM.init({ ...common, driver: PostgreSqlDriver, clientUrl: u.toString(), schema });
    } else {
      // On better-sqlite3, the driver MikroORM recommends for SQLite (its @mikro-orm/sqlite runs on sqlite3).
      this.orm = await MikroORM.init({ ...common, driver: BetterSqliteDriver, dbName: url.replace(/^sqlite:/, '').replace(/\?.*$/, '') });
    }
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    // `em.insertMany`: the docs' bulk insert (one INSERT for all rows, no entities, no Unit of Work), rather than
    // create + persist + flush, which builds 10,000 managed entities first.
    await this.orm!.em.fork().insertMany(User, rows as UserRow[]);
  }

  async selectUsers(): Promise<number> {
    return (await this.orm!.em.fork().find(User, {})).length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    const users = await this.orm!.em.fork().find(User, { id: { $in: ids as number[] } }, { populate: ['posts'] });
    return users.reduce((n, u) => n + u.posts.length, 0);
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    const em = this.orm!.em.fork();
    for (const id of ids) await em.findOne(User, { id });
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    // `nativeUpdate`, one UPDATE per id. It bypasses the Unit of Work, so the `onUpdate` of updatedAt (run at
    // flush) does not fire: the statement sets updatedAt itself.
    await this.orm!.em.fork().transactional(async (em) => {
      for (const id of ids) await em.nativeUpdate(User, { id }, { age: 31, updatedAt: new Date() });
    });
  }

  async orderTotals(): Promise<number> {
    // The query builder, as MikroORM's docs show aggregates: `execute()` returns plain rows.
    const qb = (this.orm!.em.fork() as unknown as { createQueryBuilder: (entity: typeof Order, alias: string) => MikroQueryBuilder }).createQueryBuilder(Order, 'o');
    const rows = await qb.select(['o.userId', raw('sum(o.amount) as total')]).groupBy('o.userId').orderBy({ 'o.userId': 'asc' }).execute<{ total: string | number }[]>('all');
    return rows.reduce((n, r) => n + Number(r.total), 0);
  }

  async usersWithPostLike(prefix: string): Promise<number> {
    return (await this.orm!.em.fork().find(User, { posts: { title: { $like: `${prefix}%` } } })).length;
  }

  async usersWithLatestPosts(ids: readonly number[]): Promise<number> {
    // MikroORM has no per-parent limit on a populated relation: the posts are populated sorted and the first three kept.
    const users = await this.orm!.em.fork().find(User, { id: { $in: ids as number[] } }, { populate: ['posts'], orderBy: { posts: { id: 'desc' } } });
    return users.reduce((n, u) => n + u.posts.getItems().slice(0, 3).length, 0);
  }

  async close(): Promise<void> {
    await this.orm?.close(true);
    this.orm = undefined;
  }
}
