// The orm binary as a user runs it. Targets: `orm --help` under 300 ms; `orm migrate:status` with 100
// applied migrations under 1.5 s against PostgreSQL.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { summarize, withPostgresSchema } from './support';

const ORM = resolve(__dirname, '../dist/cli/main.js');

function timeCommand(args: string[], cwd: string, env: NodeJS.ProcessEnv, runs: number): { median: number; p95: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, [ORM, ...args], { cwd, env: { ...process.env, ...env }, stdio: 'pipe' });
    if (i > 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(samples);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-cli-'));
  try {
    await withPostgresSchema('cli', (url) => measure(dir, url));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(dir: string, url: string): Promise<void> {
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(resolve(__dirname, '..'), join(dir, 'node_modules', 'strata-orm'));
  mkdirSync(join(dir, 'migrations'));
  mkdirSync(join(dir, 'entities'));
  writeFileSync(join(dir, 'orm.config.ts'), "import { defineConfig } from 'strata-orm';\nexport default defineConfig({ entities: ['entities/*.ts'] });\n");
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true } }));
  const entity: string[] = ["import { Column, PrimaryKey, Table } from 'strata-orm';"];
  for (let i = 0; i < 100; i++) {
    const stamp = `20260101${String(Math.floor(i / 60)).padStart(4, '0')}${String(i % 60).padStart(2, '0')}`;
    writeFileSync(join(dir, 'migrations', `${stamp}-table-${i}.ts`),
      `import type { Knex } from 'knex';\nexport async function up(knex: Knex) { await knex.schema.createTable('t${i}', (t) => { t.increments('id'); t.string('name', 255).notNullable(); }); }\nexport async function down(knex: Knex) { await knex.schema.dropTable('t${i}'); }\n`);
    entity.push(`@Table('t${i}') export class T${i} { @PrimaryKey() id!: number; @Column() name!: string; }`);
  }
  writeFileSync(join(dir, 'entities', 'all.ts'), entity.join('\n'));
  const env = { DATABASE_URL: url, NO_COLOR: '1' };
  execFileSync(process.execPath, [ORM, 'db:migrate'], { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe' });
  const help = timeCommand(['--help'], dir, env, 10);
  let status: { median: number; p95: number } | undefined;
  try {
    status = timeCommand(['migrate:status'], dir, env, 5);
  } catch (error) {
    console.error((error as { stdout?: Buffer }).stdout?.toString());
    throw error;
  }
  console.log(`orm --help: median ${help.median} ms, p95 ${help.p95} ms`);
  console.log(`orm migrate:status, 100 applied migrations, PostgreSQL, in sync: median ${status.median} ms, p95 ${status.p95} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
