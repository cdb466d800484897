import { fitRules } from '../../src/changes/conversion';
import { mysqlMisfit } from '../../src/dialects/mysql/misfits';
import { postgresMisfit } from '../../src/dialects/postgres/misfits';
import { sqliteMisfit } from '../../src/dialects/sqlite/misfits';
import { column, table } from '../../src/schema/factories';
import type { Column } from '../../src/schema/model';
import { executeSteps } from '../../src/steps/execute';
import { Orm } from 'strata-orm';
import { describeEachDialect, type TestDialect } from '../helpers/dialects';

/** A value, and whether it must be refused: on every engine, or per engine where their types differ. */
type Expect = boolean | Record<TestDialect, boolean>;

interface Probe {
  readonly from: Column;
  readonly to: Column;
  readonly values: readonly (readonly [unknown, Expect])[];
  /** Values only PostgreSQL can hold (NaN, Infinity). */
  readonly postgresOnly?: readonly (readonly [unknown, Expect])[];
}

const c = (type: Column['type'], extra: Partial<Column> = {}): Column => column({ name: 'x', type, nullable: true, ...extra });
const T = true;
const F = false;

const PROBES: Record<string, Probe> = {
  'text → integer takes what PostgreSQL reads as an integer': {
    from: c('text'), to: c('integer'),
    values: [['42', F], [' 12 ', F], ['+5', F], ['007', F], ['-2147483648', F], ['2147483648', T], ['12.0', T], ['1e3', T], ['abc', T], ['', T], ['99999999999999999999', T], [null, F]],
  },
  'text → bigint': { from: c('text'), to: c('bigint'), values: [['9223372036854775807', F], ['9223372036854775808', T], ['-9223372036854775808', F]] },
  'double → integer': {
    from: c('double'), to: c('integer'),
    values: [[3, F], [2.5, T], [1e20, T], [2147483647, F], [2147483648, T], [-2147483648, F]],
    postgresOnly: [['NaN', T], ['Infinity', T]],
  },
  // SQLite's type affinity leaves -2^63 a REAL in an integer column, so it refuses what PostgreSQL converts.
  'double → bigint': { from: c('double'), to: c('bigint'), values: [[9223372036854775807, T], [-9223372036854775808, { postgres: F, sqlite: T, mysql: F }], [1.5, T]] },
  'bigint → integer': { from: c('bigint'), to: c('integer'), values: [['2147483647', F], ['2147483648', T], ['-2147483648', F], ['-2147483649', T]] },
  'string → string(3) counts characters': { from: c('string'), to: c('string', { length: 3 }), values: [['abc', F], ['abcd', T], ['éèà', F]] },
  'decimal(10, 2) → decimal(5, 1)': {
    from: c('decimal', { precision: 10, scale: 2 }), to: c('decimal', { precision: 5, scale: 1 }),
    values: [['1234.50', F], ['12345.50', T], ['0.05', T], ['-1234.50', F], ['9999.90', F]],
  },
  'text → decimal(5, 2)': {
    from: c('text'), to: c('decimal', { precision: 5, scale: 2 }),
    values: [['1e2', F], ['.5', F], [' 12.5 ', F], ['-999.99', F], ['1.005', T], ['999.995', T], ['1000', T], ['-1000', T], ['abc', T]],
  },
  'integer → decimal(5, 2)': { from: c('integer'), to: c('decimal', { precision: 5, scale: 2 }), values: [[999, F], [-999, F], [1000, T], [-2147483648, T]] },
  'bigint → decimal(5, 2)': { from: c('bigint'), to: c('decimal', { precision: 5, scale: 2 }), values: [['999', F], ['-9223372036854775808', T]] },
  'bigint → decimal(18, 0) keeps large integers': { from: c('bigint'), to: c('decimal', { precision: 18, scale: 0 }), values: [['9007199254740993', F], ['999999999999999999', F], ['1000000000000000000', T]] },
  // SQLite reads text into a decimal through a double, and cannot tell which numbers beyond 2^53 it rounded.
  'text → decimal': {
    from: c('text'), to: c('decimal'),
    values: [['9007199254740991', F], ['12345678901234567', { postgres: F, sqlite: T, mysql: F }], ['12345678901234567.5', { postgres: F, sqlite: T, mysql: F }], ['1.5', F], ['x', T]],
  },
  'bigint → double refuses integers a double may have rounded': {
    from: c('bigint'), to: c('double'), values: [['9007199254740992', F], ['9007199254740993', T], ['-9007199254740993', T], ['-9223372036854775808', T], ['-5', F]],
  },
  'text → double': { from: c('text'), to: c('double'), values: [['1.5', F], ['0.30000000000000004', F], ['x', T], ['1e400', T]] },
  // PostgreSQL's float has 4 bytes; SQLite stores a float in 8, so it loses nothing there.
  'double → float': {
    from: c('double'), to: c('float'),
    values: [[0.5, F], [0.1, F], [0.123456789, { postgres: T, sqlite: F, mysql: T }], [1e39, { postgres: T, sqlite: F, mysql: T }], [1e-50, { postgres: T, sqlite: F, mysql: T }]],
    postgresOnly: [['NaN', F], ['Infinity', F]],
  },
};

