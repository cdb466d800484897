import { ConfigError } from '../../config/errors';
import type { UrlReader } from '../target';

const EXAMPLE = 'mysql://user:password@host:3306/database';

/**
 * `mysql://user:password@host:3306/database` or `mariadb://…` as mysql2's connection settings. The database is
 * required: it is what Strata reads, migrates and resets.
 */
export const mysqlUrl: UrlReader = {
  schemes: ['mysql:', 'mariadb:'],
  example: EXAMPLE,
  read(text, display) {
    const parsed = new URL(text);
    if (!parsed.hostname) throw new ConfigError(`The database URL "${display}" names no host; expected ${EXAMPLE}.`);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (database === '' || database.includes('/')) throw new ConfigError(`The database URL "${display}" names no database; expected ${EXAMPLE}.`);
    const connection = {
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username) || 'root',
      password: decodeURIComponent(parsed.password),
      database,
    };
    return { client: 'mysql2', connection, display };
  },
};
