import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';

export type TestDialect = 'postgres' | 'sqlite' | 'mysql';
const ALL: readonly TestDialect[] = ['postgres', 'sqlite', 'mysql'];

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The MariaDB (or MySQL) server the MariaDB suites create their databases on: any database of it, as the user that may create more. */
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/**
 * Set when TEST_DATABASE_URL goes through a connection pooler (scripts/test.sh's PgBouncer pass): the server itself,
 * where each test file gets a database of its own, as a schema (`?schema=`, a session setting) cannot be kept
 * through a pooler in transaction mode.
 */
const TEST_DIRECT_DATABASE_URL = process.env.TEST_DIRECT_DATABASE_URL;

const SQLITE_DRIVERS = ['better-sqlite3', 'node:sqlite', 'sqlite3'] as const;
export type TestSqliteDriver = (typeof SQLITE_DRIVERS)[number];

/**
 * The SQLite driver the SQLite suites run on: `TEST_SQLITE_DRIVER` (better-sqlite3, node:sqlite or sqlite3),
 * better-sqlite3 by default. `npm test` runs the SQLite runtime and migration suites once more on each of the
 * others (scripts/test.sh).
 */
export function testSqliteDriver(): TestSqliteDriver {
  const driver = process.env.TEST_SQLITE_DRIVER?.trim() || 'better-sqlite3';
  if (!(SQLITE_DRIVERS as readonly string[]).includes(driver)) {
    throw new Error(`TEST_SQLITE_DRIVER names an unknown SQLite driver "${driver}" (known: ${SQLITE_DRIVERS.join(', ')}).`);
  }
  return driver as TestSqliteDriver;
}

/** Why the SQLite suites cannot run on this Node.js with the chosen driver, if they cannot. */
export function sqliteDriverMissing(): string | undefined {
  if (testSqliteDriver() !== 'node:sqlite') return undefined;
  try {
    require('node:sqlite');
    return undefined;
  } catch {
    return `Node.js ${process.version} has no node:sqlite (it needs 22.13 or later)`;
  }
}

/** A SQLite URL for a file (or `:memory:`) on the driver under test (or the one given). */
export function sqliteUrl(filename: string, driver: TestSqliteDriver = testSqliteDriver()): string {
  return `sqlite:${filename}?driver=${driver}`;
}

/**
 * The engines to test: all of them, unless `STRATA_TEST_DIALECTS` (e.g. `sqlite`) narrows the list
 * outside CI. In CI every engine runs, and a suite that cannot reach its database fails; only a pass on one more
 * SQLite driver (`TEST_SQLITE_DRIVER` set, see scripts/test.sh) narrows it there.
 */
export function testDialects(): TestDialect[] {
  const requested = process.env.STRATA_TEST_DIALECTS?.split(',').map((d) => d.trim()).filter(Boolean);
  if (!requested || requested.length === 0) return [...ALL];
  const unknown = requested.filter((d) => !ALL.includes(d as TestDialect));
  if (unknown.length) throw new Error(`STRATA_TEST_DIALECTS names unknown engines: ${unknown.join(', ')} (known: ${ALL.join(', ')}).`);
  // The extra passes of scripts/test.sh run the SQLite suites on one more driver, after the full run.
  if (process.env.CI && requested.length < ALL.length && !process.env.TEST_SQLITE_DRIVER && !TEST_DIRECT_DATABASE_URL) {
    throw new Error('STRATA_TEST_DIALECTS cannot narrow the engines in CI: every engine must run there.');
  }
  return requested as TestDialect[];
}

