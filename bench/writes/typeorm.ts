import 'reflect-metadata';
import { Column, DataSource, Entity, In, IsNull, PrimaryGeneratedColumn } from 'typeorm';
import type { AccountRow, Engine, WriteContender } from './contender';

@Entity('accounts')
class Account {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 255, unique: true }) email!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'integer', default: 0 }) balance!: number;
}

@Entity('jobs')
class Job {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) payload!: string;
  @Column({ type: 'integer', nullable: true }) worker!: number | null;
  @Column({ name: 'done_at', type: Date, nullable: true }) doneAt!: Date | null;
}

/**
 * TypeORM as its docs show it: `repository.upsert` with `conflictPaths`, `manager.increment`, and a query builder
 * with `setLock('pessimistic_write')` and `setOnLocked('skip_locked')` in `dataSource.transaction`.
 */
export class TypeOrmWrites implements WriteContender {
  readonly name = 'typeorm';
  private dataSource?: DataSource;
  private engine: Engine = 'postgres';

  async open(engine: Engine, url: string, connections: number): Promise<void> {
    this.engine = engine;
    const common = { entities: [Account, Job], synchronize: false, migrationsRun: false, logging: false };
    if (engine === 'postgres') {
      const u = new URL(url);
      const schema = u.searchParams.get('schema') ?? undefined;
      u.searchParams.delete('schema');
      this.dataSource = new DataSource({ ...common, type: 'postgres', url: u.toString(), schema, poolSize: connections });
    } else {
      this.dataSource = new DataSource({ ...common, type: 'better-sqlite3', database: url.replace(/^sqlite:/, '') });
    }
    await this.dataSource.initialize();
  }

  async upsertAccounts(rows: readonly AccountRow[]): Promise<void> {
    // As with insert (bench/runtime/typeorm.ts), TypeORM re-selects what it wrote with one OR term per row on
    // SQLite, which SQLite refuses beyond 1,000 terms: there the rows go in batches of 500.
    const accounts = this.dataSource!.getRepository(Account);
    const batch = this.engine === 'sqlite' ? 500 : rows.length;
    for (let start = 0; start < rows.length; start += batch) {
      await accounts.upsert(rows.slice(start, start + batch), { conflictPaths: ['email'], skipUpdateIfNoValuesChanged: false });
    }
  }

  async incrementBalances(ids: readonly number[]): Promise<void> {
    await this.dataSource!.transaction(async (manager) => {
      for (const id of ids) await manager.increment(Account, { id }, 'balance', 1);
    });
  }

  async drainJobs(worker: number, batch: number): Promise<number> {
    let taken = 0;
    for (;;) {
      const count = await this.dataSource!.transaction(async (manager) => {
        const next = await manager.createQueryBuilder(Job, 'job').select('job.id').where({ doneAt: IsNull() }).orderBy('job.id', 'ASC')
          .limit(batch).setLock('pessimistic_write').setOnLocked('skip_locked').getMany();
        if (next.length > 0) await manager.update(Job, { id: In(next.map((j) => j.id)) }, { doneAt: new Date(), worker });
        return next.length;
      });
      if (count === 0) return taken;
      taken += count;
    }
  }

  async close(): Promise<void> {
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    this.dataSource = undefined;
  }
}
