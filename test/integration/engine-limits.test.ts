import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ColumnOptions, EntityDefinitionError, generateMigration, Orm } from 'strata-orm';
import { describeEachDialect, type TestDialect } from '../helpers/dialects';
import { defineEntity } from '../helpers/entities';
import { createSchema } from '../../src/runtime/reset-db';

/**
 * Each case: the columns of one entity (beside its integer key, 4 bytes on MariaDB) and the engines that cannot
 * create its table. The test asks both Strata (migrate:generate and reset_db) and the database (the tables created
 * without that check): they must agree, at the edges of each limit, and Strata must name the property.
 */
interface Case {
  readonly columns: Record<string, ColumnOptions>;
  readonly refusedOn: readonly TestDialect[];
  /** Engines among those that create the table all the same, as another type than asked (which would drift). */
  readonly serverAccepts?: readonly TestDialect[];
  /** What Strata's refusal says, on the first engine that refuses. */
  readonly message?: RegExp;
}

const string = (length: number, nullable = false): ColumnOptions => ({ type: 'string', length, nullable });

const CASES: Record<string, Case> = {
  // A row of MariaDB: 4 (the key) + 16,382 × 4 + 2 = 65,534 bytes.
  'the longest varchar a MariaDB row holds beside an integer key': { columns: { body: string(16_382) }, refusedOn: [] },
  'one character more: a row of 65,538 bytes': {
    columns: { body: string(16_383) }, refusedOn: ['mysql'],
    message: /^Limit: a row of limits may take 65,538 bytes, more than the 65,535 MariaDB\/MySQL allow .*: its widest columns are body \(65,534 bytes\), id \(4 bytes\); make a long string type: 'text', or shorten or remove columns\.$/m,
  },
  'a varchar longer than utf8mb4 allows': {
    columns: { body: string(16_384) }, refusedOn: ['mysql'],
    // Said once, by the column: the row it makes too wide is not a second problem.
    message: /^Limit\.body: length 16,384 is more than a MariaDB\/MySQL VARCHAR holds in utf8mb4 \(16,383 characters\); use type: 'text' \(a LONGTEXT here\), or a length of at most 16,383\.$/,
  },
  'three strings that fit together': { columns: { a: string(8_000), b: string(8_000), c: string(381) }, refusedOn: [] },
  'three strings one character too wide together': { columns: { a: string(8_000), b: string(8_000), c: string(382) }, refusedOn: ['mysql'] },
  'a nullable varchar at the edge, with its null bit': { columns: { body: string(16_382, true) }, refusedOn: [] },
  'and one more nullable integer': { columns: { body: string(16_382, true), rank: { type: 'integer', nullable: true } }, refusedOn: ['mysql'] },
  'the widest decimal beside a varchar that fits': { columns: { amount: { type: 'decimal', precision: 65, scale: 30 }, body: string(16_374) }, refusedOn: [] },
  'the widest decimal beside a varchar one character longer': { columns: { amount: { type: 'decimal', precision: 65, scale: 30 }, body: string(16_375) }, refusedOn: ['mysql'] },
  'a datetime(6) beside a varchar that fits': { columns: { at: { type: 'datetime', precision: 6 }, body: string(16_380) }, refusedOn: [] },
  'a datetime(6) beside a varchar one character longer': { columns: { at: { type: 'datetime', precision: 6 }, body: string(16_381) }, refusedOn: ['mysql'] },
  'text, json and binary beside a long varchar': { columns: { notes: { type: 'text' }, data: { type: 'json' }, blob: { type: 'binary' }, body: string(16_373) }, refusedOn: [] },
  'a decimal of 66 digits': {
    columns: { amount: { type: 'decimal', precision: 66 } }, refusedOn: ['mysql'],
    message: /^Limit\.amount: precision 66 is more digits than a MariaDB\/MySQL DECIMAL holds \(65\)/,
  },
  'a decimal with 39 digits after the point': { columns: { amount: { type: 'decimal', precision: 60, scale: 39 } }, refusedOn: ['mysql'] },
  'a numeric of 1,001 digits': {
    columns: { amount: { type: 'decimal', precision: 1001 } }, refusedOn: ['postgres', 'mysql'],
    message: /^Limit\.amount: precision 1001 is more digits than a PostgreSQL numeric declares \(1,000\); leave out precision and scale/,
  },
  'the longest varchar PostgreSQL declares': { columns: { body: { type: 'string', length: 10_485_760 } }, refusedOn: ['mysql'] },
  'a varchar one character longer': {
    columns: { body: { type: 'string', length: 10_485_761 } }, refusedOn: ['postgres', 'mysql'],
    message: /^Limit\.body: length 10,485,761 is more than a PostgreSQL varchar holds \(10,485,760 characters\); use type: 'text', which has no limit\.$/,
  },
  'a scale over the precision': { columns: { amount: { type: 'decimal', precision: 2, scale: 5 } }, refusedOn: ['mysql'] },
  'a varchar of no characters': { columns: { body: string(0) }, refusedOn: ['postgres'], message: /^Limit\.body: length 0: a PostgreSQL varchar holds at least 1 character\.$/ },
  'a decimal of no digits': {
    columns: { amount: { type: 'decimal', precision: 0 } }, refusedOn: ['postgres', 'mysql'], serverAccepts: ['mysql'],
    message: /^Limit\.amount: precision 0: a PostgreSQL numeric declares 1 digit or more/,
  },
  'an enum value of 63 bytes': { columns: { kind: { type: 'enum', enum: ['é'.repeat(31) + 'x'] } }, refusedOn: [] },
  'an enum value of 64 bytes': {
    columns: { kind: { type: 'enum', enum: ['short', 'é'.repeat(32)] } }, refusedOn: ['postgres'],
    message: /^Limit\.kind: enum value 'é{32}' is 64 bytes long, and PostgreSQL keeps enum values of at most 63 bytes/,
  },
};