export interface TestDatabase {
  readonly dialect: TestDialect;
  /** A URL to a database (PostgreSQL: a schema of its own) that only this test file uses. */
  readonly url: string;
  /** A URL to the same database without the pooler, when `url` goes through one (for migrations); else `url`. */
  readonly directUrl: string;
  /** Drops the schema or deletes the file. */
  cleanup(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, isolated database: a new PostgreSQL schema, or a new SQLite file, named after `label`, whose URL names
 * the SQLite driver under test, or `sqliteDriver` (the projects of test/fresh install sqlite3 alone).
 */
export async function createTestDatabase(dialect: TestDialect, label: string, sqliteDriver?: TestSqliteDriver): Promise<TestDatabase> {
  const slug = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${process.pid}_${++counter}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'strata-test-'));
    const url = sqliteUrl(join(dir, `${slug}.sqlite3`), sqliteDriver);
    return { dialect, url, directUrl: url, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'mysql') return createMysqlDatabase(slug);
  if (TEST_DIRECT_DATABASE_URL) return createPooledDatabase(label, TEST_DATABASE_URL, TEST_DIRECT_DATABASE_URL);
  const schema = `t_${slug}`;
  const admin = knexFactory({ client: 'pg', connection: TEST_DATABASE_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.raw(`CREATE SCHEMA "${schema}"`);
  } catch (error) {
    await admin.destroy();
    throw new Error(`Cannot prepare a PostgreSQL schema at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL, or STRATA_TEST_DIALECTS=sqlite outside CI): ${(error as Error).message}`);
  }
  const separator = TEST_DATABASE_URL.includes('?') ? '&' : '?';
  const url = `${TEST_DATABASE_URL}${separator}schema=${schema}`;
  return {
    dialect,
    url,
    directUrl: url,
    cleanup: async () => {
      try {
        await admin.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

/** A MariaDB database of its own, named `t_<slug>`, on the server of TEST_MYSQL_URL. */
async function createMysqlDatabase(slug: string): Promise<TestDatabase> {
  const name = `t_${slug}`.slice(0, 64);
  const admin = knexFactory({ client: 'mysql2', connection: TEST_MYSQL_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch (error) {
    await admin.destroy();
    throw new Error(`Cannot create a MariaDB database at ${TEST_MYSQL_URL} (set TEST_MYSQL_URL, or STRATA_TEST_DIALECTS=postgres,sqlite outside CI): ${(error as Error).message}`);
  }
  const url = new URL(TEST_MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    dialect: 'mysql',
    url: url.toString(),
    directUrl: url.toString(),
    cleanup: async () => {
      try {
        await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await admin.destroy();
      }
    },
  };
}

/**
 * A PostgreSQL database of its own, named after `label`, created on the server of `directUrl` and reached through
 * the pooler of `pooledUrl` (its `url`) or directly (its `directUrl`).
 */
export async function createPooledDatabase(label: string, pooledUrl: string, directUrl: string): Promise<TestDatabase> {
  const name = `t_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${process.pid}_${++counter}`;
  const admin = knexFactory({ client: 'pg', connection: directUrl, pool: { min: 0, max: 1 } });
  const withDatabase = (url: string): string => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };
  try {
    await admin.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.raw(`CREATE DATABASE "${name}"`);
  } catch (error) {
    await admin.destroy();
    throw new Error(`Cannot create a PostgreSQL database at ${directUrl}: ${(error as Error).message}`);
  }
  return {
    dialect: 'postgres',
    url: withDatabase(pooledUrl),
    directUrl: withDatabase(directUrl),
    cleanup: async () => {
      try {
        // The pooler keeps server connections to it open: they are ended with it.
        await admin.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

/**
 * `describe` once per engine, with an isolated database created before the block and removed after.
 * @example describeEachDialect('reset_db', (db) => { it('…', async () => { … db().url … }) });
 */
export function describeEachDialect(name: string, body: (db: () => TestDatabase, dialect: TestDialect) => void): void {
  for (const dialect of testDialects()) {
    const missing = dialect === 'sqlite' ? sqliteDriverMissing() : undefined;
    if (missing) {
      describe.skip(`${name} [sqlite, ${testSqliteDriver()}]: skipped, ${missing}`, () => body(() => { throw new Error(missing); }, dialect));
      continue;
    }
    describe(`${name} [${dialect === 'sqlite' ? `sqlite, ${testSqliteDriver()}` : dialect}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(dialect, name);
      });
      afterAll(async () => {
        await database?.cleanup();
      });
      body(() => {
        if (!database) throw new Error('the test database was not created (see the beforeAll error)');
        return database;
      }, dialect);
    });
  }
}

/**
 * Inserts one row with knex and returns its id: through RETURNING where the engine has it, else the driver's insert
 * id (knex warns that `.returning()` has no effect on MariaDB, and returns that id anyway).
 */
export async function insertId(knex: Knex, table: string, row: Record<string, unknown>): Promise<number> {
  const [inserted] = knex.client.config.client === 'mysql2' ? await knex(table).insert(row) : await knex(table).insert(row, ['id']);
  return Number(typeof inserted === 'object' && inserted !== null ? (inserted as { id: number }).id : inserted);
}
