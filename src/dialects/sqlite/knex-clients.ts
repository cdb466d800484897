import type { Knex } from 'knex';
import { loadSqliteDriver } from './drivers';
import { normalizeSqliteError } from './errors';

/**
 * The knex clients of the synchronous SQLite drivers. This file owns every use of knex's SQLite internals
 * (its sqlite3 and better-sqlite3 client classes, pinned by knex ^3.3): knex 3.3 has no client for
 * `node:sqlite`, and its better-sqlite3 client reports a file that cannot be opened without SQLite's error code.
 */

interface QueryObject {
  sql?: string;
  bindings?: unknown[];
  method?: string;
  returning?: unknown;
  response?: unknown;
  context?: { lastID: number; changes: number };
}

/** knex's SQLite clients, as far as these subclasses use them. */
interface SqliteClient {
  driver: unknown;
  connectionSettings: { filename: string };
  acquireRawConnection(): Promise<unknown>;
}

type SqliteClientClass = new (config: Knex.Config) => SqliteClient;

const knexSqlite3 = (): SqliteClientClass => require('knex/lib/dialects/sqlite3') as SqliteClientClass;
const knexBetterSqlite3 = (): SqliteClientClass => require('knex/lib/dialects/better-sqlite3') as SqliteClientClass;

/** node:sqlite's synchronous statement, as this client and the runtime use it. */
interface NodeStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
}

interface NodeDatabase {
  prepare(sql: string): NodeStatement;
  close(): void;
}

let betterClient: SqliteClientClass | undefined;
let nodeClient: SqliteClientClass | undefined;

/** knex's better-sqlite3 client, whose connections fail to open with SQLite's error code. */
export function betterSqliteClient(): SqliteClientClass {
  if (betterClient) return betterClient;
  const Base = knexBetterSqlite3();
  class BetterSqliteClient extends Base {
    override async acquireRawConnection(): Promise<unknown> {
      try {
        return await super.acquireRawConnection();
      } catch (error) {
        throw normalizeSqliteError(error, true);
      }
    }

    async _query(connection: unknown, obj: QueryObject): Promise<QueryObject> {
      try {
        return await (Base.prototype as unknown as { _query(c: unknown, o: QueryObject): Promise<QueryObject> })._query.call(this, connection, obj);
      } catch (error) {
        throw normalizeSqliteError(error);
      }
    }
  }
  return (betterClient = BetterSqliteClient);
}

/**
 * A knex client for Node's built-in `node:sqlite` (DatabaseSync): knex's sqlite3 client (its SQL, schema
 * builder and transactions) with the statements run synchronously, picking `all` or `run` as that client does.
 */
export function nodeSqliteClient(): SqliteClientClass {
  if (nodeClient) return nodeClient;
  const Base = knexSqlite3();
  class NodeSqliteClient extends Base {
    _driver(): unknown {
      return loadSqliteDriver('node:sqlite');
    }

    override async acquireRawConnection(): Promise<unknown> {
      const { DatabaseSync } = this.driver as { DatabaseSync: new (path: string) => NodeDatabase };
      try {
        return new DatabaseSync(this.connectionSettings.filename);
      } catch (error) {
        throw normalizeSqliteError(error, true);
      }
    }

    async destroyRawConnection(connection: NodeDatabase): Promise<void> {
      connection.close();
    }

    async _query(connection: NodeDatabase, obj: QueryObject): Promise<QueryObject> {
      if (!obj.sql) throw new Error('The query is empty');
      const bindings = (obj.bindings ?? []).map(binding);
      try {
        const statement = connection.prepare(obj.sql);
        if (usesRun(obj)) {
          const result = statement.run(...bindings);
          obj.response = result;
          obj.context = { lastID: Number(result.lastInsertRowid), changes: Number(result.changes) };
        } else {
          obj.response = statement.all(...bindings);
          obj.context = { lastID: 0, changes: 0 };
        }
      } catch (error) {
        throw normalizeSqliteError(error);
      }
      return obj;
    }
  }
  Object.assign(NodeSqliteClient.prototype, { driverName: 'node:sqlite' });
  return (nodeClient = NodeSqliteClient);
}

/** As knex's sqlite3 client: writes without RETURNING report changes and the last row id; the rest return rows. */
function usesRun(obj: QueryObject): boolean {
  switch (obj.method) {
    case 'insert':
    case 'update':
      return !obj.returning;
    case 'counter':
    case 'del':
      return true;
    default:
      return false;
  }
}

/** knex's values as node:sqlite binds them: it refuses booleans, dates and undefined. */
function binding(value: unknown): unknown {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value === undefined ? null : value;
}
