import type { Dialect, DialectName } from './dialect';
import { postgres } from './postgres';
import { betterSqlite, fastestSqliteDriver, nodeSqlite, sqlite } from './sqlite';

export type { Capabilities, Dialect, DialectName, IntrospectOptions, MigrationLockOptions, UnitOptions } from './dialect';
export { isSqliteDriver, SQLITE_DRIVERS, type SqliteDriverName } from './sqlite';

const DIALECTS: Record<DialectName, Dialect> = { postgres, sqlite };
const BY_CLIENT: Record<string, Dialect> = {
  pg: postgres, postgres, postgresql: postgres, sqlite3: sqlite, 'better-sqlite3': betterSqlite, 'node:sqlite': nodeSqlite,
};

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
