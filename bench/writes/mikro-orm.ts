import 'reflect-metadata';
import { Entity, LockMode, MikroORM, PrimaryKey, Property, raw } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { AccountRow, Engine, WriteContender } from './contender';

@Entity({ tableName: 'accounts' })
class Account {
  @PrimaryKey() id!: number;
  @Property({ length: 255, unique: true }) email!: string;
  @Property({ length: 100 }) name!: string;
  @Property() balance: number = 0;
}

@Entity({ tableName: 'jobs' })
class Job {
  @PrimaryKey() id!: number;
  @Property({ length: 100 }) payload!: string;
  @Property({ nullable: true }) worker?: number | null;
  @Property({ fieldName: 'done_at', nullable: true }) doneAt?: Date | null;
}

/**
 * MikroORM v6 as its docs show it: `em.upsertMany` with `onConflictFields`, `nativeUpdate` with a `raw` increment,
 * and `find` with `LockMode.PESSIMISTIC_PARTIAL_WRITE` (FOR UPDATE SKIP LOCKED) in `em.transactional`, on a fork
 * of the EntityManager per call.
 */
export class MikroOrmWrites implements WriteContender {
  readonly name = 'mikro-orm';
  private orm?: MikroORM;

  async open(engine: Engine, url: string, connections: number): Promise<void> {
    const common = { entities: [Account, Job], debug: false, ensureDatabase: false, allowGlobalContext: false, pool: { min: 0, max: connections } };
    if (engine === 'postgres') {
      const u = new URL(url);
      const schema = u.searchParams.get('schema') ?? undefined;
      u.searchParams.delete('schema');
      this.orm = await MikroORM.init({ ...common, driver: PostgreSqlDriver, clientUrl: u.toString(), schema });
    } else {
      this.orm = await MikroORM.init({ ...common, driver: SqliteDriver, dbName: url.replace(/^sqlite:/, '') });
    }
  }

  async upsertAccounts(rows: readonly AccountRow[]): Promise<void> {
    await this.orm!.em.fork().upsertMany(Account, rows as AccountRow[], { onConflictFields: ['email'], onConflictAction: 'merge', onConflictMergeFields: ['name', 'balance'] });
  }

  async incrementBalances(ids: readonly number[]): Promise<void> {
    await this.orm!.em.fork().transactional(async (em) => {
      for (const id of ids) await em.nativeUpdate(Account, { id }, { balance: raw('balance + 1') });
    });
  }

  async drainJobs(worker: number, batch: number): Promise<number> {
    let taken = 0;
    for (;;) {
      const count = await this.orm!.em.fork().transactional(async (em) => {
        const next = await em.find(Job, { doneAt: null }, { fields: ['id'], orderBy: { id: 'asc' }, limit: batch, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
        if (next.length > 0) await em.nativeUpdate(Job, { id: { $in: next.map((j) => j.id) } }, { doneAt: new Date(), worker });
        return next.length;
      });
      if (count === 0) return taken;
      taken += count;
    }
  }

  async close(): Promise<void> {
    await this.orm?.close(true);
    this.orm = undefined;
  }
}
