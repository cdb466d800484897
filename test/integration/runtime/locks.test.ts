import 'reflect-metadata';
import { Column, Defaults, Orm, PrimaryKey, QueryError, type QueryEvent, Table } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';

// Row locks on reads: lock, skipLocked, noWait. Concurrency runs on separate Orms, each with its own pool.

@Table('jobs')
class Job {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() payload!: string;
  @Column({ type: 'integer', nullable: true }) takenBy!: number | null;
  @Column({ type: 'datetime', nullable: true }) doneAt!: Date | null;
}

describeEachDialect('row locks', (db, dialect) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Job], onQuery: (event) => queries.push(event) });
  });
  beforeEach(async () => {
    await reset_db(orm);
    queries.length = 0;
  });
  afterAll(() => orm?.close());
  const addJobs = (n: number) => orm.repository(Job).insertMany(Array.from({ length: n }, (_, i) => ({ payload: `job ${i + 1}` })));

  it('reads locked rows inside a transaction, with the engine\'s lock clause', async () => {
    await addJobs(3);
    const taken = await orm.transaction(async (tx) => {
      const jobs = await tx.repository(Job).find({ where: { doneAt: null }, orderBy: { id: 'asc' }, limit: 2, lock: 'update', skipLocked: true });
      const one = await tx.repository(Job).findOne({ where: { id: 3 }, lock: 'share', noWait: true });
      return [...jobs, one!].map((j) => j.id);
    });
    expect(taken).toEqual([1, 2, 3]);
    const selects = queries.filter((q) => q.sql.startsWith('SELECT')).map((q) => q.sql);
    if (dialect === 'postgres') {
      expect(selects[0]).toMatch(/ LIMIT 2 FOR UPDATE SKIP LOCKED$/);
      expect(selects[1]).toMatch(/ LIMIT 1 FOR SHARE NOWAIT$/);
    } else if (dialect === 'mysql') {
      expect(selects[0]).toMatch(/ LIMIT 2 FOR UPDATE SKIP LOCKED$/);
      expect(selects[1]).toMatch(/ LIMIT 1 LOCK IN SHARE MODE NOWAIT$/);
    } else {
      expect(selects.every((s) => !s.includes(' FOR '))).toBe(true);
    }
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['a lock outside a transaction', () => orm.repository(Job).find({ lock: 'update' }), /^lock on Job holds rows until the transaction ends, so it needs one: read through tx\.repository\(Job\)/],
    ['skipLocked without a lock', () => orm.transaction((tx) => tx.repository(Job).find({ skipLocked: true })), /^skipLocked on Job applies to a locking read: add lock: 'update'/],
    ['skipLocked with noWait', () => orm.transaction((tx) => tx.repository(Job).find({ lock: 'update', skipLocked: true, noWait: true })), /takes skipLocked or noWait, not both/],
    ['an unknown lock', () => orm.transaction((tx) => tx.repository(Job).find({ lock: 'exclusive' as never })), /^lock on Job is 'update' or 'share', not "exclusive"\.$/],
  ])('refuses %s with a QueryError', async (_what, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
    expect(queries.filter((q) => q.sql.startsWith('SELECT'))).toHaveLength(0);
  });

  if (dialect === 'postgres') {
    it('skips rows another connection has locked, and fails at once on them with noWait', async () => {
      await addJobs(6);
      const other = await Orm.connect({ url: db().url, entities: [Job] });
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        const holder = orm.transaction(async (tx) => {
          await tx.repository(Job).find({ where: { id: { lte: 3 } }, lock: 'update' });
          locked();
          await held;
        });
        await isLocked;
        const skipped = await other.transaction((tx) => tx.repository(Job).find({ orderBy: { id: 'asc' }, limit: 2, lock: 'update', skipLocked: true }));
        expect(skipped.map((j) => j.id)).toEqual([4, 5]);
        await expect(other.transaction((tx) => tx.repository(Job).find({ where: { id: 1 }, lock: 'share', noWait: true }))).rejects.toMatchObject({ code: '55P03' });
        release();
        await holder;
      } finally {
        await other.close();
      }
    });

    it('gives each job to exactly one of 8 workers taking them with skipLocked on separate connections', async () => {
      const total = 400;
      await addJobs(total);
      const workers = await Promise.all(Array.from({ length: 8 }, () => Orm.connect({ url: db().url, entities: [Job], pool: { min: 1, max: 1 } })));
      const taken: number[][] = workers.map(() => []);
      try {
        await Promise.all(workers.map(async (worker, w) => {
          for (;;) {
            const ids = await worker.transaction(async (tx) => {
              const jobs = tx.repository(Job);
              const batch = await jobs.find({ where: { doneAt: null }, orderBy: { id: 'asc' }, limit: 5, lock: 'update', skipLocked: true });
              if (batch.length === 0) return [];
              const ids = batch.map((j) => j.id);
              await jobs.update({ id: { in: ids } }, { takenBy: w, doneAt: new Date() });
              return ids;
            });
            if (ids.length === 0) return;
            taken[w]!.push(...ids);
          }
        }));
      } finally {
        await Promise.all(workers.map((w) => w.close()));
      }
      const all = taken.flat().sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      // More than one worker got work: the locks were skipped, not waited for in turn.
      expect(taken.filter((t) => t.length > 0).length).toBeGreaterThan(1);
      const rows = await orm.repository(Job).find();
      expect(rows.every((r) => r.doneAt !== null && taken[r.takenBy!]!.includes(r.id))).toBe(true);
    });
  }
});