/** How each server refuses a table over its limits, so that another failure cannot pass for it. */
const SERVER_REFUSAL: Record<TestDialect, RegExp> = {
  mysql: /Row size too large|Column length too big|Too big precision|Too big scale|M must be >= D/,
  postgres: /length for type varchar|NUMERIC precision \d+ must be between|invalid enum label/,
  sqlite: /SQLite refuses none of these/,
};

describeEachDialect('entities over an engine\'s limits', (db, dialect) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-limits-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const Limit = defineEntity('Limit', 'limits', c.columns);
    const orm = await Orm.connect({ url: db().url, entities: [Limit] });
    try {
      const refused = c.refusedOn.includes(dialect);
      const generated = await generateMigration({ offline: true, dialect: orm.dialect, metadata: orm.metadata, migrationsDir: dir, name: 'limits', dryRun: true })
        .then((result) => result.status, (e: unknown) => e);
      // The server's verdict, asked without Strata's check; then reset_db, which makes the same check as generate.
      const created = await createSchema(orm.knex, orm.dialect, orm.schema).then(() => 'created', (e: unknown) => e);
      const reset = await orm.resetDb({ force: true }).then(() => 'reset', (e: unknown) => e);
      if (refused) {
        expect(generated).toBeInstanceOf(EntityDefinitionError);
        if (c.message && c.refusedOn[0] === dialect) expect((generated as Error).message).toMatch(c.message);
        if (c.serverAccepts?.includes(dialect)) expect(created).toBe('created');
        else expect((created as Error).message).toMatch(SERVER_REFUSAL[dialect]);
        expect(reset).toBeInstanceOf(EntityDefinitionError);
        expect((reset as Error).message).toBe((generated as Error).message);
      } else {
        expect(generated).toBe('dry-run');
        expect(created).toBe('created');
        expect(reset).toBe('reset');
      }
    } finally {
      await orm.close();
    }
  });

  // MariaDB only: the one engine whose limits depend on how a table was created.
  (dialect === 'mysql' ? it : it.skip)('leaves an existing table to the server: a latin1 table\'s varchar may be longer than utf8mb4 allows', async () => {
    const Legacy = defineEntity('Legacy', 'legacy', { body: string(20_000) });
    const orm = await Orm.connect({ url: db().url, entities: [Legacy] });
    try {
      await orm.knex.raw('DROP TABLE IF EXISTS legacy, limits');
      await orm.knex.raw('CREATE TABLE legacy (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, body varchar(20000) NOT NULL) DEFAULT CHARACTER SET latin1');
      const result = await generateMigration({ knex: orm.knex, dialect: orm.dialect, metadata: orm.metadata, migrationsDir: dir, name: 'legacy', dryRun: true });
      expect(result.status).toBe('no-changes');
    } finally {
      await orm.close();
    }
  });
});
