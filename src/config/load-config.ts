import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { EntityClass } from '../decorators/options';
import { ownRaw } from '../decorators/raw-store';
import { DEFAULT_HISTORY_TABLE } from '../migrator/history';
import type { ConnectionOptions } from '../runtime/knex-config';
import type { OrmConfig } from './define-config';
import { ConfigError } from './errors';
import { DEFAULT_URL, DRIVER_NAMES, isDriverName, urlRelativeTo } from '../dialects';
import { withoutShadowed } from './source-files';
import { loadUserFile } from './ts-loader';

/** The config file names the CLI looks for, in every directory from the working directory upward. */
export const CONFIG_FILES = ['orm.config.ts', 'orm.config.mts', 'orm.config.cts', 'orm.config.js', 'orm.config.mjs', 'orm.config.cjs', 'orm.config.json'] as const;

const CONFIG_EXTENSIONS = CONFIG_FILES.map((f) => extname(f));

export interface LoadConfigOptions {
  /** Where to start looking for the config file (and what relative paths mean without one). Default: cwd. */
  readonly cwd?: string;
  /** An explicit config file (`--config`). */
  readonly configPath?: string;
  /** `--url`: wins over `DATABASE_URL` and the file. */
  readonly url?: string;
  /** `--direct-url`: wins over `DIRECT_DATABASE_URL` and the file's `directUrl`. */
  readonly directUrl?: string;
  /** `--migrations-dir`, relative to `cwd`. */
  readonly migrationsDir?: string;
  /** `--connect-timeout`, in ms: wins over the file's `connectTimeoutMs`. */
  readonly connectTimeoutMs?: number;
  /** Load the entity files. Commands that only run migrations leave them alone. */
  readonly entities?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** Everything a command needs, resolved. */
export interface ResolvedConfig {
  /** The config file, when one was found. */
  readonly file?: string;
  /** The directory relative paths are resolved against. */
  readonly root: string;
  readonly connection: ConnectionOptions;
  /**
   * The connection the CLI uses: `connection` to the direct URL when one is given (`--direct-url`,
   * `DIRECT_DATABASE_URL`, `directUrl` in the file), for an application whose URL goes through a pooler; otherwise
   * `connection` itself.
   */
  readonly migrationConnection: ConnectionOptions;
  /**
   * The read replicas' URLs, for an application's `Orm.connect({ ...config.connection, replicas: config.replicas })`.
   * The CLI never reads from them: migrations and checks need the primary.
   */
  readonly replicas: readonly string[];
  /** The entity classes (empty unless `entities: true` was asked). */
  readonly entities: EntityClass[];
  /** The file each entity class was loaded from, for messages. */
  readonly entitySources: ReadonlyMap<EntityClass, string>;
  readonly migrationsDir: string;
  readonly historyTable: string;
}

/**
 * Finds and loads the configuration. Precedence: flags (`--url`, `--direct-url`, `--config`, `--migrations-dir`),
 * then `DATABASE_URL` and `DIRECT_DATABASE_URL`, then the config file, then the defaults. Asynchronous because a config file or an entity
 * file may be an ES module, which loads through `import()` (top-level `await` included).
 * @throws ConfigError naming the file and what is wrong with it.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const file = options.configPath !== undefined ? resolve(cwd, options.configPath) : findConfigFile(cwd);
  if (options.configPath !== undefined && !existsSync(file!)) throw new ConfigError(`The config file ${file} does not exist.`);
  if (file && !CONFIG_EXTENSIONS.includes(extname(file))) {
    throw new ConfigError(`Strata cannot read the config file ${file}: write it as a file with one of ${CONFIG_EXTENSIONS.join(', ')}.`);
  }
  const config = file ? await readConfigFile(file) : {};
  const root = file ? dirname(file) : cwd;
  // An empty variable (`DATABASE_URL=` in a .env file) is an unset one.
  const envUrl = env.DATABASE_URL || undefined;
  const envDirectUrl = env.DIRECT_DATABASE_URL || undefined;
  // With no URL anywhere, the default SQLite file sits beside the config file, as a relative url of the file's would;
  // not under NODE_ENV=production, where the connection refuses a missing URL (see resolveConnection).
  const defaultUrl = file && config.client === undefined && env.NODE_ENV !== 'production' ? urlRelativeTo(DEFAULT_URL, root) : undefined;
  const url = options.url ?? envUrl ?? (config.url !== undefined ? urlRelativeTo(config.url, root) : defaultUrl);
  const connectTimeoutMs = options.connectTimeoutMs ?? config.connectTimeoutMs;
  const connection: ConnectionOptions = {
    ...(url !== undefined || config.client === undefined
      ? { url, schema: config.schema }
      : { client: config.client, connection: config.connection, schema: config.schema }),
    ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
    ...(config.driver !== undefined ? { driver: config.driver } : {}),
  };
  // A direct URL is taken only from a place at least as specific as the URL's: the one a command is told
  // (`--url`, `DATABASE_URL`) is the database it works on, and a direct URL meant for the file's never replaces it.
  const fileDirectUrl = options.url === undefined && envUrl === undefined && config.directUrl !== undefined ? urlRelativeTo(config.directUrl, root) : undefined;
  const directUrl = options.directUrl ?? (options.url !== undefined ? undefined : envDirectUrl ?? fileDirectUrl);
  return {
    file,
    root,
    connection,
    migrationConnection: directUrl !== undefined ? { ...urlOptions(connection), url: directUrl } : connection,
    replicas: config.replicas ?? [],
    ...(options.entities ? await loadEntities(config.entities ?? [], root, file) : { entities: [], entitySources: new Map() }),
    migrationsDir: options.migrationsDir !== undefined ? resolve(cwd, options.migrationsDir) : resolve(root, config.migrations?.dir ?? 'migrations'),
    historyTable: config.migrations?.tableName ?? DEFAULT_HISTORY_TABLE,
  };
}

/** The options of `connection` that go with any URL (a client and its connection do not). */
function urlOptions({ schema, connectTimeoutMs, driver }: ConnectionOptions): ConnectionOptions {
  return { schema, ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}), ...(driver !== undefined ? { driver } : {}) };
}


