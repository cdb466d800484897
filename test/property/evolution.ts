import { rmSync } from 'node:fs';
import fc from 'fast-check';
import type { TestDialect } from '../helpers/dialects';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/dialects';
import { MigrationHarness } from '../helpers/migrations';
import { buildEntities, columnName, type ColumnSpec, type EntitySet, normalizeValue, valueFor as specValue } from './spec';
import { type Applied, applyStep, STEP_KINDS, type Step } from './steps';

/**
 * Random evolutions of an entity set. At each step: generate a migration, apply it, expect no drift, and
 * expect every value of every column the step did not change to read back the same. At the end: undo
 * every migration and expect an empty schema. A failure prints fast-check's seed and path; rerun it with
 * STRATA_PROPERTY_SEED=<seed> (and STRATA_PROPERTY_PATH=<path> to replay the shrunk case).
 */
export function describeEvolutions(dialect: TestDialect): void {
  const run = testDialects().includes(dialect) ? describe : describe.skip;
  run(`random schema evolutions [${dialect}]`, () => {
    let database: TestDatabase;
    let harness: MigrationHarness;
    beforeAll(async () => {
      database = await createTestDatabase(dialect, 'evolution');
      harness = await MigrationHarness.open(database.url);
    });
    afterAll(async () => {
      await harness?.close();
      await database?.cleanup();
    });

    it('never drifts, never loses untouched data, and undoes to an empty schema', async () => {
      const step = fc.record({ kind: fc.constantFrom(...STEP_KINDS), a: fc.nat(50), b: fc.nat(50), c: fc.nat(50) });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: Number(process.env.STRATA_PROPERTY_STEPS ?? 5) }), (steps) => evolve(harness, steps)),
        {
          numRuns: Number(process.env.STRATA_PROPERTY_RUNS ?? 200),
          seed: process.env.STRATA_PROPERTY_SEED ? Number(process.env.STRATA_PROPERTY_SEED) : undefined,
          path: process.env.STRATA_PROPERTY_PATH,
          interruptAfterTimeLimit: 20 * 60_000,
        },
      );
    }, 30 * 60_000);
  });
}

async function evolve(harness: MigrationHarness, steps: Step[]): Promise<void> {
  await harness.reset();
  let set: EntitySet = [];
  const done: string[] = [];
  try {
    for (const step of steps) {
      const applied = applyStep(set, step);
      done.push(applied.description);
      const before = await snapshot(harness, set);
      if (applied.refused) {
        await expectRefused(harness, applied.refused, before, set);
        continue;
      }
      const entities = buildEntities(applied.set);
      // Every step changes the schema: a generate that finds nothing would hide a change the differ missed.
      expect((await harness.generate(entities, 'step')).status).toBe('written');
      await harness.up();
      expect(await harness.drift(entities)).toEqual([]);
      await expectUntouchedValues(harness, before, applied);
      set = applied.set;
      await seed(harness, set);
    }
    const schema = await harness.introspect();
    await harness.orm.dialect.migrations.truncate(harness.knex, schema);
    while (await harness.down());
    const empty = await harness.introspect();
    expect({ tables: empty.tables.map((t) => t.name), enums: empty.enums.map((e) => e.name) }).toEqual({ tables: [], enums: [] });
  } catch (error) {
    (error as Error).message = `After: ${done.join('; ')}\n${(error as Error).message}`;
    throw error;
  }
}

/**
 * A migration whose rows do not fit: it fails before changing anything, with a message that names the
 * table and column (never SQLite's temporary copy), and leaves every value, the schema and the history as
 * they were. Its file is then removed, as a user would after fixing the entities.
 */
async function expectRefused(harness: MigrationHarness, refused: NonNullable<Applied['refused']>, before: Snapshot, set: EntitySet): Promise<void> {
  const schema = await harness.introspect();
  const result = await harness.generate(buildEntities(refused.set), 'refused');
  expect(result.status).toBe('written');
  if (result.status !== 'written') return;
  const error = await harness.up().then(() => undefined, (e: Error) => e);
  expect(error?.name).toBe('MigrationDataError');
  expect(error?.message).toMatch(new RegExp(`^Cannot change "${refused.table}"\\."${refused.column}" from .*: \\d+ row\\(s\\) hold values.*; nothing was changed\\.`));
  expect(harness.difference(await harness.introspect(), schema)).toEqual([]);
  expect(await snapshot(harness, set)).toEqual(before);
  rmSync(result.path);
}

type Snapshot = Map<string, Map<string, Map<number, string>>>;

/** Every value, normalized: table → column → row id → value. */
async function snapshot(harness: MigrationHarness, set: EntitySet): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const table of set) {
    const rows = (await harness.knex(table.table).select()) as Record<string, unknown>[];
    const columns = new Map<string, Map<number, string>>();
    for (const c of table.columns) {
      columns.set(c.property, new Map(rows.map((r) => [Number(r.id), normalizeValue(c, r[columnName(c.property)])])));
    }
    out.set(table.table, columns);
  }
  return out;
}

async function expectUntouchedValues(harness: MigrationHarness, before: Snapshot, applied: Applied): Promise<void> {
  const after = await snapshot(harness, applied.set);
  for (const table of applied.set) {
    const old = before.get(applied.tableRenames.get(table.table) ?? table.table);
    if (!old) continue;
    for (const c of table.columns) {
      const key = `${table.table}.${c.property}`;
      const oldValues = old.get(applied.columnRenames.get(key) ?? c.property);
      if (!oldValues || applied.touched.has(key)) continue;
      expect({ column: key, values: Object.fromEntries(after.get(table.table)!.get(c.property)!) }).toEqual({ column: key, values: Object.fromEntries(oldValues) });
    }
  }
}

/**
 * Two new rows per table, then every plain column rewritten to a distinct non-null value per row. The rows go
 * through knex as they are, so a datetime is written in the engine's form: MariaDB refuses ISO 8601's `T…Z`.
 */
async function seed(harness: MigrationHarness, set: EntitySet): Promise<void> {
  const mysql = harness.orm.dialect.name === 'mysql';
  const valueFor = (c: ColumnSpec, n: number): unknown => {
    const value = specValue(c, n);
    return mysql && c.type === 'datetime' ? String(value).replace('T', ' ').replace(/Z$/, '') : value;
  };
  for (const table of set) {
    for (let i = 0; i < 2; i++) {
      await harness.knex(table.table).insert(Object.fromEntries(table.columns.map((c) => [columnName(c.property), valueFor(c, 1000 + i)])));
    }
    if (table.columns.length === 0) continue;
    for (const id of (await harness.knex(table.table).pluck('id')) as number[]) {
      await harness.knex(table.table).where({ id }).update(Object.fromEntries(table.columns.map((c) => [columnName(c.property), valueFor(c, Number(id))])));
    }
  }
}
