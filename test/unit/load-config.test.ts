import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, findConfigFile, loadConfig } from 'strata-orm';
import { type LoaderWarning, onLoaderWarning } from '../../src/config/loader-warnings';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('uses the defaults without a config file', async () => {
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config).toMatchObject({ file: undefined, root: dir, connection: { url: undefined }, migrationsDir: join(dir, 'migrations'), historyTable: 'strata_migrations', entities: [] });
  });

  it('finds the config file upward, and resolves paths next to it', async () => {
    write('orm.config.json', JSON.stringify({ url: 'sqlite:./from-file.db', migrations: { dir: 'db/migrations', tableName: 'history' } }));
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    expect(findConfigFile(join(dir, 'src', 'deep'))).toBe(join(dir, 'orm.config.json'));
    const config = await loadConfig({ cwd: join(dir, 'src', 'deep'), env: {} });
    expect(config).toMatchObject({ file: join(dir, 'orm.config.json'), connection: { url: `sqlite:${join(dir, 'from-file.db')}` }, migrationsDir: join(dir, 'db', 'migrations'), historyTable: 'history' });
  });

  it('ranks --url over DATABASE_URL over the file, and --migrations-dir over the file', async () => {
    write('orm.config.json', JSON.stringify({ url: 'sqlite:file.db', migrations: { dir: 'm' } }));
    expect((await loadConfig({ cwd: dir, env: {} })).connection.url).toBe(`sqlite:${join(dir, 'file.db')}`);
    expect((await loadConfig({ cwd: join(dir, 'm'), env: {} })).connection.url).toBe(`sqlite:${join(dir, 'file.db')}`);
    // The same file written the way parseDatabaseUrl also reads it: sqlite://file.db.
    write('orm.config.json', JSON.stringify({ url: 'sqlite://file.db', migrations: { dir: 'm' } }));
    expect((await loadConfig({ cwd: join(dir, 'm'), env: {} })).connection.url).toBe(`sqlite:${join(dir, 'file.db')}`);
    expect((await loadConfig({ cwd: dir, env: { DATABASE_URL: 'sqlite:env.db' } })).connection.url).toBe('sqlite:env.db');
    expect((await loadConfig({ cwd: dir, env: { DATABASE_URL: 'sqlite:env.db' }, url: 'sqlite:flag.db' })).connection.url).toBe('sqlite:flag.db');
    expect((await loadConfig({ cwd: dir, env: {}, migrationsDir: 'elsewhere' })).migrationsDir).toBe(join(dir, 'elsewhere'));
  });

  it('gives the CLI the direct URL when there is one: --direct-url over DIRECT_DATABASE_URL over the file, none with --url alone', async () => {
    const pooled = 'postgres://app@pooler:6432/app';
    write('orm.config.json', JSON.stringify({ url: pooled, directUrl: 'postgres://app@file:5432/app', schema: 'app', connectTimeoutMs: 500 }));
    const direct = async (options: Parameters<typeof loadConfig>[0]) => (await loadConfig({ cwd: dir, ...options })).migrationConnection;
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.connection).toMatchObject({ url: pooled });
    expect(config.migrationConnection).toEqual({ url: 'postgres://app@file:5432/app', schema: 'app', connectTimeoutMs: 500 });
    expect(await direct({ env: { DIRECT_DATABASE_URL: 'postgres://app@env:5432/app' } })).toMatchObject({ url: 'postgres://app@env:5432/app' });
    expect(await direct({ env: { DIRECT_DATABASE_URL: 'postgres://app@env:5432/app' }, directUrl: 'postgres://app@flag:5432/app' })).toMatchObject({ url: 'postgres://app@flag:5432/app' });
    // The database a command is told (--url, DATABASE_URL) is the one it works on: the file's directUrl is not taken.
    expect(await direct({ env: { DIRECT_DATABASE_URL: 'postgres://app@env:5432/app' }, url: 'postgres://app@other:5432/other' })).toMatchObject({ url: 'postgres://app@other:5432/other' });
    expect(await direct({ env: { DATABASE_URL: 'postgres://app@other:5432/other' } })).toMatchObject({ url: 'postgres://app@other:5432/other' });
    expect(await direct({ env: { DATABASE_URL: 'postgres://app@pooler:6432/other', DIRECT_DATABASE_URL: 'postgres://app@env:5432/other' } })).toMatchObject({ url: 'postgres://app@env:5432/other' });
    expect(await direct({ env: {}, url: 'postgres://app@other:6432/other', directUrl: 'postgres://app@other:5432/other' })).toMatchObject({ url: 'postgres://app@other:5432/other' });
    write('orm.config.json', JSON.stringify({ url: 'sqlite:file.db', directUrl: 3 }));
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(/directUrl must be a string/);
    write('orm.config.json', JSON.stringify({ url: 'sqlite:file.db' }));
    const none = await loadConfig({ cwd: dir, env: {} });
    expect(none.migrationConnection).toBe(none.connection);
  });

  it('loads a TypeScript config with defineConfig, and the entity classes its globs match', async () => {
    write('orm.config.ts', "import { defineConfig } from 'strata-orm';\nexport default defineConfig({ url: 'sqlite::memory:', entities: ['models/*.ts'] });\n");
    write('models/user.ts', "import { PrimaryKey, Table } from 'strata-orm';\n@Table('users') export class User { @PrimaryKey() id!: number; }\nexport class NotAnEntity {}\nexport const helper = 1;\n");
    write('node_modules/strata-orm/package.json', JSON.stringify({ name: 'strata-orm', main: join(__dirname, '../../src/index.ts') }));
    const config = await loadConfig({ cwd: dir, env: {}, entities: true });
    expect(config.entities.map((e) => e.name)).toEqual(['User']);
    expect([...config.entitySources.values()]).toEqual([join(dir, 'models', 'user.ts')]);
  });

  it('takes a class to come from the file that declares it, not from an index that re-exports it', async () => {
    write('orm.config.ts', "import { defineConfig } from 'strata-orm';\nexport default defineConfig({ url: 'sqlite::memory:', entities: ['models/**/*.ts'] });\n");
    write('models/index.ts', "export { User } from './user';\nexport { Post } from './post';\n");
    write('models/user.ts', "import { PrimaryKey, Table } from 'strata-orm';\n@Table('users') export class User { @PrimaryKey() id!: number; }\n");
    write('models/post.ts', "import { PrimaryKey, Table } from 'strata-orm';\n@Table('posts') export class Post { @PrimaryKey() id!: number; }\n");
    write('node_modules/strata-orm/package.json', JSON.stringify({ name: 'strata-orm', main: join(__dirname, '../../src/index.ts') }));
    const config = await loadConfig({ cwd: dir, env: {}, entities: true });
    expect([...config.entitySources].map(([cls, file]) => [cls.name, file]).sort()).toEqual([['Post', join(dir, 'models', 'post.ts')], ['User', join(dir, 'models', 'user.ts')]]);
  });

  it('leaves absolute, in-memory and PostgreSQL URLs in the file as they are', async () => {
    for (const url of ['sqlite:/abs/app.db', 'sqlite::memory:', 'postgres://u@h/db']) {
      write('orm.config.json', JSON.stringify({ url }));
      expect((await loadConfig({ cwd: dir, env: {} })).connection.url).toBe(url);
    }
  });

  it('puts the default SQLite file beside a config file without a url, but gives no URL under NODE_ENV=production', async () => {
    write('orm.config.json', JSON.stringify({ migrations: { dir: 'migrations' } }));
    mkdirSync(join(dir, 'src'), { recursive: true });
    expect((await loadConfig({ cwd: join(dir, 'src'), env: {} })).connection.url).toBe(`sqlite:${join(dir, 'dev.sqlite3')}`);
    // The connection then refuses a missing URL (resolveConnection), rather than open a new, empty file.
    expect((await loadConfig({ cwd: join(dir, 'src'), env: { NODE_ENV: 'production' } })).connection.url).toBeUndefined();
    expect((await loadConfig({ cwd: join(dir, 'src'), env: { NODE_ENV: 'production', DATABASE_URL: 'sqlite::memory:' } })).connection.url).toBe('sqlite::memory:');
  });

  it('takes a knex client and connection when there is no URL anywhere', async () => {
    write('orm.config.json', JSON.stringify({ client: 'sqlite3', connection: { filename: ':memory:' } }));
    expect((await loadConfig({ cwd: dir, env: {} })).connection).toEqual({ client: 'sqlite3', connection: { filename: ':memory:' }, schema: undefined });
  });

  it.each([
    ['an unknown option', '{"urls": "x"}', /has unknown option\(s\) urls; the options are url, directUrl, driver, client/],
    ['an unknown migrations option', '{"url": "sqlite::memory:", "migrations": {"dir": "m", "tabel": "x"}}', /migrations has unknown option\(s\) tabel; the options are dir, tableName\./],
    ['a migrations dir that is not a string', '{"url": "sqlite::memory:", "migrations": {"dir": 5}}', /migrations\.dir must be a non-empty string\./],
    ['migrations that is not an object', '{"url": "sqlite::memory:", "migrations": "m"}', /migrations must be an object: \{ dir, tableName \}\./],
    ['an unknown SQLite driver', '{"driver": "sqlite4"}', /driver must be one of better-sqlite3, node:sqlite, sqlite3 \(got "sqlite4"\)/],
    ['invalid JSON', '{', /is not valid JSON/],
    ['an empty object', '{}', /exports no configuration/],
    ['a url that is not a string', '{"url": 5}', /url must be a string/],
  ])('refuses %s, naming the file', async (_what, text, message) => {
    write('orm.config.json', text);
    const error = await loadConfig({ cwd: dir, env: {} }).then(() => '', (e: Error) => e.message);
    expect(error).toMatch(message);
    expect(error).toContain(join(dir, 'orm.config.json'));
  });

  it('refuses a --config that does not exist', async () => {
    await expect(loadConfig({ cwd: dir, configPath: 'nope.ts', env: {} })).rejects.toThrow(ConfigError);
  });

  it('leaves out of an entities glob a .js compiled beside its source, and says so', async () => {
    write('orm.config.json', JSON.stringify({ entities: ['models/*'] }));
    write('models/user.ts', "import { PrimaryKey, Table } from 'strata-orm';\n@Table('users') export class User { @PrimaryKey() id!: number; }\n");
    write('models/user.js', "throw new Error('the compiled copy was loaded');\n");
    write('node_modules/strata-orm/package.json', JSON.stringify({ name: 'strata-orm', main: join(__dirname, '../../src/index.ts') }));
    const warnings: LoaderWarning[] = [];
    const stop = onLoaderWarning((w) => warnings.push(w));
    try {
      expect([...(await loadConfig({ cwd: dir, env: {}, entities: true })).entitySources.values()]).toEqual([join(dir, 'models', 'user.ts')]);
    } finally {
      stop();
    }
    expect(warnings.map((w) => [w.file, w.source])).toEqual([[join(dir, 'models', 'user.js'), join(dir, 'models', 'user.ts')]]);
  });

  it.each(['orm.config.mjs', 'orm.config.mts', 'orm.config.cts', 'orm.config.cjs'])('finds %s', (name) => {
    write(name, 'export default { url: "sqlite::memory:" };\n');
    mkdirSync(join(dir, 'src'));
    expect(findConfigFile(join(dir, 'src'))).toBe(join(dir, name));
  });

  it('loads orm.config.ts, not the orm.config.js tsc compiled beside it, and says so', async () => {
    write('orm.config.ts', "export default { url: 'sqlite:from-source.db' };\n");
    write('orm.config.js', "exports.default = { url: 'sqlite:from-compiled.db' };\n");
    const warnings: LoaderWarning[] = [];
    const stop = onLoaderWarning((w) => warnings.push(w));
    try {
      expect((await loadConfig({ cwd: dir, env: {} })).connection.url).toBe(`sqlite:${join(dir, 'from-source.db')}`);
    } finally {
      stop();
    }
    expect(warnings.map((w) => [w.file, w.source])).toEqual([[join(dir, 'orm.config.js'), join(dir, 'orm.config.ts')]]);
  });

  it('refuses two config files in one directory, naming both', () => {
    write('orm.config.ts', 'export default { url: "sqlite::memory:" };\n');
    write('orm.config.json', '{ "url": "sqlite::memory:" }');
    expect(() => findConfigFile(dir)).toThrow(`${dir} has 2 config files (orm.config.ts, orm.config.json); keep one, or choose with --config.`);
  });

  it('refuses a config file in a format it does not read, by name, instead of passing it over', async () => {
    write('orm.config.yaml', 'url: sqlite::memory:\n');
    mkdirSync(join(dir, 'src'));
    expect(() => findConfigFile(join(dir, 'src'))).toThrow(`Strata cannot read ${join(dir, 'orm.config.yaml')}: write the configuration as orm.config with one of .ts, .mts, .cts, .js, .mjs, .cjs, .json.`);
    await expect(loadConfig({ cwd: dir, configPath: 'orm.config.yaml', env: {} })).rejects.toThrow(/cannot read the config file .*orm\.config\.yaml: write it as a file with one of \.ts/);
  });
});
