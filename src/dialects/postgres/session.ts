import type { Knex } from 'knex';
import { ConfigError } from '../../config/errors';
import { quoteIdentifier } from '../common/sql-text';

/** The part of pg's Client this file uses: `processID` is the server process the connection's startup named. */
interface PgSession {
  readonly processID?: number | null;
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

/**
 * Whether the connection reaches the server through a connection pooler (PgBouncer, or one like it): the server
 * process that answers a query is not the one the connection's startup named. A pooler sends a key of its own
 * there, and hands the client's queries to whichever server connection is free.
 */
export async function behindPooler(connection: unknown): Promise<boolean> {
  const session = connection as PgSession;
  // A server that sent no key (processID null) tells nothing: such a connection is taken as direct.
  if (session.processID === null || session.processID === undefined) return false;
  const { rows } = await session.query('SELECT pg_backend_pid() AS pid');
  return Number(rows[0]!.pid) !== session.processID;
}

/**
 * knex's pool settings for PostgreSQL: `schema` becomes each new connection's search_path, once Strata knows the
 * connection is a session of its own. Through a pooler in transaction mode a session setting stays on a server
 * connection that other clients (another schema's, another application's) get next, so there it is refused.
 */
export function postgresPool(pool: Knex.PoolConfig | undefined, schema: string | undefined): Knex.PoolConfig {
  const settings: Knex.PoolConfig = { min: 0, max: 10, ...pool };
  if (schema === undefined) return settings;
  const userSetup = pool?.afterCreate as ((connection: unknown, done: (error: Error | null, connection: unknown) => void) => void) | undefined;
  return {
    ...settings,
    afterCreate(connection: unknown, done: (error: Error | null, connection: unknown) => void) {
      setSearchPath(connection, schema).then(
        () => (userSetup ? userSetup(connection, done) : done(null, connection)),
        // knex does not close a connection whose setup failed: it would keep the process alive.
        (error: Error) => void (connection as PgSession).end().finally(() => done(error, connection)),
      );
    },
  };
}

async function setSearchPath(connection: unknown, schema: string): Promise<void> {
  if (await behindPooler(connection)) {
    throw new ConfigError(
      `The schema "${schema}" (?schema= in the URL, or schema in the configuration) cannot be kept through a connection pooler: ` +
        'PostgreSQL chooses it by search_path, a setting of the server session, and a pooler in transaction mode gives that server ' +
        'connection to other clients between transactions. Set the schema on the database role instead ' +
        `(ALTER ROLE … SET search_path TO "${schema}") and leave it out of the pooled URL, or connect to the server directly.`,
    );
  }
  const { rows } = await (connection as PgSession).query(
    "SELECT set_config('search_path', quote_ident($1), false), EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present", [schema]);
  // search_path takes a schema that does not exist, and every query (the migration lock's among them) then fails oddly.
  if (!rows[0]!.present) {
    throw new ConfigError(`The schema "${schema}" (?schema= in the URL, or schema in the configuration) does not exist in this database: create it (CREATE SCHEMA ${quoteIdentifier(schema)}), or fix its name.`);
  }
}
