// migrate:generate on a 200-entity schema (8 columns, 1 foreign key, 1 unique index each).
// Targets: introspection < 300 ms on PostgreSQL; the whole generate (metadata → file) < 1 s against an
// empty and against an up-to-date database.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMigration, MetadataRegistry, Orm } from 'strata-orm';
import { discoverMigrations } from '../src/migrator/discover';
import { DEFAULT_HISTORY_TABLE, ensureHistoryTable } from '../src/migrator/history';
import { loadMigration } from '../src/migrator/load';
import { runMigration } from '../src/migrator/run-migration';
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
    const applied = discoverMigrations(dir);
    await ensureHistoryTable(orm.knex, DEFAULT_HISTORY_TABLE);
    const apply = await time(() => runMigration({ knex: orm.knex, dialect: orm.dialect, historyTable: DEFAULT_HISTORY_TABLE, file: applied[0]!, module: loadMigration(applied[0]!), direction: 'up', batch: 1 }));
    const introspection: number[] = [];
    for (let i = 0; i < 10; i++) introspection.push(await time(() => orm.dialect.introspect(orm.knex, { exclude: [DEFAULT_HISTORY_TABLE] })));
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
