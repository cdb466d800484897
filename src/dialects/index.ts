import type { Dialect, DialectName } from './dialect';
import { postgres } from './postgres';
import { sqlite } from './sqlite';

export type { Capabilities, Dialect, DialectName, IntrospectOptions, MigrationLockOptions, UnitOptions } from './dialect';

const DIALECTS: Record<DialectName, Dialect> = { postgres, sqlite };
const BY_CLIENT: Record<string, Dialect> = { pg: postgres, postgres, postgresql: postgres, sqlite3: sqlite, sqlite };

export function dialectNamed(name: DialectName): Dialect {
  return DIALECTS[name];
}

/** The dialect for a knex client name; undefined for engines Strata does not support. */
export function dialectForClient(client: unknown): Dialect | undefined {
  return typeof client === 'string' ? BY_CLIENT[client] : undefined;
}

export const SUPPORTED_CLIENTS = ['pg', 'sqlite3'] as const;
