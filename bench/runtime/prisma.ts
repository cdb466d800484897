import { join } from 'node:path';
import type { Contender, Engine, UserRow } from './contender';

/** The generated client's surface that this contender uses. */
interface PrismaUsers {
  createMany(args: { data: UserRow[] }): Promise<unknown>;
  findMany(args?: object): Promise<{ posts?: unknown[] }[]>;
  findUnique(args: { where: { id: number } }): Promise<unknown>;
  update(args: { where: { id: number }; data: { age: number } }): Promise<unknown>;
}

interface PrismaClient {
  user: PrismaUsers;
  $transaction<T>(fn: (tx: { user: PrismaUsers }) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T>;
  $disconnect(): Promise<void>;
}

/**
 * Prisma 7 with its better-sqlite3 driver adapter, as its docs show it: `createMany`, `findMany` with `include`,
 * `findUnique`, an interactive `$transaction`. SQLite only. Its client is generated from prisma/schema.prisma (see
 * bench/README.md); without it, this contender is skipped.
 */
export class PrismaContender implements Contender {
  readonly name = 'prisma (better-sqlite3)';
  readonly engines: readonly Engine[] = ['sqlite'];
  private client!: PrismaClient;

  constructor() {
    // Fails here, before any run, when the client was not generated.
    require.resolve(join(__dirname, '..', 'prisma', 'generated', 'client.ts'));
  }

  async open(_engine: Engine, url: string): Promise<void> {
    const { PrismaBetterSqlite3 } = require('@prisma/adapter-better-sqlite3') as { PrismaBetterSqlite3: new (options: { url: string }) => object };
    const { PrismaClient } = require(join(__dirname, '..', 'prisma', 'generated', 'client.ts')) as { PrismaClient: new (options: { adapter: object }) => PrismaClient };
    this.client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${url.replace(/^sqlite:/, '').replace(/\?.*$/, '')}` }) });
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    await this.client.user.createMany({ data: rows as UserRow[] });
  }

  async selectUsers(): Promise<number> {
    return (await this.client.user.findMany()).length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    const users = await this.client.user.findMany({ where: { id: { in: ids as number[] } }, include: { posts: true } });
    return users.reduce((n, u) => n + u.posts!.length, 0);
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    for (const id of ids) await this.client.user.findUnique({ where: { id } });
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    await this.client.$transaction(async (tx) => {
      for (const id of ids) await tx.user.update({ where: { id }, data: { age: 31 } });
    }, { timeout: 120_000, maxWait: 10_000 });
  }

  async close(): Promise<void> {
    await this.client.$disconnect();
  }
}
