import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { Column, ConnectionError, Orm, PrimaryKey, Table } from 'strata-orm';
import { resolveConnection } from '../../src/runtime/knex-config';
import { TEST_DATABASE_URL, TEST_MYSQL_URL, testDialects } from '../helpers/dialects';
import { SilentServer } from '../helpers/silent-server';

@Table('notes')
class Note {
  @PrimaryKey() id!: number;
  @Column() text!: string;
}

const withPostgres = testDialects().includes('postgres') ? describe : describe.skip;
const base = new URL(TEST_DATABASE_URL);

withPostgres('Orm.connect to PostgreSQL', () => {
  it('names the server it could not reach, without the password', async () => {
    const url = `postgres://${base.username}:s3cret@127.0.0.1:1/${base.pathname.slice(1)}`;
    const error = await Orm.connect({ url, entities: [Note] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/^Cannot connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/\w+: .*ECONNREFUSED.*Is the database server running/);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('says what answered is not a PostgreSQL server when the connection is closed at once', async () => {
    const closing = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    try {
      const url = `postgres://app:s3cret@127.0.0.1:${(closing.address() as AddressInfo).port}/app`;
      const error = await Orm.connect({ url, entities: [Note] }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toMatch(/^Cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/app: Connection terminated unexpectedly\. Something at that host and port answered but is not a PostgreSQL server that accepts the connection: check the host and port in the URL/);
    } finally {
      await new Promise((resolve) => closing.close(resolve));
    }
  });

  it('says to create a schema that does not exist, rather than running in none', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('schema', 'strata_no_such_schema');
    const error = await Orm.connect({ url: url.toString(), entities: [Note] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/: The schema "strata_no_such_schema" \(\?schema= in the URL, or schema in the configuration\) does not exist in this database: create it \(CREATE SCHEMA "strata_no_such_schema"\), or fix its name\.$/);
  });

  it('says to create a database that does not exist', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = '/strata_no_such_database';
    await expect(Orm.connect({ url: url.toString(), entities: [Note] })).rejects.toThrow(/database "strata_no_such_database" does not exist\. Create the database first/);
  });
});

const withMysql = testDialects().includes('mysql') ? describe : describe.skip;

withMysql('Orm.connect to MariaDB', () => {
  const server = new URL(TEST_MYSQL_URL);
  const as = (user: string): string => `mysql://${user}:s3cret@${server.host}${server.pathname}`;

  // MariaDB answers a wrong password with 1045, and a user it does not know with 1045 or 1698, by the name (10.11:
  // 1698 for "nobody", 1045 for "strata_nobody").
  it.each([['a wrong password', 'root'], ['a user that does not exist', 'strata_nobody'], ['another user that does not exist', 'nobody']])('says to check the user name and password for %s', async (_case, user) => {
    const error = await Orm.connect({ url: as(user), entities: [Note] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(new RegExp(`^Cannot connect to mysql://${user}:\\*\\*\\*@.*: Access denied for user '${user}'.*\\. Check the user name and password in the URL`));
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('Orm.connect to a server that accepts the connection and never answers', () => {
  let server: SilentServer;
  beforeAll(async () => {
    server = await SilentServer.start();
  });
  afterAll(() => server.close());

  it('fails after connectTimeoutMs with a ConnectionError naming the URL, its password hidden', async () => {
    const started = Date.now();
    const error = await Orm.connect({ url: server.url, entities: [Note], connectTimeoutMs: 500 }).catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/^Cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/app: no answer within 0\.5 s\. .*--connect-timeout/);
  });

  it('waits 10 s by default', () => {
    expect(resolveConnection({ url: server.url }).config.connection).toMatchObject({ connectionTimeoutMillis: 10_000 });
    expect(resolveConnection({ url: server.url, connectTimeoutMs: 3000 }).config.connection).toMatchObject({ connectionTimeoutMillis: 3000 });
  });
});

describe('Orm.connect to SQLite', () => {
  it('keeps an in-memory database alive across queries and closes cleanly', async () => {
    const orm = await Orm.connect({ url: 'sqlite::memory:', entities: [Note] });
    await orm.resetDb();
    await orm.knex('notes').insert({ text: 'kept' });
    await new Promise((r) => setTimeout(r, 20));
    expect(await orm.knex('notes').pluck('text')).toEqual(['kept']);
    await orm.close();
  });

  it('accepts a knex client and connection', async () => {
    const orm = await Orm.connect({ client: 'sqlite3', connection: { filename: ':memory:' }, entities: [Note] });
    expect(orm.dialect.name).toBe('sqlite');
    await orm.close();
  });

  it('turns foreign keys on for every connection', async () => {
    const orm = await Orm.connect({ url: 'sqlite::memory:', entities: [Note] });
    expect(await orm.knex.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await orm.close();
  });

  it('names a file it cannot open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-'));
    try {
      await expect(Orm.connect({ url: `sqlite:${dir}/missing/dir/app.db`, entities: [Note] }))
        .rejects.toThrow(/^Cannot connect to sqlite:.*missing\/dir\/app\.db: .*SQLITE_CANTOPEN.*Does the file's directory exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
