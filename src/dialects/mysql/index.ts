import type { Knex } from 'knex';
import type { Dialect } from '../dialect';
import { planWith } from '../common/planner';
import { quoteIdentifier } from '../common/sql-text';
import { explainMysqlConnectError } from './connect-errors';
import { introspectMysql } from './introspect';
import { withNamedLock } from './lock';
import { mysqlOverLimits } from './limits';
import { normalizeMysql } from './normalize';
import { mysqlPlanner } from './planner';
import { mysqlRuntime } from './runtime';
import { DRIVER_SETTINGS, mysqlPool } from './session';
import { dropAllMysql, truncateMysql } from './truncate';
import { runMysqlUnit } from './unit';


/** MariaDB (10.6 and later) and MySQL (8.0 and later) through mysql2. */
export const mysql: Dialect = {
  name: 'mysql',
  label: 'MariaDB/MySQL',
  client: 'mysql2',
  capabilities: {
    // Every DDL statement commits by itself: files run step by step instead (see the migrator's StepProgress).
    transactionalDdl: false,
    forwardReferences: false,
    foreignKeysPinTypes: true,
    maxParameters: 65535,
    // MariaDB 10.5+ returns rows from INSERT and DELETE, not from UPDATE (see runtime/update-returning.ts).
    returning: { insert: true, update: false, delete: true },
    upsert: 'anyKey',
    bigintAutoIncrement: true,
    singleConnection: false,
    finiteFloats: true,
  },
  quote: quoteIdentifier,
  schema: { normalize: normalizeMysql, introspect: introspectMysql, overLimits: mysqlOverLimits },
  planner: planWith(mysqlPlanner, () => ({})),
  migrations: {
    runUnit: runMysqlUnit,
    withMigrationLock: withNamedLock,
    truncate: truncateMysql,
    dropAll: dropAllMysql,
  },
  connection: {
    connectionWithTimeout: (connection, timeoutMs) =>
      typeof connection === 'string'
        ? { uri: connection, connectTimeout: timeoutMs, ...DRIVER_SETTINGS } as Knex.StaticConnectionConfig
        : { connectTimeout: timeoutMs, ...DRIVER_SETTINGS, ...connection } as Knex.StaticConnectionConfig,
    knexSettings: (pool) => ({ pool: mysqlPool(pool) }),
    explainConnectError: explainMysqlConnectError,
  },
  runtime: mysqlRuntime,
};
