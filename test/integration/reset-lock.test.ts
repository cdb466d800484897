import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateFresh, MigrationLockTimeoutError, type MigrationRun, type MigratorOptions, migrateUp, Orm } from 'strata-orm';
import { describeEachDialect } from '../helpers/dialects';

// db:reset (migrateFresh) drops every table: it must do so only once no other run holds the migration lock, as
// db:migrate does, or it would drop the tables under a migration that is running.

const CREATE_USERS = [
  "exports.up = async (knex) => { await knex.schema.createTable('users', (t) => { t.increments('id'); t.string('name'); }); };",
  "exports.down = async (knex) => { await knex.schema.dropTable('users'); };",
].join('\n');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDialect('db:reset and the migration lock', (db) => {
  /** Holds the lock, as another process's db:migrate would; a connection of its own. */
  let holder: Orm;
  /** Runs db:reset. */
  let resetter: Orm;
  let dir: string;
  const options = (extra: Partial<MigratorOptions> = {}): MigratorOptions =>
    ({ knex: resetter.knex, dialect: resetter.dialect, migrationsDir: dir, env: {}, ...extra });
  const users = async (): Promise<number> => Number((await holder.knex('users').count({ n: '*' }))[0]!.n);

  /** Takes the migration lock on `holder`; resolves once it holds it, with the function that lets it go. */
  async function holdLock(): Promise<{ release: () => Promise<void> }> {
    let inside!: () => void;
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding = holder.dialect.migrations.withMigrationLock(holder.knex, { key: 'strata_migrations', timeoutMs: 10_000 }, async () => {
      inside();
      await released;
    });
    await entered;
    return { release: async () => { release(); await holding; } };
  }

  beforeAll(async () => {
    holder = await Orm.connect({ url: db().url, entities: [] });
    resetter = await Orm.connect({ url: db().url, entities: [] });
  });
  afterAll(async () => {
    await holder?.close();
    await resetter?.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-reset-lock-'));
    await resetter.dialect.migrations.dropAll(resetter.knex);
    writeFileSync(join(dir, '20260101000001-users.js'), CREATE_USERS);
    const run = await migrateUp(options());
    if (!run.ok) throw run.error;
    await holder.knex('users').insert({ name: 'kept' });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits for a run that holds the lock, dropping nothing until it ends', async () => {
    const lock = await holdLock();
    let dropped = false;
    let settled = false;
    const reset = migrateFresh(options({ lockTimeoutMs: 20_000 }), { onDropped: () => (dropped = true) }).finally(() => (settled = true));
    try {
      await sleep(750);
      expect([settled, dropped]).toEqual([false, false]);
      expect(await users()).toBe(1);
    } finally {
      await lock.release();
    }
    const run: MigrationRun = await reset;
    if (!run.ok) throw run.error;
    expect(dropped).toBe(true);
    expect(run.results.map((r) => [r.name, r.status])).toEqual([['20260101000001-users', 'applied']]);
    expect(await users()).toBe(0);
  });

  it('gives up after the lock timeout, having dropped nothing', async () => {
    const lock = await holdLock();
    let dropped = false;
    try {
      const run = await migrateFresh(options({ lockTimeoutMs: 400 }), { onDropped: () => (dropped = true) });
      expect(run.ok).toBe(false);
      expect(run.ok ? undefined : run.error).toBeInstanceOf(MigrationLockTimeoutError);
    } finally {
      await lock.release();
    }
    expect(dropped).toBe(false);
    expect(await users()).toBe(1);
  });
});
