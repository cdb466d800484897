import { fastestSqliteDriver, loadSqliteDriver } from '../../src/dialects/sqlite/drivers';
import { sqliteErrorCode } from '../../src/dialects/sqlite/errors';

describe('the SQLite drivers', () => {
  const only = (...names: string[]) => (id: string): unknown => {
    if (!names.includes(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    return {};
  };

  it('picks the fastest that loads: better-sqlite3, then node:sqlite, then sqlite3', () => {
    expect(fastestSqliteDriver(only('better-sqlite3', 'node:sqlite', 'sqlite3'))).toBe('better-sqlite3');
    expect(fastestSqliteDriver(only('node:sqlite', 'sqlite3'))).toBe('node:sqlite');
    expect(fastestSqliteDriver(only('sqlite3'))).toBe('sqlite3');
    // None: the one whose missing-package message follows.
    expect(fastestSqliteDriver(only())).toBe('better-sqlite3');
  });

  it('drops node:sqlite\'s experimental warning, and only that one', () => {
    const emitted: string[] = [];
    const original = process.emitWarning;
    process.emitWarning = ((w: string) => void emitted.push(w)) as typeof process.emitWarning;
    try {
      loadSqliteDriver('node:sqlite', () => {
        process.emitWarning('SQLite is an experimental feature and might change at any time', 'ExperimentalWarning');
        process.emitWarning('something else');
      });
    } finally {
      process.emitWarning = original;
    }
    expect(emitted).toEqual(['something else']);
  });

  it.each([
    ['sqlite3', { code: 'SQLITE_BUSY', errno: 5 }, 'SQLITE_BUSY'],
    ['better-sqlite3', { code: 'SQLITE_CONSTRAINT_UNIQUE' }, 'SQLITE_CONSTRAINT'],
    ['node:sqlite', { code: 'ERR_SQLITE_ERROR', errcode: 2067, errstr: 'constraint failed' }, 'SQLITE_CONSTRAINT'],
    ['node:sqlite', { code: 'ERR_SQLITE_ERROR', errcode: 5 }, 'SQLITE_BUSY'],
    ['anything else', { code: 'ECONNREFUSED' }, undefined],
  ])('reads the primary result code of a %s error', (_driver, error, code) => {
    expect(sqliteErrorCode(Object.assign(new Error('x'), error))).toBe(code);
  });
});