/**
 * Each engine's test of which values do not survive a type change, run on real values of the source type
 * (and, on SQLite, on the rows as copied into a table of the target type): it never fails with a cast
 * error, and refuses exactly the values expected.
 */
describeEachDialect('which values a type change refuses', (db, dialect) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [] });
  });
  afterAll(async () => {
    await orm?.close();
  });

  it.each(Object.keys(PROBES))('%s', async (name) => {
    const probe = PROBES[name]!;
    const values = [...probe.values, ...(dialect === 'postgres' ? probe.postgresOnly ?? [] : [])];
    const knex = orm.knex;
    const create = async (tableName: string, x: Column): Promise<void> => {
      await knex.schema.dropTableIfExists(tableName);
      const model = table({ name: tableName, columns: [column({ name: 'id', type: 'integer' }), x] });
      await executeSteps(knex, orm.dialect.planner.plan({ kind: 'createTable', table: model }, { tables: [], enums: [] }, { tables: [model], enums: [] }, orm.dialect.planner.begin()));
    };
    await create('probe_from', probe.from);
    await knex('probe_from').insert(values.map(([x], id) => ({ id, x })));
    const rules = fitRules(probe.from, probe.to, {});
    expect(rules).not.toEqual([]);

    let refused: number[];
    if (dialect === 'postgres') {
      const where = rules.map((rule) => `(${postgresMisfit(rule, probe.from, '"x"')})`).join(' OR ');
      refused = ((await knex.raw(`SELECT id FROM probe_from WHERE "x" IS NOT NULL AND (${where}) ORDER BY id`)).rows as { id: number }[]).map((r) => r.id);
    } else if (dialect === 'mysql') {
      const where = rules.map((rule) => `(${mysqlMisfit(rule, probe.from, '"x"')})`).join(' OR ');
      refused = ((await knex.raw(`SELECT id FROM probe_from WHERE "x" IS NOT NULL AND (${where}) ORDER BY id`)) as [{ id: number }[]])[0].map((r) => r.id);
    } else {
      await create('probe_to', probe.to);
      await knex.raw('INSERT INTO probe_to (id, x) SELECT id, x FROM probe_from');
      const tests = rules.flatMap((rule) => sqliteMisfit(rule, probe.from, '"x"'));
      const ids = new Set<number>();
      for (const test of tests) {
        const source = test.phase === 'beforeCopy' ? 'probe_from' : 'probe_to';
        for (const row of (await knex.raw(`SELECT id FROM ${source} WHERE "x" IS NOT NULL AND (${test.where})`)) as { id: number }[]) ids.add(row.id);
      }
      refused = [...ids].sort((a, b) => a - b);
    }
    const expected = values.flatMap(([, e], id) => ((typeof e === 'boolean' ? e : e[dialect]) ? [id] : []));
    expect(refused.map((id) => values[id]![0])).toEqual(expected.map((id) => values[id]![0]));
  });
});
