import 'reflect-metadata';
import { Column, CreateDateColumn, DataSource, Entity, In, JoinColumn, Like, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import type { Contender, Engine, UserRow } from './contender';

// Column types are left to TypeORM where they differ by driver (timestamps): the entities serve both engines, and
// TypeORM rejects a type its driver does not know. The tables exist already; TypeORM never synchronizes them.
@Entity('users')
class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 255, unique: true }) email!: string;
  @Column({ type: 'integer' }) age!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreateDateColumn({ name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt!: Date;
  @OneToMany(() => Post, (post) => post.user) posts!: Relation<Post[]>;
}

@Entity('posts')
class Post {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => User, (user) => user.posts, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user!: Relation<User>;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text' }) body!: string;
}

@Entity('orders')
class Order {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer', name: 'user_id' }) userId!: number;
  @Column({ type: 'integer' }) amount!: number;
}

/**
 * TypeORM as its docs show it: a DataSource, repositories, `insert` for bulk inserts, `relations` to load a
 * relation, `dataSource.transaction`. TypeORM 1.x has no driver for the `sqlite3` package any more: its SQLite
 * driver is `better-sqlite3`, a synchronous driver (raw-better-sqlite3.ts measures that driver on its own).
 */
export class TypeOrmContender implements Contender {
  readonly name = 'typeorm';
  private dataSource?: DataSource;
  private engine: Engine = 'postgres';

  async open(engine: Engine, url: string): Promise<void> {
    this.engine = engine;
    const common = { entities: [User, Post, Order], synchronize: false, migrationsRun: false, logging: false };
    if (engine === 'postgres') {
      const u = new URL(url);
      const schema = u.searchParams.get('schema') ?? undefined;
      u.searchParams.delete('schema');
      this.dataSource = new DataSource({ ...common, type: 'postgres', url: u.toString(), schema });
    } else if (engine === 'mysql') {
      // TypeORM's MariaDB driver is mysql2.
      this.dataSource = new DataSource({ ...common, type: 'mariadb', url, timezone: 'Z' });
    } else {
      this.dataSource = new DataSource({ ...common, type: 'better-sqlite3', database: url.replace(/^sqlite:/, '') });
    }
    await this.dataSource.initialize();
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    // One `insert` for all rows. On SQLite, which has no RETURNING for TypeORM, `insert` re-selects the generated
    // columns of the rows it inserted with one `id = ? OR id = ? …` condition, which SQLite refuses beyond 1,000
    // terms ("Expression tree is too large"): there the rows go in batches of 500.
    const users = this.dataSource!.getRepository(User);
    const batch = this.engine === 'sqlite' ? 500 : rows.length;
    for (let start = 0; start < rows.length; start += batch) await users.insert(rows.slice(start, start + batch));
  }

  async selectUsers(): Promise<number> {
    return (await this.dataSource!.getRepository(User).find()).length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    const users = await this.dataSource!.getRepository(User).find({ where: { id: In(ids as number[]) }, relations: { posts: true } });
    return users.reduce((n, u) => n + u.posts.length, 0);
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    const users = this.dataSource!.getRepository(User);
    for (const id of ids) await users.findOneBy({ id });
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    // `update` sets the @UpdateDateColumn (updated_at = CURRENT_TIMESTAMP) in the same statement.
    await this.dataSource!.transaction(async (manager) => {
      for (const id of ids) await manager.update(User, { id }, { age: 31 });
    });
  }

  async orderTotals(): Promise<number> {
    // The query builder, as TypeORM's docs show grouping: `getRawMany` (entities have no place for a sum).
    const rows = await this.dataSource!.getRepository(Order).createQueryBuilder('o')
      .select('o.userId', 'userId').addSelect('SUM(o.amount)', 'total').groupBy('o.userId').orderBy('o.userId', 'ASC').getRawMany<{ total: string | number }>();
    return rows.reduce((n, r) => n + Number(r.total), 0);
  }

  async usersWithPostLike(prefix: string): Promise<number> {
    // A where on a relation: TypeORM joins the posts and gives each matching user once.
    return (await this.dataSource!.getRepository(User).find({ where: { posts: { title: Like(`${prefix}%`) } } })).length;
  }

  async usersWithLatestPosts(ids: readonly number[]): Promise<number> {
    // TypeORM has no per-parent limit on a relation: its users load the relation sorted and keep the first three.
    const users = await this.dataSource!.getRepository(User).find({ where: { id: In(ids as number[]) }, relations: { posts: true }, order: { posts: { id: 'DESC' } } });
    return users.reduce((n, u) => n + u.posts.slice(0, 3).length, 0);
  }

  async close(): Promise<void> {
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    this.dataSource = undefined;
  }
}
