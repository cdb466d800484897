import { ConfigError } from 'strata-orm';
import { requireDriver } from '../../src/dialects/require-driver';
import { nodeSqlite } from '../../src/dialects/sqlite';

/** A loader that fails the way Node does for the given situation. */
function failing(message: string, code?: string): (id: string) => unknown {
  return () => {
    throw Object.assign(new Error(message), code ? { code } : {});
  };
}

describe('loading a driver package', () => {
  it('does nothing when the package loads', () => {
    const loaded: string[] = [];
    requireDriver('pg', 'postgres://u:***@h/db', (id) => loaded.push(id));
    expect(loaded).toEqual(['pg']);
  });

  it('names the package to install when it is missing', () => {
    const run = () => requireDriver('pg', 'postgres://u:***@h/db', failing("Cannot find module 'pg'\nRequire stack:\n- /app/x.js", 'MODULE_NOT_FOUND'));
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/^Connecting to postgres:\/\/u:\*\*\*@h\/db needs the package pg, which is not installed\. Run `npm install pg` in your project/);
  });

  it.each([
    ['a native module never built (install scripts skipped)', failing('Could not locate the bindings file. Tried:\n → /app/node_modules/sqlite3/build/node_sqlite3.node')],
    ['a dependency of the package that is missing', failing("Cannot find module 'bindings'\nRequire stack:", 'MODULE_NOT_FOUND')],
    ['a module built for another Node.js', failing('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.')],
  ])('says to rebuild, not to install, for %s', (_what, load) => {
    const run = () => requireDriver('sqlite3', 'sqlite:./dev.sqlite3', load);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/^The package sqlite3 is installed but does not load \(.+\), so Strata cannot connect to sqlite:\.\/dev\.sqlite3\. .*run `npm approve-scripts sqlite3` \(npm 11\.16 or later\), then `npm rebuild sqlite3` \(with pnpm, `pnpm approve-builds`, then `pnpm rebuild sqlite3`\)\.$/);
  });
});

describe('loading a driver built into Node.js', () => {
  it('names the Node.js version that has it', () => {
    const run = () => requireDriver('node:sqlite', 'sqlite:./dev.sqlite3?driver=node:sqlite', failing('No such built-in module: node:sqlite', 'ERR_UNKNOWN_BUILTIN_MODULE'), nodeSqlite.connection.builtinDriver);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/with node:sqlite needs a Node\.js that has that built-in module \(22\.13 or later; this is v\d+/);
    expect(run).toThrow(/choose another driver \(for SQLite, \?driver=better-sqlite3 or \?driver=sqlite3/);
  });
});
