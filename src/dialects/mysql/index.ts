import type { Knex } from 'knex';
import type { Dialect } from '../dialect';
import { planWith } from '../common/planner';
import { quoteIdentifier } from '../common/sql-text';
import { introspectMysql } from './introspect';
import { withNamedLock } from './lock';
import { normalizeMysql } from './normalize';
import { mysqlPlanner } from './planner';
import { mysqlRuntime } from './runtime';
import { DRIVER_SETTINGS, mysqlPool } from './session';
import { dropAllMysql, truncateMysql } from './truncate';
import { runMysqlUnit } from './unit';

export { parseMysqlUrl } from './url';

/** MariaDB (10.6 and later) and MySQL (8.0 and later) through mysql2. */
export const mysql: Dialect = {
  name: 'mysql',
  client: 'mysql2',
  capabilities: { transactionalDdl: false, nativeEnums: false, forwardReferences: false, maxParameters: 65535, singleConnection: false, finiteFloats: true,
    returning: { insert: true, update: false, delete: true } },
  normalize: normalizeMysql,
  introspect: introspectMysql,
  plan: planWith(mysqlPlanner),
  truncate: truncateMysql,
  dropAll: dropAllMysql,
  runUnit: runMysqlUnit,
  withMigrationLock: withNamedLock,
  connectionWithTimeout: (connection, timeoutMs) =>
    typeof connection === 'string'
      ? { uri: connection, connectTimeout: timeoutMs, ...DRIVER_SETTINGS } as Knex.StaticConnectionConfig
      : { connectTimeout: timeoutMs, ...DRIVER_SETTINGS, ...connection } as Knex.StaticConnectionConfig,
  knexSettings: (pool) => ({ pool: mysqlPool(pool) }),
  runtime: mysqlRuntime,
  quote: quoteIdentifier,
};