/**
 * The nearest config file from `dir` upward: the first directory with one decides. A `.js` that tsc compiled
 * beside `orm.config.ts` (`.mjs` beside `.mts`, `.cjs` beside `.cts`) is ignored for its source (reported
 * through onLoaderWarning).
 * @throws ConfigError when that directory has two config files, or one in a format Strata does not read
 * (`orm.config.yaml`): a config file is never silently passed over.
 */
export function findConfigFile(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const names = configNamesIn(current);
    if (names.length > 0) return chooseConfigFile(current, names);
    if (dirname(current) === current) return undefined;
  }
}

/** Formats a config could be written in that Strata does not read: such a file is refused, not passed over. */
const UNREAD_CONFIG_EXTENSIONS = ['.tsx', '.jsx', '.yaml', '.yml', '.toml', '.json5', '.jsonc'];

/** The config files in `dir`, and those in a format Strata does not read. */
function configNamesIn(dir: string): string[] {
  try {
    const names = new Set(readdirSync(dir));
    return [...CONFIG_FILES, ...UNREAD_CONFIG_EXTENSIONS.map((e) => `orm.config${e}`)].filter((name) => names.has(name));
  } catch {
    return [];
  }
}

function chooseConfigFile(dir: string, names: readonly string[]): string {
  const readable = names.filter((name) => (CONFIG_FILES as readonly string[]).includes(name)).map((name) => join(dir, name));
  const sources = withoutShadowed(readable, (path) => readable.includes(path));
  if (sources.length > 1) {
    throw new ConfigError(`${dir} has ${sources.length} config files (${sources.map((s) => basename(s)).join(', ')}); keep one, or choose with --config.`);
  }
  if (sources.length === 1) return sources[0]!;
  throw new ConfigError(`Strata cannot read ${join(dir, names[0]!)}: write the configuration as orm.config with one of ${CONFIG_EXTENSIONS.join(', ')}.`);
}

async function readConfigFile(file: string): Promise<OrmConfig> {
  let loaded: unknown;
  if (file.endsWith('.json')) {
    try {
      loaded = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`The config file ${file} is not valid JSON: ${(error as Error).message}.`, { cause: error });
    }
  } else {
    const exported = await loadUserFile<{ default?: unknown }>(file, (reason, cause) => new ConfigError(`Loading the config file ${file} failed: ${reason}`, { cause }));
    loaded = exported && typeof exported === 'object' && 'default' in exported ? exported.default : exported;
  }
  if (!loaded || typeof loaded !== 'object' || Object.keys(loaded).length === 0) {
    throw new ConfigError(`The config file ${file} exports no configuration; write \`export default defineConfig({ entities: [...], migrations: { dir: 'migrations' } })\`.`);
  }
  validate(loaded as Record<string, unknown>, file);
  return loaded as OrmConfig;
}

