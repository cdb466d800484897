import type { Dialect, DialectName } from './dialect';
import { mysql } from './mysql';
import { postgres } from './postgres';
import { betterSqlite, fastestSqliteDriver, nodeSqlite, sqlite, SQLITE_DRIVERS } from './sqlite';

export type { Capabilities, Dialect, DialectName, IntrospectOptions, MigrationLockOptions, UnitOptions } from './dialect';
export { isSqliteDriver, SQLITE_DRIVERS, type SqliteDriverName } from './sqlite';

const DIALECTS: Record<DialectName, Dialect> = { postgres, sqlite, mysql };
const BY_CLIENT: Record<string, Dialect> = {
  pg: postgres, postgres, postgresql: postgres, mysql2: mysql, mysql, mariadb: mysql, sqlite3: sqlite, 'better-sqlite3': betterSqlite, 'node:sqlite': nodeSqlite,
};

/** Whether `name` is the name of one of Strata's dialects. */
export function isDialectName(name: unknown): name is DialectName {
  return typeof name === 'string' && Object.hasOwn(DIALECTS, name);
}

export function dialectNamed(name: DialectName): Dialect {
  return DIALECTS[name];
}

/**
 * The dialect for a knex client name (or a SQLite driver's); `sqlite` means the fastest SQLite driver installed.
 * Undefined for engines Strata does not support.
 */
export function dialectForClient(client: unknown): Dialect | undefined {
  if (client === 'sqlite') return BY_CLIENT[fastestSqliteDriver()];
  return typeof client === 'string' ? BY_CLIENT[client] : undefined;
}

export const SUPPORTED_CLIENTS = ['pg', ...SQLITE_DRIVERS] as const;
