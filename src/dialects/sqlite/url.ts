import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../config/errors';
import type { UrlReader } from '../target';
import { isSqliteDriver, SQLITE_DRIVERS } from './drivers';

/**
 * `sqlite:path/to/file.db`, `sqlite:///absolute/path.db` and `sqlite::memory:`, ending with `?driver=better-sqlite3`
 * (or `node:sqlite`, `sqlite3`) to choose the driver; without one, the client is `sqlite`: the fastest driver
 * installed, or the one the `driver` option names.
 */
export const sqliteUrl: UrlReader = {
  schemes: ['sqlite:'],
  example: 'sqlite:./file.sqlite3',
  read(text) {
    const { filename, driver } = parts(text);
    return driver === undefined ? { client: 'sqlite', connection: { filename }, display: text } : { client: 'sqlite', driver, connection: { filename }, display: text };
  },
  // A relative path written in a config file means relative to that file, so that every command finds the same
  // database from any directory of the project.
  relativeTo(text, root) {
    const { filename, driver } = parts(text);
    return filename !== ':memory:' && !isAbsolute(filename) ? `sqlite:${resolve(root, filename)}${driver ? `?driver=${driver}` : ''}` : text;
  },
};

function parts(text: string): { filename: string; driver?: string } {
  const query = /\?driver=([^?&]*)$/.exec(text);
  const filename = text.slice('sqlite:'.length, query?.index).replace(/^\/\/(?=\/|\.|[^/])/, '');
  if (filename === '') throw new ConfigError(`The database URL "${text}" names no file; use sqlite:./dev.sqlite3, sqlite:/absolute/path.db or sqlite::memory:.`);
  if (!query) return { filename };
  const driver = decodeURIComponent(query[1]!);
  if (!isSqliteDriver(driver)) {
    throw new ConfigError(`The database URL "${text}" names the SQLite driver "${driver}", which Strata does not know; use ?driver= with one of ${SQLITE_DRIVERS.join(', ')}.`);
  }
  return { filename, driver };
}
