import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { Column, ConnectionError, Defaults, Orm, PrimaryKey, Table } from 'strata-orm';
import { CONFIG, NOTE_ENTITY, TestProject, TSCONFIG } from '../helpers/cli';
import { createPooledDatabase, TEST_DATABASE_URL, type TestDatabase, testDialects } from '../helpers/dialects';

/**
 * PgBouncer in transaction mode (.ci/pgbouncer starts one on port 6432 in front of the test cluster): the
 * application runs through it, migrations through a direct URL beside it, and what cannot work through it is
 * refused by name. The runtime suites run through it too (scripts/test.sh).
 */
const POOLED = new URL(process.env.TEST_PGBOUNCER_URL ?? 'postgres://postgres@127.0.0.1:6432/test');
const DIRECT = process.env.TEST_DIRECT_DATABASE_URL ?? TEST_DATABASE_URL;
const pgbouncerUp = spawnSync('pg_isready', ['-q', '-h', POOLED.hostname, '-p', POOLED.port || '5432']).status === 0;
// In CI PgBouncer must be there (.ci/run starts it); elsewhere, without one, say how to get it.
const describeWithPgBouncer = testDialects().includes('postgres') && (pgbouncerUp || process.env.CI) ? describe : describe.skip;
if (!pgbouncerUp && !process.env.CI && testDialects().includes('postgres')) console.warn(`No PgBouncer answers at ${POOLED.host}: the pooler tests are skipped (bash .ci/pgbouncer starts one).`);

@Table('notes')
class Note {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() text!: string;
}

const PINNED = NOTE_ENTITY.replace('@Column() text!: string;', '@Column() text!: string;\n  @Column({ default: false }) pinned!: boolean;');
const NOWHERE = 'postgres://postgres@127.0.0.1:9/nothing';

describeWithPgBouncer('migrations beside PgBouncer [postgres]', () => {
  const cleanup: (() => unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });
  const database = async (label: string): Promise<TestDatabase> => {
    const d = await createPooledDatabase(label, POOLED.toString(), DIRECT);
    cleanup.push(() => d.cleanup());
    return d;
  };
  const project = (url: string, files: Record<string, string> = {}): TestProject => {
    const p = TestProject.create(url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY, ...files });
    cleanup.push(() => p.cleanup());
    return p;
  };

  it('reaches PostgreSQL through the pooler: the server process answering is not the one the connection began with', async () => {
    const d = await database('pooled');
    const client = new Client({ connectionString: d.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(rows[0]!.pid).not.toBe((client as unknown as { processID: number }).processID);
    } finally {
      await client.end();
    }
  });

  it('refuses db:migrate through the pooled URL alone, saying how to give a direct one, and applies nothing', async () => {
    const d = await database('refused');
    const p = project(d.url);
    // Generating only reads the database: it works through the pooler.
    expect((await p.orm(['migrate:generate', 'init'])).code).toBe(0);
    const refused = await p.orm(['db:migrate']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/The migration lock cannot be held through a connection pooler: .*PgBouncer.*directUrl in the configuration, DIRECT_DATABASE_URL, or --direct-url/s);
    const status = await p.orm(['migrate:status', '--json'], { DIRECT_DATABASE_URL: d.directUrl });
    expect(p.json(status)).toMatchObject({ migrations: [{ state: 'pending' }], pending: [expect.stringMatching(/-init$/)] });
  });

  it('migrates through the direct URL (DIRECT_DATABASE_URL, --direct-url, directUrl in the configuration) while the application works through PgBouncer', async () => {
    const d = await database('direct');
    const p = project(d.url);
    expect((await p.orm(['migrate:generate', 'init'])).code).toBe(0);
    expect((await p.orm(['db:migrate'], { DIRECT_DATABASE_URL: d.directUrl })).code).toBe(0);

    // The application, through the pooler, writes and reads in transactions the whole time.
    const app = await Orm.connect({ url: d.url, entities: [Note] });
    let running = true;
    let written = 0;
    const work = (async () => {
      while (running) {
        await app.transaction(async (tx) => {
          await tx.repository(Note).insert({ text: `note ${written}` });
          await tx.repository(Note).count();
        });
        written++;
      }
    })();
    try {
      p.write('entities/note.ts', PINNED);
      expect((await p.orm(['migrate:generate', 'add-pinned', '--direct-url', d.directUrl])).code).toBe(0);
      // The file's directUrl goes with the file's url (DATABASE_URL empty here).
      p.write('orm.config.ts', CONFIG.replace('entities:', `url: ${JSON.stringify(d.url)},\n  directUrl: ${JSON.stringify(d.directUrl)},\n  entities:`));
      const applied = await p.orm(['db:migrate'], { DATABASE_URL: '' });
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect((await p.orm(['db:migrate:undo', '--direct-url', d.directUrl])).code).toBe(0);
      expect((await p.orm(['db:migrate'], { DIRECT_DATABASE_URL: d.directUrl })).code).toBe(0);
      running = false;
      await work;
      expect(written).toBeGreaterThan(0);
      expect(await app.repository(Note).count()).toBe(written);
    } finally {
      running = false;
      await work.catch(() => undefined);
      await app.close();
    }
    expect(p.json(await p.orm(['migrate:check', '--json']))).toMatchObject({ ok: true, pending: [] });
  });

  it('works on the database it is told (--url, DATABASE_URL), not on a direct URL meant for another', async () => {
    const d = await database('url_flag');
    const withFileDirect = CONFIG.replace('entities:', `url: ${JSON.stringify(d.url)},\n  directUrl: ${JSON.stringify(NOWHERE)},\n  entities:`);
    const p = project(NOWHERE, { 'orm.config.ts': withFileDirect, 'migrations/.gitkeep': '' });
    // Each connects, and finds the entities' table still to be created.
    const reached = (result: Awaited<ReturnType<TestProject['orm']>>): void => {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(p.json(result)).toMatchObject({ migrations: [], schema: { state: expect.not.stringMatching(/in-sync/) } });
    };
    reached(await p.orm(['migrate:status', '--json', '--url', d.directUrl], { DIRECT_DATABASE_URL: NOWHERE }));
    reached(await p.orm(['migrate:status', '--json'], { DATABASE_URL: d.directUrl }));
    // With the file's url (DATABASE_URL empty), the file's directUrl is the one used.
    const viaFile = await p.orm(['migrate:status'], { DATABASE_URL: '' });
    expect(viaFile.code).toBe(2);
    expect(viaFile.stderr).toContain('Cannot connect to postgres://postgres@127.0.0.1:9/nothing');
  });

  it('refuses a schema (?schema=) through the pooler, whose session setting would reach other clients, and sets none', async () => {
    const d = await database('schema');
    const url = `${d.url}?schema=app`;
    await expect(Orm.connect({ url, entities: [Note] })).rejects.toThrow(ConnectionError);
    await expect(Orm.connect({ url, entities: [Note] })).rejects.toThrow(/The schema "app" .* cannot be kept through a connection pooler: .*ALTER ROLE … SET search_path TO "app"/);
    const client = new Client({ connectionString: d.url });
    await client.connect();
    try {
      for (let i = 0; i < 5; i++) expect((await client.query<{ search_path: string }>('SHOW search_path')).rows[0]!.search_path).toBe('"$user", public');
    } finally {
      await client.end();
    }
  });
});
