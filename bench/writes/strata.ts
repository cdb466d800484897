import { Column, increment, Orm, PrimaryKey, Table, Unique } from 'strata-orm';
import type { AccountRow, Engine, WriteContender } from './contender';

@Table('accounts')
class Account {
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Unique() @Column({ type: 'string' }) email!: string;
  @Column({ type: 'string', length: 100 }) name!: string;
  @Column({ type: 'integer', default: 0 }) balance!: number;
}

@Table('jobs')
class Job {
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Column({ type: 'string', length: 100 }) payload!: string;
  @Column({ type: 'integer', nullable: true }) worker!: number | null;
  @Column({ type: 'datetime', nullable: true }) doneAt!: Date | null;
}

/** Strata as docs/runtime.md shows it: upsert, increment, a find with lock and skipLocked in a transaction. */
export class StrataWrites implements WriteContender {
  readonly name = 'strata';
  private orm!: Orm;

  async open(_engine: Engine, url: string, connections: number): Promise<void> {
    this.orm = await Orm.connect({ url, entities: [Account, Job], pool: { min: 0, max: connections } });
  }

  async upsertAccounts(rows: readonly AccountRow[]): Promise<void> {
    await this.orm.repository(Account).upsert(rows, { onConflict: ['email'] });
  }

  async incrementBalances(ids: readonly number[]): Promise<void> {
    await this.orm.transaction(async (tx) => {
      const accounts = tx.repository(Account);
      for (const id of ids) await accounts.update({ id }, { balance: increment(1) });
    });
  }

  async drainJobs(worker: number, batch: number): Promise<number> {
    let taken = 0;
    for (;;) {
      const count = await this.orm.transaction(async (tx) => {
        const jobs = tx.repository(Job);
        const next = await jobs.find({ select: ['id'], where: { doneAt: null }, orderBy: { id: 'asc' }, limit: batch, lock: 'update', skipLocked: true });
        if (next.length > 0) await jobs.update({ id: { in: next.map((j) => j.id) } }, { doneAt: new Date(), worker });
        return next.length;
      });
      if (count === 0) return taken;
      taken += count;
    }
  }

  async close(): Promise<void> {
    await this.orm.close();
  }
}
