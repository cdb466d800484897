import { Column, CreatedAt, Defaults, HasMany, BelongsTo, Orm, PrimaryKey, type Relation, Table, Unique, UpdatedAt } from 'strata-orm';
import type { Contender, Engine, UserRow } from './contender';

@Table('users')
export class User {
  declare [Defaults]?: 'id' | 'active' | 'createdAt' | 'updatedAt';
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Column({ type: 'string', length: 100 }) name!: string;
  @Unique() @Column({ type: 'string' }) email!: string;
  @Column({ type: 'integer' }) age!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
  @HasMany(() => Post) posts?: Relation<Post[]>;
}

@Table('posts')
export class Post {
  declare [Defaults]?: 'id';
  @PrimaryKey({ type: 'integer' }) id!: number;
  @BelongsTo(() => User, { onDelete: 'cascade' }) user?: User;
  @Column({ type: 'string', length: 200 }) title!: string;
  @Column({ type: 'text' }) body!: string;
}

@Table('orders')
class Order {
  declare [Defaults]?: 'id';
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Column({ type: 'integer' }) userId!: number;
  @Column({ type: 'integer' }) amount!: number;
}

/**
 * Strata as its docs show it: repositories, include, a transaction. On SQLite, on the driver given (better-sqlite3,
 * node:sqlite or sqlite3), which its name shows.
 */
export class StrataOrm implements Contender {
  readonly name: string;
  readonly engines?: readonly Engine[];
  private orm!: Orm;

  constructor(private readonly driver?: 'better-sqlite3' | 'node:sqlite' | 'sqlite3') {
    this.name = driver ? `strata (${driver})` : 'strata';
    if (driver) this.engines = ['sqlite'];
  }

  async open(_engine: Engine, url: string): Promise<void> {
    this.orm = await Orm.connect({ url, driver: this.driver, entities: [User, Post, Order] });
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    await this.orm.repository(User).insertMany(rows);
  }

  async selectUsers(): Promise<number> {
    return (await this.orm.repository(User).find()).length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    const users = await this.orm.repository(User).find({ where: { id: { in: ids } }, include: { posts: true } });
    return users.reduce((n, u) => n + u.posts!.length, 0);
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    const users = this.orm.repository(User);
    for (const id of ids) await users.findById(id);
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    await this.orm.transaction(async (tx) => {
      const users = tx.repository(User);
      for (const id of ids) await users.update({ id }, { age: 31 });
    });
  }

  async orderTotals(): Promise<number> {
    const groups = await this.orm.repository(Order).groupBy({ by: ['userId'], sum: ['amount'], orderBy: { userId: 'asc' } });
    return groups.reduce((n, g) => n + (g.sum.amount ?? 0), 0);
  }

  async usersWithPostLike(prefix: string): Promise<number> {
    return (await this.orm.repository(User).find({ where: { posts: { some: { title: { startsWith: prefix } } } } })).length;
  }

  async usersWithLatestPosts(ids: readonly number[]): Promise<number> {
    const users = await this.orm.repository(User).find({ where: { id: { in: ids } }, include: { posts: { orderBy: { id: 'desc' }, limit: 3 } } });
    return users.reduce((n, u) => n + u.posts.length, 0);
  }

  async close(): Promise<void> {
    await this.orm.close();
  }
}
