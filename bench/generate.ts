// migrate:generate on a 200-entity schema (8 columns, 1 foreign key, 1 unique index each).
// Targets: introspection < 300 ms on PostgreSQL; the whole generate (metadata → file) < 1 s against an
// empty and against an up-to-date database.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HISTORY_TABLE, generateMigration, MetadataRegistry, migrateUp, Orm } from 'strata-orm';
import { benchEachEngine, round, summarize, syntheticEntities, time } from './support';

const ENTITIES = 200;

async function measure(label: string, url: string): Promise<void> {
  const orm = await Orm.connect({ url, entities: [] });
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-migrations-'));
  try {
    let tick = 0;
    const generate = async (): Promise<string> => {
      const metadata = MetadataRegistry.build(syntheticEntities(ENTITIES, 'gen', { index: false }));
      const result = await generateMigration({ knex: orm.knex, dialect: orm.dialect, metadata, migrationsDir: dir, name: 'bench', now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)) });
      return result.status;
    };
    const emptySamples: number[] = [];
    for (let i = 0; i < 5; i++) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      emptySamples.push(await time(generate));
    }
    const apply = await time(async () => {
      const run = await migrateUp({ knex: orm.knex, dialect: orm.dialect, migrationsDir: dir });
      if (!run.ok) throw run.error;
    });
    const introspection: number[] = [];
    for (let i = 0; i < 10; i++) introspection.push(await time(() => orm.dialect.schema.introspect(orm.knex, { exclude: [DEFAULT_HISTORY_TABLE] })));
    const upToDate: number[] = [];
    for (let i = 0; i < 5; i++) {
      let status = '';
      upToDate.push(await time(async () => { status = await generate(); }));
      if (status !== 'no-changes') throw new Error(`expected no changes after applying, got ${status}`);
    }
    const e = summarize(emptySamples);
    const n = summarize(introspection);
    const u = summarize(upToDate);
    console.log(`${label.padEnd(10)} generate vs empty db: median ${e.median} ms | apply: ${round(apply)} ms | introspect ${ENTITIES} tables: median ${n.median} ms, p95 ${n.p95} ms | generate vs up-to-date db: median ${u.median} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await orm.close();
  }
}

benchEachEngine('generate', measure);
