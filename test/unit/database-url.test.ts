import { ConfigError, parseDatabaseUrl } from 'strata-orm';
import { resolveConnection } from '../../src/runtime/knex-config';
import { errorOf } from '../helpers/model';

describe('parseDatabaseUrl', () => {
  it.each([
    ['postgres://u:secret@db.example:5433/app', 'pg', { connectionString: 'postgres://u:secret@db.example:5433/app' }, undefined, 'postgres://u:***@db.example:5433/app'],
    ['postgresql://u@localhost/app?schema=tenant_1&sslmode=disable', 'pg', { connectionString: 'postgresql://u@localhost/app?sslmode=disable' }, 'tenant_1', 'postgresql://u@localhost/app?schema=tenant_1&sslmode=disable'],
    ['sqlite:./dev.sqlite3', 'sqlite3', { filename: './dev.sqlite3' }, undefined, 'sqlite:./dev.sqlite3'],
    ['sqlite:data/app.db', 'sqlite3', { filename: 'data/app.db' }, undefined, 'sqlite:data/app.db'],
    ['sqlite:///var/lib/app.db', 'sqlite3', { filename: '/var/lib/app.db' }, undefined, 'sqlite:///var/lib/app.db'],
    ['sqlite:/var/lib/app.db', 'sqlite3', { filename: '/var/lib/app.db' }, undefined, 'sqlite:/var/lib/app.db'],
    ['sqlite::memory:', 'sqlite3', { filename: ':memory:' }, undefined, 'sqlite::memory:'],
  ])('%s', (url, client, connection, searchPath, display) => {
    expect(parseDatabaseUrl(url)).toEqual({ client, connection, searchPath, display });
  });

  it.each([
    ['mysql://root@localhost/app', /uses "mysql:", which Strata does not support; use postgres:\/\/, postgresql:\/\/ or sqlite:/],
    ['not a url', /"not a url" is not a valid URL; expected postgres:\/\/user:password@host:5432\/database or sqlite:/],
    ['postgres://u:hunter2@', /"postgres:\/\/u:\*\*\*@" is not a valid URL/],
    ['sqlite:', /names no file/],
  ])('refuses %s', (url, message) => {
    const text = errorOf(() => parseDatabaseUrl(url));
    expect(text).toMatch(message);
    expect(text).not.toContain('hunter2');
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

  it('passes a knex client and connection through', () => {
    const resolved = resolveConnection({ client: 'pg', connection: { host: 'h', database: 'd' } }, {});
    expect(resolved.dialect.name).toBe('postgres');
    expect(resolved.config).toMatchObject({ client: 'pg', connection: { host: 'h', database: 'd' } });
  });

  it('sets the PostgreSQL search path from ?schema= or the schema option', () => {
    expect(resolveConnection({ url: 'postgres://h/d?schema=app' }, {}).config.searchPath).toEqual(['app']);
    expect(resolveConnection({ url: 'postgres://h/d', schema: 'other' }, {}).config.searchPath).toEqual(['other']);
  });

  it('refuses unsupported clients and contradictory options', () => {
    expect(errorOf(() => resolveConnection({ client: 'mysql2', connection: {} }, {}))).toMatch(/The knex client "mysql2" is not supported; use "pg" \(PostgreSQL\) or "sqlite3" \(SQLite\)/);
    expect(errorOf(() => resolveConnection({ client: 'pg', url: 'postgres://h/d' }, {}))).toMatch(/either url or client and connection/);
    expect(errorOf(() => resolveConnection({ client: 'pg' }, {}))).toMatch(/client "pg" needs a connection/);
  });
});
