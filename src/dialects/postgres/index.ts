import type { Knex } from 'knex';
import type { Dialect } from '../dialect';
import { quoteIdentifier } from '../common/sql-text';
import { truncatePostgres } from './truncate';
import { postgresRuntime } from './runtime';
import { introspectPostgres } from './introspect';
import { withAdvisoryLock } from './lock';
import { postgresOverLimits } from './limits';
import { normalizePostgres } from './normalize';
import { planWith } from '../common/planner';
import { postgresPlanner } from './planner';
import { postgresPool } from './session';
import { runPostgresUnit } from './unit';
import { explainPostgresConnectError } from './connect-errors';

const DROP_ALL = `
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(r.tablename) || ' CASCADE';
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = current_schema() AND t.typtype = 'e' LOOP
    EXECUTE 'DROP TYPE IF EXISTS ' || quote_ident(r.typname) || ' CASCADE';
  END LOOP;
END $$`;

export const postgres: Dialect = {
  name: 'postgres',
  label: 'PostgreSQL',
  client: 'pg',
  capabilities: {
    transactionalDdl: true,
    forwardReferences: false,
    foreignKeysPinTypes: false,
    maxParameters: 65535,
    returning: { insert: true, update: true, delete: true },
    upsert: 'conflictTarget',
    bigintAutoIncrement: true,
    singleConnection: false,
  },
  quote: quoteIdentifier,
  schema: { normalize: normalizePostgres, introspect: introspectPostgres, overLimits: postgresOverLimits },
  planner: planWith(postgresPlanner, () => ({})),
  migrations: {
    runUnit: runPostgresUnit,
    withMigrationLock: withAdvisoryLock,
    truncate: truncatePostgres,
    async dropAll(knex) {
      await knex.raw(DROP_ALL);
    },
  },
  connection: {
    // pg's own connect timeout also covers the startup exchange, and destroys the socket: knex's acquire timeout
    // alone would leave the connection attempt pending, and knex.destroy() waits for pending attempts.
    connectionWithTimeout: (connection, timeoutMs) =>
      typeof connection === 'string'
        ? { connectionString: connection, connectionTimeoutMillis: timeoutMs }
        : { connectionTimeoutMillis: timeoutMs, ...connection },
    knexSettings: (pool, schema) => ({ pool: postgresPool(pool, schema) }),
    explainConnectError: explainPostgresConnectError,
  },
  runtime: postgresRuntime,
};