function validate(config: Record<string, unknown>, file: string): void {
  const known = ['url', 'directUrl', 'driver', 'client', 'connection', 'schema', 'connectTimeoutMs', 'replicas', 'entities', 'migrations'];
  const unknown = Object.keys(config).filter((k) => !known.includes(k));
  if (unknown.length) throw new ConfigError(`The config file ${file} has unknown option(s) ${unknown.join(', ')}; the options are ${known.join(', ')}.`);
  if (config.url !== undefined && typeof config.url !== 'string') throw new ConfigError(`In ${file}, url must be a string.`);
  if (config.directUrl !== undefined && typeof config.directUrl !== 'string') throw new ConfigError(`In ${file}, directUrl must be a string (a database URL).`);
  if (config.driver !== undefined && !isDriverName(config.driver)) {
    throw new ConfigError(`In ${file}, driver must be one of ${DRIVER_NAMES.join(', ')} (got ${JSON.stringify(config.driver)}).`);
  }
  if (config.connectTimeoutMs !== undefined && !(typeof config.connectTimeoutMs === 'number' && config.connectTimeoutMs > 0)) {
    throw new ConfigError(`In ${file}, connectTimeoutMs must be a number of milliseconds above 0.`);
  }
  if (config.replicas !== undefined && !(Array.isArray(config.replicas) && config.replicas.every((r) => typeof r === 'string'))) {
    throw new ConfigError(`In ${file}, replicas must be an array of database URLs.`);
  }
  if (config.entities !== undefined && !Array.isArray(config.entities)) throw new ConfigError(`In ${file}, entities must be an array of classes or globs.`);
  if (config.migrations !== undefined) validateMigrations(config.migrations, file);
}

/** `migrations: { dir, tableName }`, each a string; another key is a typo, refused like one at the top level. */
function validateMigrations(migrations: unknown, file: string): void {
  if (typeof migrations !== 'object' || migrations === null || Array.isArray(migrations)) {
    throw new ConfigError(`In ${file}, migrations must be an object: { dir, tableName }.`);
  }
  const known = ['dir', 'tableName'];
  const unknown = Object.keys(migrations).filter((k) => !known.includes(k));
  if (unknown.length) throw new ConfigError(`In ${file}, migrations has unknown option(s) ${unknown.join(', ')}; the options are ${known.join(', ')}.`);
  for (const key of known) {
    const value = (migrations as Record<string, unknown>)[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw new ConfigError(`In ${file}, migrations.${key} must be a non-empty string.`);
  }
}

/**
 * Index files last: an index that re-exports the entities (as entity:generate writes one) would otherwise load
 * first, and a class's problems be reported against it rather than against the file that declares the class.
 */
function declaringFirst(paths: readonly string[]): string[] {
  const isIndex = (path: string): boolean => /^index\.[cm]?[jt]s$/.test(basename(path));
  return [...paths.filter((p) => !isIndex(p)), ...paths.filter(isIndex)];
}

/**
 * Entity classes from a list of classes and globs: every exported class that carries @Table. A matched `.js`
 * beside its TypeScript source is left out (and reported): the source is the entity.
 */
async function loadEntities(specs: readonly (string | EntityClass)[], root: string, file: string | undefined): Promise<Pick<ResolvedConfig, 'entities' | 'entitySources'>> {
  const classes = new Set<EntityClass>();
  const sources = new Map<EntityClass, string>();
  for (const spec of specs) {
    if (typeof spec === 'function') {
      classes.add(spec);
      continue;
    }
    if (typeof spec !== 'string') throw new ConfigError(`${file ?? 'The configuration'}: an entities entry is neither a class nor a glob (${String(spec)}).`);
    const paths = (require('fast-glob') as typeof import('fast-glob')).sync(spec.replace(/\\/g, '/'), { cwd: root, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**', '**/*.d.ts'] }).sort();
    if (paths.length === 0) {
      throw new ConfigError(`The entities glob '${spec}' matches no file under ${root}${file ? ` (from ${relative(process.cwd(), file) || file})` : ''}; fix the glob or create the entities.`);
    }
    for (const path of declaringFirst(withoutShadowed(paths))) {
      const exported = await loadUserFile<Record<string, unknown>>(path, (reason, cause) => new ConfigError(`Loading the entity file ${isAbsolute(path) ? path : resolve(path)} failed: ${reason}`, { cause }));
      for (const value of Object.values(exported ?? {})) {
        if (typeof value === 'function' && ownRaw(value as EntityClass)?.table) {
          classes.add(value as EntityClass);
          if (!sources.has(value as EntityClass)) sources.set(value as EntityClass, path);
        }
      }
    }
  }
  return { entities: [...classes], entitySources: sources };
}
