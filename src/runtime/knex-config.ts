import type { Knex } from 'knex';
import { type DatabaseTarget, DEFAULT_URL, dialectForTarget, parseDatabaseUrl } from '../dialects';
import { ConfigError } from '../config/errors';
import type { Dialect, DriverName } from '../dialects';

/** How to reach the database: a URL, or a knex client and connection. */
export interface ConnectionOptions {
  /**
   * `postgres://…`, `postgresql://…`, `mysql://…`, `mariadb://…`, `sqlite:path` or `sqlite::memory:` (with `?driver=…` to pick the SQLite driver).
   * Default: `DATABASE_URL`, then `sqlite:./dev.sqlite3`, except under `NODE_ENV=production`, where a URL must be given.
   */
  url?: string;
  /**
   * The SQLite driver: `better-sqlite3`, `node:sqlite` (Node.js 22.13+) or `sqlite3`. A `?driver=` in the URL wins.
   * Default: the fastest installed, in that order. Not used with a URL of another engine (`DATABASE_URL` may name one).
   * @example Orm.connect({ url: 'sqlite:./dev.sqlite3', driver: 'node:sqlite', entities })
   */
  driver?: DriverName;
  /** A knex client name (`pg`, `better-sqlite3`, `node:sqlite` or `sqlite3`), with `connection`, instead of a URL. */
  client?: string;
  /** The knex connection settings for `client`. */
  connection?: Knex.Config['connection'];
  /** knex pool settings. */
  pool?: Knex.PoolConfig;
  /** PostgreSQL schema to work in (same as `?schema=` in the URL). */
  schema?: string;
  /** Logs every query through knex's debug output. */
  debug?: boolean;
  /**
   * How long connecting may take, in ms, before it fails with a ConnectionError: a server that accepts the
   * connection and never answers does not hang the process. Default 10 000. (Opening a SQLite file does not wait.)
   */
  connectTimeoutMs?: number;
}

/** The default of {@link ConnectionOptions.connectTimeoutMs}. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface ResolvedConnection {
  readonly dialect: Dialect;
  readonly config: Knex.Config;
  /** Where the connection goes, password hidden, for messages. */
  readonly display: string;
  readonly connectTimeoutMs: number;
}

/**
 * The dialect the options point at, found without connecting (what `migrate:generate --offline` works with).
 * @throws ConfigError for a URL or client Strata does not support.
 */
export function dialectOf(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): Dialect {
  return resolveConnection(options, env).dialect;
}

/** knex configuration for the options, with the settings each engine needs. */
export function resolveConnection(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): ResolvedConnection {
  const target = targetOf(options, env);
  const dialect = dialectForTarget(target, options.driver);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!(connectTimeoutMs > 0)) throw new ConfigError(`The connect timeout must be a number of milliseconds above 0 (got ${connectTimeoutMs}).`);
  const searchPath = options.schema ?? target.searchPath;
  const config: Knex.Config = {
    client: dialect.client,
    connection: dialect.connection.connectionWithTimeout(target.connection, connectTimeoutMs),
    debug: options.debug,
    log: KNEX_LOG,
    ...dialect.connection.knexSettings(options.pool, searchPath),
  };
  return { dialect, config, display: target.display, connectTimeoutMs };
}

/**
 * knex's log, minus the stack it prints when a connection cannot be acquired: that failure reaches the
 * caller as a ConnectionError naming the database, and printing it twice buries the useful sentence.
 */
const KNEX_LOG: Knex.Config['log'] = {
  warn(message: string) {
    if (typeof message === 'string' && message.startsWith('Acquire connection error')) return;
    console.warn(message);
  },
  error: (message: string) => console.error(message),
  deprecate: (method: string, alternative: string) => console.warn(`${method} is deprecated, use ${alternative}`),
  debug: (message: string) => console.debug(message),
};

function targetOf(options: ConnectionOptions, env: NodeJS.ProcessEnv): DatabaseTarget {
  if (options.client !== undefined) {
    if (options.url !== undefined) throw new ConfigError('Give either url or client and connection, not both.');
    if (options.connection === undefined) throw new ConfigError(`client "${options.client}" needs a connection.`);
    return { client: options.client, connection: options.connection as Knex.StaticConnectionConfig, display: `${options.client} connection` };
  }
  const url = options.url ?? (env.DATABASE_URL || undefined);
  if (url === undefined && env.NODE_ENV === 'production') throw new ConfigError(NO_URL_IN_PRODUCTION);
  return parseDatabaseUrl(url ?? DEFAULT_URL);
}

/**
 * Under NODE_ENV=production, a missing DATABASE_URL is a deployment's mistake: falling back to a local SQLite file
 * would start the app, or migrate, on a new, empty database without a word.
 */
const NO_URL_IN_PRODUCTION =
  `No database URL is given (no url, and DATABASE_URL is not set), and NODE_ENV is production, where Strata does not fall back to ${DEFAULT_URL}, ` +
  'a new, empty database there. Set DATABASE_URL, or give the URL (the url option; --url or url in orm.config.ts for the CLI).';
