import 'reflect-metadata';
import { Column, type EntityClass, MetadataRegistry, PrimaryKey, Table } from 'strata-orm';
import { planChanges } from '../../src/dialects/plan-changes';
import { diffDatabase } from '../../src/generate/schema-diff';
import { DEFAULT_HISTORY_TABLE, readHistory } from '../../src/migrator/history';
import { executeSteps } from '../../src/steps/execute';
import { describeEachDialect } from '../helpers/dialects';
import { MigrationHarness } from '../helpers/migrations';

/**
 * A change that existing rows do not survive: from v1 with `rows` to v2, the migration must fail before it
 * changes anything, with `message`, on every engine; once `fix` makes the rows fit, it runs.
 */
interface Case {
  readonly v1: EntityClass;
  readonly v2: EntityClass;
  readonly rows: Record<string, unknown>[];
  readonly message: string;
  /** What `migrate:generate` warns, knowing the rows; the file carries it above the change. */
  readonly warning?: string;
  readonly fix: (h: MigrationHarness) => Promise<void>;
}

const CASES: Record<string, () => Case> = {
  'a NOT NULL column without a default, added to a table with rows': () => {
    @Table('users') class V1 { @PrimaryKey() id!: number; @Column() name!: string; }
    @Table('users') class V2 { @PrimaryKey() id!: number; @Column() name!: string; @Column() email!: string; }
    return {
      v1: V1, v2: V2, rows: [{ name: 'ann' }, { name: 'bob' }],
      message: 'Cannot add "users"."email" as NOT NULL without a default: 2 row(s) would have no value in it; nothing was changed. ' +
        'Give the column a default, or add it nullable, fill it, and make it NOT NULL in a second migration.',
      warning: 'add column users.email (string(255)): "users" has 2 row(s), and "users"."email" is added NOT NULL without a default, so this migration will fail on them. ' +
        'Give the column a default, or add it nullable, fill it, and make it NOT NULL in a second migration.',
      fix: async (h) => { await h.knex('users').delete(); },
    };
  },
  'a nullable column made NOT NULL while rows hold NULL': () => {
    @Table('users') class V1 { @PrimaryKey() id!: number; @Column({ type: 'string', nullable: true }) email!: string | null; }
    @Table('users') class V2 { @PrimaryKey() id!: number; @Column({ type: 'string', default: 'none' }) email!: string; }
    return {
      v1: V1, v2: V2, rows: [{ email: 'a@x' }, { email: null }, { email: null }],
      message: 'Cannot make "users"."email" NOT NULL: 2 row(s) hold NULL in it; nothing was changed. ' +
        'Fill those rows in an earlier migration (or by hand before this step), or keep the column nullable.',
      warning: 'alter column users.email (string(255), nullable → string(255), default "none"): 2 row(s) of "users" hold NULL in "email", which this migration makes NOT NULL, ' +
        'so it will fail on them. Fill them in an earlier migration, or keep the column nullable.',
      fix: async (h) => { await h.knex('users').whereNull('email').update({ email: 'b@x' }); },
    };
  },
};

describeEachDialect('refusing rows a change would lose or reject', (db) => {
  it.each(Object.keys(CASES))('%s: fails before changing anything, then runs once the rows fit', async (name) => {
    const { v1, v2, rows, message, warning, fix } = CASES[name]!();
    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      await harness.migrate([v1], 'v1');
      const table = MetadataRegistry.build([v1]).entities[0]!.tableName;
      await harness.knex(table).insert(rows);
      const data = await harness.knex(table).select().orderBy('id');
      const schema = await harness.introspect();

      // The steps executed directly (as reset_db runs them) and the generated file refuse with the same words.
      const dialect = harness.orm.dialect;
      const { actual, changes } = await diffDatabase(harness.knex, dialect, MetadataRegistry.build([v2]), DEFAULT_HISTORY_TABLE);
      const executed = dialect.runUnit(harness.knex, true, (unit) => executeSteps(unit, planChanges(dialect, actual, changes).flatMap((p) => p.steps)));
      await expect(executed).rejects.toThrow(message);
      const generated = await harness.generate([v2], 'v2');
      expect(generated.status).toBe('written');
      if (warning) expect(generated.warnings).toContain(warning);
      if (warning && generated.status === 'written') expect(generated.source).toContain(`// WARNING: ${warning.slice(warning.indexOf(': ') + 2)}`);
      const error = (await harness.up().catch((e: Error) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect([error.name, error.message]).toEqual(['MigrationDataError', message]);
      expect(error.message).not.toContain('_strata_');

      expect(await harness.knex(table).select().orderBy('id')).toEqual(data);
      expect(harness.difference(await harness.introspect(), schema)).toEqual([]);
      expect((await readHistory(harness.knex, DEFAULT_HISTORY_TABLE)).map((h) => h.name)).toEqual(['20260101000000-v1']);

      await fix(harness);
      await harness.up();
      expect(await harness.drift([v2])).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it('warns at generate time about the rows of a table the same migration renames', async () => {
    @Table('people') class V1 { @PrimaryKey() id!: number; @Column() name!: string; }
    @Table({ name: 'persons', renamedFrom: 'people' }) class V2 { @PrimaryKey() id!: number; @Column() name!: string; @Column() email!: string; }
    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      await harness.migrate([V1], 'v1');
      await harness.knex('people').insert([{ name: 'ann' }, { name: 'bob' }, { name: 'cy' }]);
      const generated = await harness.generate([V2], 'v2');
      expect(generated.warnings.filter((w) => w.includes('row(s)'))).toEqual([
        'add column persons.email (string(255)): "persons" has 3 row(s), and "persons"."email" is added NOT NULL without a default, so this migration will fail on them. ' +
          'Give the column a default, or add it nullable, fill it, and make it NOT NULL in a second migration.',
      ]);
    } finally {
      await harness.close();
    }
  });
});
