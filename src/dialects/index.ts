import type { Dialect } from './dialect';
import { mysql } from './mysql';
import { postgres } from './postgres';
import { betterSqlite, fastestSqliteDriver, nodeSqlite, sqlite } from './sqlite';

export type {
  Capabilities, ConnectionSettings, Dialect, IntrospectOptions, MigrationLockOptions, MigrationPlanner, MigrationPlanState, MigrationRunner,
  SchemaReader, UnitOptions,
} from './dialect';
export { isSqliteDriver, SQLITE_DRIVERS, type SqliteDriverName } from './sqlite';

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
