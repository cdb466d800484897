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
  'a string narrowed below the length of some values': () => {
    @Table('users') class V1 { @PrimaryKey() id!: number; @Column() name!: string; }
    @Table('users') class V2 { @PrimaryKey() id!: number; @Column({ length: 10 }) name!: string; }
    return {
      v1: V1, v2: V2, rows: [{ name: 'Ann' }, { name: 'Bartholomew Longname' }, { name: 'Maximilian Longname' }],
      message: 'Cannot change "users"."name" from string(255) to string(10): 2 row(s) hold values that do not fit in 10 characters ' +
        "(for example 'Bartholomew Longname'); nothing was changed. Shorten or fix those values in an earlier migration, or keep the wider type.",
      fix: async (h) => { await h.knex('users').whereNot({ name: 'Ann' }).update({ name: 'Bart' }); },
    };
  },
  'a decimal narrowed below the digits of some values': () => {
    @Table('prices') class V1 { @PrimaryKey() id!: number; @Column({ type: 'decimal', precision: 10, scale: 2 }) amount!: string; }
    @Table('prices') class V2 { @PrimaryKey() id!: number; @Column({ type: 'decimal', precision: 5, scale: 1 }) amount!: string; }
    return {
      v1: V1, v2: V2, rows: [{ amount: '12.50' }, { amount: '12.25' }, { amount: '12345.50' }],
      message: 'Cannot change "prices"."amount" from decimal(10, 2) to decimal(5, 1): 2 row(s) hold values that are not numbers of at most 4 digit(s) before the point and 1 after it ' +
        "(for example '12.25'); nothing was changed. Fix those values in an earlier migration, or keep the current type.",
      fix: async (h) => { await h.knex('prices').whereNot({ id: 1 }).update({ amount: '1.5' }); },
    };
  },
  'a bigint narrowed to an integer while values exceed its range': () => {
    @Table('counters') class V1 { @PrimaryKey() id!: number; @Column({ type: 'bigint' }) hits!: bigint; }
    @Table('counters') class V2 { @PrimaryKey() id!: number; @Column({ type: 'integer' }) hits!: number; }
    return {
      v1: V1, v2: V2, rows: [{ hits: '7' }, { hits: '3000000000' }],
      message: 'Cannot change "counters"."hits" from bigint to integer: 1 row(s) hold values that are not whole numbers from -2147483648 to 2147483647 ' +
        "(for example '3000000000'); nothing was changed. Fix those values in an earlier migration, or keep the current type.",
      fix: async (h) => { await h.knex('counters').update({ hits: '2147483647' }); },
    };
  },
  'a double made an integer while values have fractions': () => {
    @Table('readings') class V1 { @PrimaryKey() id!: number; @Column({ type: 'double' }) value!: number; }
    @Table('readings') class V2 { @PrimaryKey() id!: number; @Column({ type: 'integer' }) value!: number; }
    return {
      v1: V1, v2: V2, rows: [{ value: 3 }, { value: 2.5 }],
      message: 'Cannot change "readings"."value" from double to integer: 1 row(s) hold values that are not whole numbers from -2147483648 to 2147483647 ' +
        "(for example '2.5'); nothing was changed. Fix those values in an earlier migration, or keep the current type.",
      fix: async (h) => { await h.knex('readings').where({ value: 2.5 }).update({ value: -4 }); },
    };
  },
  'text made an integer while values are not numbers': () => {
    @Table('users') class V1 { @PrimaryKey() id!: number; @Column({ type: 'text', nullable: true }) age!: string | null; }
    @Table('users') class V2 { @PrimaryKey() id!: number; @Column({ type: 'integer', nullable: true }) age!: number | null; }
    return {
      v1: V1, v2: V2, rows: [{ age: '42' }, { age: 'abc' }, { age: null }],
      message: 'Cannot change "users"."age" from text to integer: 1 row(s) hold values that are not whole numbers from -2147483648 to 2147483647 ' +
        "(for example 'abc'); nothing was changed. Fix those values in an earlier migration, or keep the current type.",
      fix: async (h) => { await h.knex('users').where({ age: 'abc' }).update({ age: '7' }); },
    };
  },
  'text made a decimal while values are not numbers': () => {
    @Table('prices') class V1 { @PrimaryKey() id!: number; @Column({ type: 'string' }) amount!: string; }
    @Table('prices') class V2 { @PrimaryKey() id!: number; @Column({ type: 'decimal', precision: 6, scale: 2 }) amount!: string; }
    return {
      v1: V1, v2: V2, rows: [{ amount: '12.5' }, { amount: 'n/a' }],
      message: 'Cannot change "prices"."amount" from string(255) to decimal(6, 2): 1 row(s) hold values that are not numbers of at most 4 digit(s) before the point and 2 after it ' +
        "(for example 'n/a'); nothing was changed. Fix those values in an earlier migration, or keep the current type.",
      fix: async (h) => { await h.knex('prices').where({ amount: 'n/a' }).update({ amount: '0' }); },
    };
  },
  'enum values removed while rows hold them': () => {
    @Table('orders') class V1 { @PrimaryKey() id!: number; @Column({ enum: ['new', 'paid', 'shipped'] }) state!: string; }
    @Table('orders') class V2 { @PrimaryKey() id!: number; @Column({ enum: ['new', 'paid'] }) state!: string; }
    return {
      v1: V1, v2: V2, rows: [{ state: 'new' }, { state: 'shipped' }],
      message: `Cannot change "orders"."state" from enum('new', 'paid', 'shipped') to enum('new', 'paid'): 1 row(s) hold values that are not among the enum's ` +
        "(for example 'shipped'); nothing was changed. Fix those values in an earlier migration, or keep the current type.",
      fix: async (h) => { await h.knex('orders').where({ state: 'shipped' }).update({ state: 'paid' }); },
    };
  },
  'a string made an enum whose values do not cover the data': () => {
    @Table('tasks') class V1 { @PrimaryKey() id!: number; @Column({ type: 'string', nullable: true }) level!: string | null; }
    @Table('tasks') class V2 { @PrimaryKey() id!: number; @Column({ type: 'enum', enum: ['low', 'high'], nullable: true }) level!: string | null; }
    return {
      v1: V1, v2: V2, rows: [{ level: 'low' }, { level: 'medium' }, { level: null }],
      message: `Cannot change "tasks"."level" from string(255) to enum('low', 'high'): 1 row(s) hold values that are not among the enum's ` +
        "(for example 'medium'); nothing was changed. Fix those values in an earlier migration, or keep the current type.",
      fix: async (h) => { await h.knex('tasks').where({ level: 'medium' }).update({ level: 'high' }); },
    };
  },
  'a conversion with no exact test, while rows hold values': () => {
    @Table('flags') class V1 { @PrimaryKey() id!: number; @Column({ type: 'text', nullable: true }) on!: string | null; }
    @Table('flags') class V2 { @PrimaryKey() id!: number; @Column({ type: 'boolean', nullable: true }) on!: boolean | null; }
    return {
      v1: V1, v2: V2, rows: [{ on: 'yes' }, { on: null }],
      message: 'Cannot change "flags"."on" from text to boolean: 1 row(s) hold values, and no exact test tells whether each would convert ' +
        "(for example 'yes'); nothing was changed. Write this conversion by hand (convert the values in an earlier migration, or add a new column, fill it and drop the old one), or keep the current type.",
      fix: async (h) => { await h.knex('flags').update({ on: null }); },
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
      const executed = dialect.migrations.runUnit(harness.knex, true, (unit) => executeSteps(unit, planChanges(dialect, actual, changes).flatMap((p) => p.steps)));
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

  it('checks the down of a widening, which is a narrowing, and keeps the migration applied when it refuses', async () => {
    @Table('users') class V1 { @PrimaryKey() id!: number; @Column({ length: 10 }) name!: string; @Column({ type: 'integer' }) visits!: number; }
    @Table('users') class V2 { @PrimaryKey() id!: number; @Column({ type: 'text' }) name!: string; @Column({ type: 'bigint' }) visits!: string; }
    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      await harness.migrate([V1], 'v1');
      await harness.knex('users').insert({ name: 'Ann', visits: 3 });
      const v2 = await harness.migrate([V2], 'v2');
      expect(v2.status === 'written' && v2.source).toContain('refuseMisfits(knex');
      await harness.knex('users').insert({ name: 'Bartholomew Longname', visits: '5000000000' });
      const error = (await harness.down().catch((e: Error) => e)) as Error;
      expect(error.message).toMatch(/^Cannot change "users"\."(visits|name)" from (bigint to integer|text to string\(10\)): 1 row\(s\) hold values/);
      expect((await readHistory(harness.knex, DEFAULT_HISTORY_TABLE)).map((h) => h.name)).toEqual(['20260101000000-v1', '20260101000001-v2']);
      expect(await harness.drift([V2])).toEqual([]);
      await harness.knex('users').where({ name: 'Bartholomew Longname' }).update({ name: 'Bart', visits: 5 });
      await harness.down();
      expect(await harness.drift([V1])).toEqual([]);
      expect((await harness.knex('users').orderBy('id')).map((r: Record<string, unknown>) => [r.name, Number(r.visits)])).toEqual([['Ann', 3], ['Bart', 5]]);
    } finally {
      await harness.close();
    }
  });
});
