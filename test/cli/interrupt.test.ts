import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { CONFIG, NOTE_ENTITY, STACK_LINE, TestProject, TSCONFIG } from '../helpers/cli';
import { describeEachDialect } from '../helpers/dialects';
import { resolveConnection } from '../../src/runtime/knex-config';

/** One statement that runs for many seconds on the engine. */
const SLOW = {
  postgres: 'SELECT pg_sleep(30)',
  sqlite: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT count(*) FROM c',
  mysql: 'SELECT SLEEP(30)',
};

/** A migration that creates a table, says so in a marker file, then runs a slow statement. */
function slowMigration(statement: string, transaction: boolean): string {
  return `import type { Knex } from 'knex';
import { writeFileSync } from 'node:fs';
${transaction ? '' : 'export const config = { transaction: false };\n'}export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('slow_made', (t) => { t.increments('id'); });
  writeFileSync(process.env.STRATA_TEST_MARKER!, 'inside');
  await knex.raw(${JSON.stringify(statement)});
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('slow_made');
}
`;
}

const QUICK = `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('slow_made', (t) => { t.increments('id'); });
}
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('slow_made');
}
`;

describeEachDialect('Ctrl-C during orm db:migrate', (db, dialect) => {
  let project: TestProject;
  let knex: Knex;
  const marker = (): string => join(project.dir, 'marker');
  // Only sqlite3 runs a statement off the main thread, where Ctrl-C can interrupt it; on better-sqlite3 and
  // node:sqlite the interrupt is seen when the statement under way ends (docs/dialects.md).
  const url = (): string => (dialect === 'sqlite' ? db().url.replace(/\?driver=.*$/, '?driver=sqlite3') : db().url);
  beforeEach(() => {
    project = TestProject.create(url(), { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY });
    knex = knexFactory(resolveConnection({ url: url() }).config);
  });
  afterEach(async () => {
    await knex.schema.dropTableIfExists('slow_made');
    await knex.schema.dropTableIfExists('strata_migrations');
    await knex.destroy();
    project.cleanup();
  });

  /** Starts `orm db:migrate`, sends SIGINT once the slow migration is inside its slow statement. */
  async function interrupt(): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }> {
    rmSync(marker(), { force: true });
    const child = project.spawn(['db:migrate'], { STRATA_TEST_MARKER: marker() });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    for (let i = 0; i < 300 && !existsSync(marker()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker())).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // into the slow statement
    const sent = Date.now();
    child.kill('SIGINT');
    const { code, signal } = await exited;
    return { code, signal, stdout, stderr, ms: Date.now() - sent };
  }

  // MariaDB's DDL commits as it goes, so its migrations run outside a transaction: what ran before the interrupt stays.
  const rolledBack = dialect !== 'mysql';

  it('says which migration was interrupted and that it was rolled back (MariaDB: that what it did stays), exits 130, and leaves it pending', async () => {
    project.write('migrations/20260101000001-first.ts', QUICK.replace(/slow_made/g, 'first_made'));
    project.write('migrations/20260101000002-slow.ts', slowMigration(SLOW[dialect], true));
    try {
      const result = await interrupt();
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 130, signal: null });
      expect(result.ms).toBeLessThan(5000);
      expect(result.stdout).toContain('✔ 20260101000001-first');
      expect(result.stdout).toContain('✖ 20260101000002-slow');
      expect(result.stderr).toBe(rolledBack
        ? 'Error: Interrupted while migration 20260101000002-slow was running (up): it was rolled back, so nothing of it was applied, and it is still pending. Run the command again to go on.\n'
        : 'Error: Interrupted while migration 20260101000002-slow was running (up) outside a transaction: what it did before the interrupt stays (a statement under way may still complete), and it is still recorded as pending. Check the database before running it again.\n');
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(await knex.schema.hasTable('slow_made')).toBe(!rolledBack);
      expect(project.json(await project.orm(['migrate:status', '--json'])).pending).toEqual(['20260101000002-slow']);
      // What stayed is cleared by hand, as the message says.
      if (!rolledBack) await knex.schema.dropTable('slow_made');

      // Nothing is left holding a lock: not the run's, not the interrupted statement's on the table it created.
      project.write('migrations/20260101000002-slow.ts', QUICK);
      const started = Date.now();
      const rerun = await project.orm(['db:migrate', '--lock-timeout', '5']);
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toContain('✔ 20260101000002-slow');
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      await knex.schema.dropTableIfExists('first_made');
    }
  });

  it('says that what a migration outside a transaction did stays', async () => {
    project.write('migrations/20260101000001-slow.ts', slowMigration(SLOW[dialect], false));
    const result = await interrupt();
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/^Error: Interrupted while migration 20260101000001-slow was running \(up\) outside a transaction: what it did before the interrupt stays .*Check the database before running it again\.\n$/);
    expect(await knex.schema.hasTable('slow_made')).toBe(true);
    expect(project.json(await project.orm(['migrate:status', '--json'])).pending).toEqual(['20260101000001-slow']);
  });
});
