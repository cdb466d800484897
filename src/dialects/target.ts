import type { Knex } from 'knex';

/** What a database URL means to knex, as the engine whose scheme it has reads it. */
export interface DatabaseTarget {
  /**
   * The knex client; or, for an engine with several drivers, the engine's name when the URL names none (the
   * fastest driver installed is then used, or the one the `driver` option names).
   */
  readonly client: string;
  /** The driver the URL names (`?driver=`), on engines that have several. */
  readonly driver?: string;
  readonly connection: Knex.StaticConnectionConfig | string;
  /** The schema to work in (`?schema=`), on engines that have schemas. */
  readonly searchPath?: string;
  /** The URL with any password replaced by `***`, for messages. */
  readonly display: string;
}

/** How one engine reads the URLs of its schemes. */
export interface UrlReader {
  /** The schemes it reads, as `new URL()` reports them (`postgres:`), in the order messages list them. */
  readonly schemes: readonly string[];
  /** How messages show the form of its URLs: `postgres://user:password@host:5432/database`. */
  readonly example: string;
  /** `text` (whose scheme is one of `schemes`) as knex's settings; `display` is `text` with its password hidden. */
  read(text: string, display: string): DatabaseTarget;
  /**
   * The URL as written in a config file at `root`, where what it names is relative to that file (a database file);
   * absent where a URL names nothing on the local disk.
   */
  relativeTo?(text: string, root: string): string;
}

/** `postgres://u:secret@h/db` → `postgres://u:***@h/db`. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
