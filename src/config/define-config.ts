import type { Knex } from 'knex';
import type { EntityClass } from '../decorators/options';
import type { DriverName } from '../dialects';

/** The contents of `orm.config.ts` (or `.js`, `.json`). */
export interface OrmConfig {
  /** Database URL. Overridden by `--url` and by `DATABASE_URL`. Default: `sqlite:./dev.sqlite3`. */
  url?: string;
  /**
   * A direct connection to the database server, for migrations and every other CLI command, when `url` goes
   * through a connection pooler such as PgBouncer (whose transaction mode cannot hold the migration lock).
   * Overridden by `--direct-url` and by `DIRECT_DATABASE_URL`; used only with this file's `url`: a command given
   * `--url`, or run with `DATABASE_URL` set, works on that database (pair `DATABASE_URL` with `DIRECT_DATABASE_URL`).
   * Default: none, the CLI uses the URL.
   */
  directUrl?: string;
  /**
   * The SQLite driver: `better-sqlite3`, `node:sqlite` (Node.js 22.13+) or `sqlite3`; a `?driver=` in the URL in use
   * (from `--url`, `DATABASE_URL` or `url`) wins. Default: the fastest installed, in that order. Not used when the URL
   * in use is another engine's (`--verbose` says so).
   */
  driver?: DriverName;
  /** A knex client (`pg`, `better-sqlite3`, `node:sqlite` or `sqlite3`) and connection, instead of a URL. */
  client?: string;
  connection?: Knex.Config['connection'];
  /** PostgreSQL schema to work in. */
  schema?: string;
  /** How long connecting may take, in ms, before commands fail (exit code 2). `--connect-timeout` wins. Default 10 000. */
  connectTimeoutMs?: number;
  /** Read replicas' URLs, for the application (loadConfig gives them as `replicas`); the CLI never uses them. */
  replicas?: string[];
  /** Entity classes, or globs of files exporting them, relative to the config file. */
  entities?: (string | EntityClass)[];
  migrations?: {
    /** Directory of migration files, relative to the config file. Default `migrations`. */
    dir?: string;
    /** History table. Default `strata_migrations`. */
    tableName?: string;
  };
}

/**
 * Types the configuration; returns it unchanged.
 * @example export default defineConfig({ entities: ['src/entities/**\/*.ts'], migrations: { dir: 'migrations' } });
 */
export function defineConfig(config: OrmConfig): OrmConfig {
  return config;
}
