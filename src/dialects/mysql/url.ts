import { ConfigError } from '../../config/errors';
import type { UrlReader } from '../target';

const EXAMPLE = 'mysql://user:password@host:3306/database';

/**
 * `mysql://user:password@host:3306/database` or `mariadb://…` as mysql2's connection settings. The database is
 * required: it is what Strata reads, migrates and resets. Query parameters are refused, none being read.
 */
export const mysqlUrl: UrlReader = {
  schemes: ['mysql:', 'mariadb:'],
  example: EXAMPLE,
  read(text, display) {
    const parsed = new URL(text);
    if (!parsed.hostname) throw new ConfigError(`The database URL "${display}" names no host; expected ${EXAMPLE}.`);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (database === '' || database.includes('/')) throw new ConfigError(`The database URL "${display}" names no database; expected ${EXAMPLE}.`);
    // Refused rather than dropped: a ?ssl=… or ?sslmode=… left unread would connect without TLS and say nothing.
    // ?driver= is the registry's to refuse, with its own reason.
    const parameters = [...new Set(parsed.searchParams.keys())].filter((p) => p !== 'driver');
    if (parameters.length > 0) {
      throw new ConfigError(
        // Named, not quoted: a parameter's value may be a secret.
        `The database URL "${display.replace(/\?.*$/, '')}" has ${parameters.length === 1 ? 'a parameter' : 'parameters'} (${parameters.map((p) => `?${p}=`).join(', ')}) that Strata does not read on MariaDB/MySQL, ` +
          `where a URL takes none; expected ${EXAMPLE}. For mysql2's other settings (ssl, say), give a knex client and ` +
          "connection instead of the URL: { client: 'mysql2', connection: { host, port, user, password, database, ssl } }.",
      );
    }
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
