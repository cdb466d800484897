import type { Knex } from 'knex';
import { isSqliteDriver, SQLITE_DRIVERS, type SqliteDriverName } from '../dialects/sqlite/drivers';
import { parseMysqlUrl } from '../dialects/mysql/url';
import { ConfigError } from './errors';

/** The default database when neither a url nor `DATABASE_URL` is given. */
export const DEFAULT_URL = 'sqlite:./dev.sqlite3';

/** What a database URL means to knex. */
export interface DatabaseTarget {
  /** `sqlite`: SQLite, on the driver named by `driver`, or else on the fastest one installed. */
  readonly client: 'pg' | 'sqlite' | 'mysql2';
  /** The SQLite driver named by `?driver=`. */
  readonly driver?: SqliteDriverName;
  readonly connection: Knex.StaticConnectionConfig | string;
  /** PostgreSQL schema from `?schema=`; tables and enums are created and read there. */
  readonly searchPath?: string;
  /** The URL with any password replaced by `***`, for messages. */
  readonly display: string;
}

/**
 * Parses `postgres://user:pass@host:5432/db?schema=app`, `postgresql://…`, `sqlite:path/to/file.db`,
 * `sqlite:///absolute/path.db` and `sqlite::memory:`; a SQLite URL may end with `?driver=better-sqlite3`
 * (or `node:sqlite`, `sqlite3`).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const text = url.trim();
  if (/^sqlite:/i.test(text)) {
    const query = /\?driver=([^?&]*)$/.exec(text);
    const filename = text.slice('sqlite:'.length, query?.index).replace(/^\/\/(?=\/|\.|[^/])/, '');
    if (filename === '') throw new ConfigError(`The database URL "${text}" names no file; use sqlite:./dev.sqlite3, sqlite:/absolute/path.db or sqlite::memory:.`);
    if (!query) return { client: 'sqlite', connection: { filename }, display: text };
    const driver = decodeURIComponent(query[1]!);
    if (!isSqliteDriver(driver)) {
      throw new ConfigError(`The database URL "${text}" names the SQLite driver "${driver}", which Strata does not know; use ?driver= with one of ${SQLITE_DRIVERS.join(', ')}.`);
    }
    return { client: 'sqlite', driver, connection: { filename }, display: text };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(`The database URL "${maskPassword(text)}" is not a valid URL; expected postgres://user:password@host:5432/database or sqlite:./file.sqlite3.`);
  }
  const display = maskPassword(text);
  if (parsed.protocol === 'mysql:' || parsed.protocol === 'mariadb:') return { client: 'mysql2', connection: parseMysqlUrl(parsed, display), display };
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`The database URL "${display}" uses "${parsed.protocol}", which Strata does not support; use postgres://, postgresql://, mysql://, mariadb:// or sqlite:.`);
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new ConfigError(`The database URL "${display}" names no host; expected postgres://user:password@host:5432/database.`);
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { client: 'pg', connection: { connectionString: parsed.toString() }, searchPath: schema, display };
}

/** `postgres://u:secret@h/db` → `postgres://u:***@h/db`. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
