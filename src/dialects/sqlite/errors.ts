/** SQLite's primary result codes, by number (https://sqlite.org/rescode.html). */
const PRIMARY = [
  'OK', 'ERROR', 'INTERNAL', 'PERM', 'ABORT', 'BUSY', 'LOCKED', 'NOMEM', 'READONLY', 'INTERRUPT', 'IOERR', 'CORRUPT', 'NOTFOUND',
  'FULL', 'CANTOPEN', 'PROTOCOL', 'EMPTY', 'SCHEMA', 'TOOBIG', 'CONSTRAINT', 'MISMATCH', 'MISUSE', 'NOLFS', 'AUTH', 'FORMAT',
  'RANGE', 'NOTADB',
] as const;

interface DriverError {
  code?: unknown;
  errcode?: unknown;
  message?: unknown;
}

/**
 * The primary result code of a SQLite error from any driver, as `SQLITE_BUSY`, `SQLITE_CONSTRAINT`…: sqlite3 gives
 * the primary code, better-sqlite3 the extended one (`SQLITE_CONSTRAINT_UNIQUE`), node:sqlite a number (`errcode`)
 * beside the code `ERR_SQLITE_ERROR`. Undefined for an error that is not SQLite's.
 */
export function sqliteErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errcode } = error as DriverError;
  if (typeof errcode === 'number') {
    const name = PRIMARY[errcode & 0xff];
    return name ? `SQLITE_${name}` : undefined;
  }
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const m = /^SQLITE_[A-Z]+/.exec(code);
  return m?.[0];
}

/**
 * Gives a node:sqlite error SQLite's code (`SQLITE_BUSY`, as sqlite3 names it) and an error from opening a
 * database that has none (better-sqlite3's "the directory does not exist") `SQLITE_CANTOPEN`, so that messages
 * and callers that read codes treat every driver alike. The error itself is returned; an error from opening
 * gets its code in front of its message, as sqlite3 writes it.
 */
export function normalizeSqliteError(thrown: unknown, opening = false): unknown {
  if (typeof thrown !== 'object' || thrown === null) return thrown;
  const error = inThisRealm(thrown);
  const e = error as DriverError;
  const cannotOpen = opening && typeof e.message === 'string' && /cannot open|unable to open/i.test(e.message);
  const code = sqliteErrorCode(error) ?? (cannotOpen ? 'SQLITE_CANTOPEN' : undefined);
  if (!code) return error;
  if (e.code === undefined || e.code === 'ERR_SQLITE_ERROR') e.code = code;
  // As sqlite3 writes them, so that the code is in the message people read.
  // (Not `instanceof Error`: an error made by another realm's constructor, as in a test runner's sandbox, is one too.)
  if (opening && typeof e.message === 'string' && !e.message.startsWith('SQLITE_')) e.message = `${code}: ${e.message}`;
  return error;
}

/**
 * better-sqlite3 makes its errors with the SqliteError class of the first module registry that loaded it, since its
 * native module loads once per process. Under a test runner that gives each test file a realm of its own (jest), an
 * error made for a later file is then no `instanceof Error` there, and `expect(…).rejects.toThrow()` reports that
 * nothing was thrown (node:sqlite's errors, made by Node itself, are of another realm there too). Such an error is
 * made again in this realm, with its name, message, stack and own properties.
 */
function inThisRealm(error: object): object {
  if (error instanceof Error || !('message' in error)) return error;
  const e = error as { name?: unknown; message: unknown; stack?: unknown };
  // Its own properties too: node:sqlite's errcode and errstr, better-sqlite3's code.
  const copy = Object.assign(new Error(String(e.message)), error);
  if (typeof e.name === 'string') copy.name = e.name;
  if (typeof e.stack === 'string') copy.stack = e.stack;
  return copy;
}
