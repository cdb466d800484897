/**
 * The SQLite drivers Strata runs on, fastest first: `better-sqlite3` and Node's built-in `node:sqlite` run each
 * statement synchronously on the calling thread; `sqlite3` sends every statement to libuv's thread pool and back.
 */
export const SQLITE_DRIVERS = ['better-sqlite3', 'node:sqlite', 'sqlite3'] as const;

export type SqliteDriverName = (typeof SQLITE_DRIVERS)[number];

export function isSqliteDriver(name: unknown): name is SqliteDriverName {
  return (SQLITE_DRIVERS as readonly unknown[]).includes(name);
}

/**
 * Loads a SQLite driver's module, native part included. `node:sqlite` prints an ExperimentalWarning when first loaded (Node 22 and 23):
 * a user who chose it knows, and a CLI's output is no place for it, so that one warning is dropped.
 */
export function loadSqliteDriver(name: SqliteDriverName, load: (id: string) => unknown = require): unknown {
  if (name === 'better-sqlite3') {
    const module = load(name);
    // Its native module loads on the first `new Database`: open one, so that an unbuilt one fails here.
    if (typeof module === 'function') (new (module as new (path: string) => { close(): void })(':memory:')).close();
    return module;
  }
  if (name !== 'node:sqlite') return load(name);
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/^SQLite is an experimental feature/.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return load(name);
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * The driver `sqlite:` URLs use when none is named (`?driver=`, the `driver` option): the fastest that loads.
 * With none loadable, better-sqlite3, so that the error that follows says to install it.
 */
export function fastestSqliteDriver(load: (id: string) => unknown = require): SqliteDriverName {
  return SQLITE_DRIVERS.find((name) => loads(name, load)) ?? 'better-sqlite3';
}

const loadable = new Map<SqliteDriverName, boolean>();

function loads(name: SqliteDriverName, load: (id: string) => unknown): boolean {
  if (load === require && loadable.has(name)) return loadable.get(name)!;
  let ok = true;
  try {
    loadSqliteDriver(name, load);
  } catch {
    ok = false;
  }
  if (load === require) loadable.set(name, ok);
  return ok;
}
