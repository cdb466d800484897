import { ConfigError } from '../config/errors';
import type { Dialect } from './dialect';
import { mysql } from './mysql';
import { mysqlUrl } from './mysql/url';
import { postgres } from './postgres';
import { postgresUrl } from './postgres/url';
import { betterSqlite, fastestSqliteDriver, isSqliteDriver, nodeSqlite, sqlite, SQLITE_DRIVERS, type SqliteDriverName } from './sqlite';
import { sqliteUrl } from './sqlite/url';
import { type DatabaseTarget, maskPassword, type UrlReader } from './target';

export type {
  Capabilities, ConnectionSettings, Dialect, IntrospectOptions, MigrationLockOptions, MigrationPlanner, MigrationPlanState, MigrationRunner, OverLimit,
  SchemaReader, TypeApproximation, UnitOptions,
} from './dialect';
export type { DatabaseTarget } from './target';
export { maskPassword } from './target';

/** The registry: the one module outside the engine folders that names the engines. */
const DIALECTS = { postgres, sqlite, mysql } satisfies Record<string, Dialect>;
const BY_CLIENT: Record<string, Dialect> = {
  pg: postgres, postgres, postgresql: postgres, mysql2: mysql, mysql, mariadb: mysql, sqlite3: sqlite, 'better-sqlite3': betterSqlite, 'node:sqlite': nodeSqlite,
};

/** The engines Strata supports, by the name a dialect gives itself (and a snapshot records). */
export type DialectName = keyof typeof DIALECTS;

export function dialectNamed(name: DialectName): Dialect {
  return DIALECTS[name];
}

/** Whether `name` is the name of an engine Strata supports (a snapshot's `dialect`, say). */
export function isDialectName(name: unknown): name is DialectName {
  return typeof name === 'string' && Object.hasOwn(DIALECTS, name);
}

/**
 * The dialect for a knex client name (or a SQLite driver's); `sqlite` means the fastest SQLite driver installed.
 * Undefined for engines Strata does not support.
 */
export function dialectForClient(client: unknown): Dialect | undefined {
  if (client === 'sqlite') return BY_CLIENT[fastestSqliteDriver()];
  return typeof client === 'string' ? BY_CLIENT[client] : undefined;
}

/** The engines' URL readers, in the order messages list their schemes. */
const URLS: readonly UrlReader[] = [postgresUrl, mysqlUrl, sqliteUrl];

/** The default database when neither a url nor `DATABASE_URL` is given: a SQLite file, which needs no server. */
export const DEFAULT_URL = 'sqlite:./dev.sqlite3';

function readerOf(text: string): UrlReader | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(text)?.[1]?.toLowerCase();
  return URLS.find((reader) => scheme !== undefined && reader.schemes.includes(scheme));
}

/**
 * What a database URL means to knex: `postgres://user:pass@host:5432/db?schema=app`, `postgresql://…`,
 * `mysql://user:pass@host:3306/db`, `mariadb://…`, `sqlite:path/to/file.db`, `sqlite:///absolute/path.db` and
 * `sqlite::memory:` (a SQLite URL may end with `?driver=better-sqlite3`, `node:sqlite` or `sqlite3`; another engine's URL may not).
 * @throws ConfigError naming the URL (password hidden) and the forms Strata reads.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const text = url.trim();
  const display = maskPassword(text);
  const reader = readerOf(text);
  if (reader?.schemes.includes('sqlite:')) return reader.read(text, display);
  let protocol: string;
  try {
    protocol = new URL(text).protocol;
  } catch {
    throw new ConfigError(`The database URL "${display}" is not a valid URL; expected ${URLS.slice(0, -1).map((r) => r.example).join(', ')} or ${URLS.at(-1)!.example}.`);
  }
  if (!reader) {
    const schemes = URLS.flatMap((r) => r.schemes.map((s) => (s === 'sqlite:' ? s : `${s}//`)));
    throw new ConfigError(`The database URL "${display}" uses "${protocol}", which Strata does not support; use ${schemes.slice(0, -1).join(', ')} or ${schemes.at(-1)}.`);
  }
  const target = reader.read(text, display);
  // Only SQLite has several drivers; elsewhere the parameter would reach the driver as a connection setting it ignores.
  if (new URL(text).searchParams.has('driver')) {
    const dialect = dialectForClient(target.client);
    throw new ConfigError(`The database URL "${display}" names a driver (?driver=), which only a sqlite: URL takes, to choose among SQLite's drivers; ${dialect?.label ?? target.client} runs on ${dialect?.client ?? target.client}: remove ?driver= from the URL.`);
  }
  return target;
}

/** A URL written in a config file at `root`: what it names on the local disk (a database file) is relative to that file. */
export function urlRelativeTo(url: string, root: string): string {
  return readerOf(url.trim())?.relativeTo?.(url.trim(), root) ?? url;
}

/** The names the `driver` option takes: the drivers of the engine that has several (SQLite). */
export const DRIVER_NAMES = SQLITE_DRIVERS;
export type DriverName = SqliteDriverName;

/** Whether `name` is one of {@link DRIVER_NAMES}. */
export function isDriverName(name: unknown): name is DriverName {
  return isSqliteDriver(name);
}

/**
 * The dialect a target runs on: its client's; for an engine's name (a URL that names no driver), the driver the
 * `driver` option names, or else the fastest one installed. Refuses a `driver` option Strata does not know, and a
 * client and `driver` option that name two drivers.
 * @throws ConfigError for a client Strata does not support.
 */
export function dialectForTarget(target: Pick<DatabaseTarget, 'client' | 'driver'>, driver: unknown): Dialect {
  if (driver !== undefined && !isSqliteDriver(driver)) {
    throw new ConfigError(`The SQLite driver "${String(driver)}" is not one Strata knows; use one of ${SQLITE_DRIVERS.join(', ')}.`);
  }
  if (isSqliteDriver(target.client) && driver !== undefined && driver !== target.client) {
    throw new ConfigError(`client "${target.client}" and driver "${driver}" name two SQLite drivers; give one.`);
  }
  const dialect = dialectForClient(target.client === 'sqlite' ? (target.driver ?? driver ?? 'sqlite') : target.client);
  if (!dialect) {
    throw new ConfigError(`The knex client "${String(target.client)}" is not supported; use "pg" (PostgreSQL), "mysql2" (MariaDB, MySQL), or "better-sqlite3", "node:sqlite" or "sqlite3" (SQLite).`);
  }
  return dialect;
}
