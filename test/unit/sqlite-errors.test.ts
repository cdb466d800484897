import { runInNewContext } from 'node:vm';
import { normalizeSqliteError } from '../../src/dialects/sqlite/errors';

// better-sqlite3's errors come from the realm that first loaded its native module: under jest, a later test file's.
describe('normalizeSqliteError', () => {
  it('makes an error of another realm again in this one, keeping its name, code, message and stack', () => {
    const foreign = runInNewContext("Object.assign(new Error('FOREIGN KEY constraint failed'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })") as Error;
    expect(foreign instanceof Error).toBe(false);
    const error = normalizeSqliteError(foreign) as Error & { code: string };
    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, code: error.code, message: error.message, stack: error.stack }).toEqual({
      name: 'SqliteError', code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: 'FOREIGN KEY constraint failed', stack: foreign.stack,
    });
    expect(() => { throw error; }).toThrow(/FOREIGN KEY/);
  });

  it('leaves an error of this realm as it is', () => {
    const own = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(normalizeSqliteError(own)).toBe(own);
  });
});
