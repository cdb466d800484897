import type { Knex } from 'knex';
import { ConfigError } from '../../config/errors';

/**
 * `mysql://user:password@host:3306/database` or `mariadb://…` as mysql2's connection settings. The database is
 * required: it is what Strata reads, migrates and resets.
 */
export function parseMysqlUrl(parsed: URL, display: string): Knex.MySql2ConnectionConfig {
  if (!parsed.hostname) throw new ConfigError(`The database URL "${display}" names no host; expected mysql://user:password@host:3306/database.`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new ConfigError(`The database URL "${display}" names no database; expected mysql://user:password@host:3306/database.`);
  }
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database,
  };
}
