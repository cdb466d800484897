import { ConfigError, parseDatabaseUrl } from 'strata-orm';
import { resolveConnection } from '../../src/runtime/knex-config';
import { errorOf } from '../helpers/model';

describe('parseDatabaseUrl', () => {
  it.each([
    ['postgres://u:secret@db.example:5433/app', 'pg', { connectionString: 'postgres://u:secret@db.example:5433/app' }, undefined, 'postgres://u:***@db.example:5433/app'],
    ['postgresql://u@localhost/app?schema=tenant_1&sslmode=disable', 'pg', { connectionString: 'postgresql://u@localhost/app?sslmode=disable' }, 'tenant_1', 'postgresql://u@localhost/app?schema=tenant_1&sslmode=disable'],
    ['sqlite:./dev.sqlite3', 'sqlite', { filename: './dev.sqlite3' }, undefined, 'sqlite:./dev.sqlite3'],
    ['sqlite:data/app.db', 'sqlite', { filename: 'data/app.db' }, undefined, 'sqlite:data/app.db'],
    ['sqlite:///var/lib/app.db', 'sqlite', { filename: '/var/lib/app.db' }, undefined, 'sqlite:///var/lib/app.db'],
    ['sqlite:/var/lib/app.db', 'sqlite', { filename: '/var/lib/app.db' }, undefined, 'sqlite:/var/lib/app.db'],
    ['sqlite::memory:', 'sqlite', { filename: ':memory:' }, undefined, 'sqlite::memory:'],
    ['mysql://app:s%40cret@db.example:3307/shop', 'mysql2', { host: 'db.example', port: 3307, user: 'app', password: 's@cret', database: 'shop' }, undefined, 'mysql://app:***@db.example:3307/shop'],
    ['mariadb://root@127.0.0.1/test', 'mysql2', { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' }, undefined, 'mariadb://root@127.0.0.1/test'],
  ])('%s', (url, client, connection, searchPath, display) => {
    expect(parseDatabaseUrl(url)).toEqual({ client, connection, searchPath, display });
  });

  it.each([
    ['oracle://root@localhost/app', /uses "oracle:", which Strata does not support; use postgres:\/\/, postgresql:\/\/, mysql:\/\/, mariadb:\/\/ or sqlite:/],
    ['mysql://root@localhost', /"mysql:\/\/root@localhost" names no database; expected mysql:\/\/user:password@host:3306\/database/],
    ['mysql://root:pw@h:3306/d?sslmode=require&ssl=1', /"mysql:\/\/root:\*\*\*@h:3306\/d" has parameters \(\?sslmode=, \?ssl=\) that Strata does not read on MariaDB\/MySQL.*\{ client: 'mysql2', connection: \{ host, port, user, password, database, ssl \} \}/],
    ['mariadb://h/d?charset=latin1', /has a parameter \(\?charset=\) that Strata does not read/],
    ['not a url', /"not a url" is not a valid URL; expected postgres:\/\/user:password@host:5432\/database, mysql:\/\/user:password@host:3306\/database or sqlite:/],
    ['postgres://u:hunter2@', /"postgres:\/\/u:\*\*\*@" is not a valid URL/],
    ['sqlite:', /names no file/],
  ])('refuses %s', (url, message) => {
    const text = errorOf(() => parseDatabaseUrl(url));
    expect(text).toMatch(message);
    expect(text).not.toContain('hunter2');
  });

  it.each(['better-sqlite3', 'node:sqlite', 'sqlite3'])('reads ?driver=%s', (driver) => {
    expect(parseDatabaseUrl(`sqlite:./app.db?driver=${driver}`)).toEqual({ client: 'sqlite', driver, connection: { filename: './app.db' }, display: `sqlite:./app.db?driver=${driver}` });
    expect(parseDatabaseUrl(`sqlite::memory:?driver=${driver}`)).toMatchObject({ driver, connection: { filename: ':memory:' } });
  });

  it('refuses a SQLite driver it does not know', () => {
    expect(errorOf(() => parseDatabaseUrl('sqlite:./app.db?driver=sqlite4'))).toMatch(/names the SQLite driver "sqlite4", which Strata does not know; use \?driver= with one of better-sqlite3, node:sqlite, sqlite3/);
  });

  it('throws ConfigError', () => {
    expect(() => parseDatabaseUrl('ftp://x')).toThrow(ConfigError);
  });
});

describe('resolveConnection', () => {
  it('defaults to DATABASE_URL, then to sqlite:./dev.sqlite3', () => {
    expect(resolveConnection({}, {}).config.connection).toEqual({ filename: './dev.sqlite3' });
    expect(resolveConnection({}, { DATABASE_URL: 'sqlite::memory:' }).config.connection).toEqual({ filename: ':memory:' });
    expect(resolveConnection({ url: 'sqlite:x.db' }, { DATABASE_URL: 'sqlite::memory:' }).config.connection).toEqual({ filename: 'x.db' });
  });

  it('refuses to fall back to the SQLite file under NODE_ENV=production, where a missing DATABASE_URL is a mistake', () => {
    const production = { NODE_ENV: 'production' };
    expect(() => resolveConnection({}, production)).toThrow(ConfigError);
    expect(errorOf(() => resolveConnection({}, { ...production, DATABASE_URL: '' }))).toBe(
      'No database URL is given (no url, and DATABASE_URL is not set), and NODE_ENV is production, where Strata does not fall back to sqlite:./dev.sqlite3, ' +
        'a new, empty database there. Set DATABASE_URL, or give the URL (the url option; --url or url in orm.config.ts for the CLI).',
    );
    // A URL given, even the same file, is the user's choice.
    expect(resolveConnection({}, { ...production, DATABASE_URL: 'sqlite::memory:' }).config.connection).toEqual({ filename: ':memory:' });
    expect(resolveConnection({ url: 'sqlite:./dev.sqlite3' }, production).config.connection).toEqual({ filename: './dev.sqlite3' });
    expect(resolveConnection({ client: 'pg', connection: { host: 'h' } }, production).dialect.name).toBe('postgres');
  });

  it('gives mysql2 the settings that keep values exact, under the user\'s', () => {
    const resolved = resolveConnection({ url: 'mysql://root@h/d' }, {});
    expect(resolved.dialect.name).toBe('mysql');
    expect(resolved.config).toMatchObject({ client: 'mysql2', connection: { host: 'h', database: 'd', timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true, dateStrings: ['DATE'] } });
    expect(resolveConnection({ client: 'mysql2', connection: { host: 'h', timezone: '+01:00' } }, {}).config.connection).toMatchObject({ host: 'h', timezone: '+01:00', charset: 'utf8mb4' });
  });

  it('passes a knex client and connection through', () => {
    const resolved = resolveConnection({ client: 'pg', connection: { host: 'h', database: 'd' } }, {});
    expect(resolved.dialect.name).toBe('postgres');
    expect(resolved.config).toMatchObject({ client: 'pg', connection: { host: 'h', database: 'd' } });
  });

  it('sets the PostgreSQL search path from ?schema= or the schema option', () => {
    // The schema is set on each new connection by the pool (see postgres/session.ts), not through knex's searchPath.
    const setup = (options: Parameters<typeof resolveConnection>[0]) => (resolveConnection(options, {}).config.pool as { afterCreate?: unknown } | undefined)?.afterCreate;
    expect(setup({ url: 'postgres://h/d?schema=app' })).toBeInstanceOf(Function);
    expect(setup({ url: 'postgres://h/d', schema: 'other' })).toBeInstanceOf(Function);
    expect(setup({ url: 'postgres://h/d' })).toBeUndefined();
  });

  it('picks the SQLite driver: ?driver= first, then the driver option, then the fastest installed', () => {
    expect(resolveConnection({ url: 'sqlite:a.db?driver=sqlite3', driver: 'better-sqlite3' }, {}).dialect.client).toBe('sqlite3');
    expect(resolveConnection({ url: 'sqlite:a.db', driver: 'sqlite3' }, {}).dialect.client).toBe('sqlite3');
    expect(resolveConnection({ url: 'sqlite:a.db' }, {}).dialect.client).toBe('better-sqlite3');
    expect(resolveConnection({ client: 'node:sqlite', connection: { filename: ':memory:' } }, {}).dialect.client).toBe('node:sqlite');
    expect(resolveConnection({ url: 'sqlite:a.db?driver=node:sqlite' }, {}).dialect.name).toBe('sqlite');
  });

  it.each([
    ['postgres://u:secret@h/d?driver=better-sqlite3', 'postgres://u:***@h/d?driver=better-sqlite3', 'PostgreSQL runs on pg'],
    ['postgresql://h/d?schema=app&driver=pg', 'postgresql://h/d?schema=app&driver=pg', 'PostgreSQL runs on pg'],
    ['mysql://root@h:3306/d?driver=sqlite3', 'mysql://root@h:3306/d?driver=sqlite3', 'MariaDB/MySQL runs on mysql2'],
    ['mariadb://h/d?driver=', 'mariadb://h/d?driver=', 'MariaDB/MySQL runs on mysql2'],
  ])('refuses ?driver= on a URL of an engine with one driver: %s', (url, display, engine) => {
    const message = errorOf(() => parseDatabaseUrl(url));
    expect(message).toBe(`The database URL "${display}" names a driver (?driver=), which only a sqlite: URL takes, to choose among SQLite's drivers; ${engine}: remove ?driver= from the URL.`);
  });

  it('leaves the driver option to SQLite URLs: a config file may name one for development while DATABASE_URL names a server', () => {
    expect(resolveConnection({ url: 'postgres://h/d', driver: 'better-sqlite3' }, {}).dialect.client).toBe('pg');
    expect(resolveConnection({ url: 'mysql://h/d', driver: 'node:sqlite' }, {}).dialect.client).toBe('mysql2');
  });

  it('refuses a driver option it does not know, and two drivers at once', () => {
    expect(errorOf(() => resolveConnection({ url: 'sqlite:a.db', driver: 'sqlite4' as 'sqlite3' }, {}))).toMatch(/The SQLite driver "sqlite4" is not one Strata knows/);
    expect(errorOf(() => resolveConnection({ client: 'sqlite3', connection: { filename: 'a' }, driver: 'better-sqlite3' }, {}))).toMatch(/name two SQLite drivers/);
  });

  it('refuses unsupported clients and contradictory options', () => {
    expect(errorOf(() => resolveConnection({ client: 'oracledb', connection: {} }, {}))).toMatch(/The knex client "oracledb" is not supported; use "pg" \(PostgreSQL\), "mysql2" \(MariaDB, MySQL\), or "better-sqlite3", "node:sqlite" or "sqlite3" \(SQLite\)/);
    expect(errorOf(() => resolveConnection({ client: 'pg', url: 'postgres://h/d' }, {}))).toMatch(/either url or client and connection/);
    expect(errorOf(() => resolveConnection({ client: 'pg' }, {}))).toMatch(/client "pg" needs a connection/);
  });
});
