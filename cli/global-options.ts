import type { Argv } from 'yargs';

/** Flags every command takes. */
export interface GlobalArgs {
  config?: string;
  url?: string;
  directUrl?: string;
  migrationsDir?: string;
  connectTimeout?: number;
  json: boolean;
  verbose: boolean;
  color: boolean;
}

export function globalOptions<T>(yargs: Argv<T>): Argv<T & GlobalArgs> {
  return yargs
    .option('config', { type: 'string', describe: 'Path to orm.config.ts (.js, .json); default: found upward from here' })
    .option('url', { type: 'string', describe: 'Database URL; wins over DATABASE_URL and the config file' })
    .option('direct-url', { type: 'string', describe: 'A direct database URL for this command when --url or the app\'s URL goes through a pooler; wins over DIRECT_DATABASE_URL and directUrl in the config file' })
    .option('migrations-dir', { type: 'string', describe: 'Migrations directory; default: migrations, next to the config file' })
    .option('connect-timeout', { type: 'number', describe: 'Seconds to wait for the database to answer when connecting (default 10)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print one machine-readable JSON document' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Print stack traces of errors, and the database driver in use where the engine has several' })
    .option('color', { type: 'boolean', default: true, describe: 'Color the output (also off with NO_COLOR)' }) as unknown as Argv<T & GlobalArgs>;
}
