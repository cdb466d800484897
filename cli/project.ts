import { relative } from 'node:path';
import type { GlobalArgs } from './global-options';
import { shownNumber, UsageError } from './failure';
import { strata, type Strata } from './strata';

/** Whether a command needs the entities: always, when configured, or not at all. */
export interface Needs {
  readonly entities: boolean | 'optional';
}

/** A configured, connected project: what most commands start from. */
export interface Project {
  readonly config: Strata.ResolvedConfig;
  readonly orm: Strata.Orm;
  close(): Promise<void>;
}

/**
 * Loads the configuration (with the entities when the command needs them), connects, and checks that the
 * database answers. Entity errors name the file each class came from.
 */
export async function openProject(args: GlobalArgs, needs: Needs): Promise<Project> {
  const api = strata();
  const config = await loadProjectConfig(args, needs);
  let orm: Strata.Orm;
  try {
    orm = await api.Orm.connect({ ...config.migrationConnection, entities: config.entities });
  } catch (error) {
    throw withEntitySources(error, config);
  }
  if (args.verbose && orm.dialect.connection.driverChoice) {
    const { url, driver, client } = config.migrationConnection;
    const chosen = /\?driver=/.test(url ?? '') || driver !== undefined || client !== undefined;
    process.stderr.write(`${orm.dialect.label} driver: ${orm.dialect.client} (${chosen ? 'as configured' : 'the fastest installed; choose one with ?driver= in the URL or driver in the config file'}).\n`);
  } else if (args.verbose && config.migrationConnection.driver !== undefined) {
    process.stderr.write(`${orm.dialect.label} driver: ${orm.dialect.client} (its only one; driver ${config.migrationConnection.driver} in the config file is not used).\n`);
  }
  return { config, orm, close: () => orm.close() };
}

/** A project without a connection, for the commands that need no database (`migrate:generate --offline`). */
export interface OfflineProject {
  readonly config: Strata.ResolvedConfig;
  readonly dialect: Strata.Dialect;
  readonly metadata: Strata.MetadataRegistry;
}

/** Loads the configuration and the entities, and finds the engine from the URL, without connecting. */
export async function openOffline(args: GlobalArgs, needs: Needs): Promise<OfflineProject> {
  const api = strata();
  const config = await loadProjectConfig(args, needs);
  const dialect = api.dialectOf(config.migrationConnection);
  try {
    return { config, dialect, metadata: api.MetadataRegistry.build(config.entities) };
  } catch (error) {
    throw withEntitySources(error, config);
  }
}

/** The configuration, with the entities when the command needs them. */
async function loadProjectConfig(args: GlobalArgs, needs: Needs): Promise<Strata.ResolvedConfig> {
  const api = strata();
  if (args.connectTimeout !== undefined && !(args.connectTimeout > 0)) {
    throw new UsageError(`--connect-timeout must be a number of seconds above 0 (got ${shownNumber(args.connectTimeout)}).`);
  }
  const config = await api.loadConfig({
    configPath: args.config, url: args.url, directUrl: args.directUrl, migrationsDir: args.migrationsDir, entities: needs.entities !== false,
    connectTimeoutMs: args.connectTimeout !== undefined ? args.connectTimeout * 1000 : undefined,
  });
  if (needs.entities === true && config.entities.length === 0) {
    throw new api.ConfigError(
      `No entities to compare with the database: ${config.file ? `${relative(process.cwd(), config.file)} lists none` : 'there is no orm.config.ts (run `orm init`)'}; ` +
        "add entities: ['src/entities/**/*.ts'] (globs or classes) to the configuration.",
    );
  }
  return config;
}

/** An entity error with the file each class came from beside its name; any other error as it is. */
export function withEntitySources(error: unknown, config: Strata.ResolvedConfig): unknown {
  const api = strata();
  if (!(error instanceof api.EntityDefinitionError)) return error;
  const files = new Map([...config.entitySources].map(([cls, file]) => [cls.name, relative(process.cwd(), file)]));
  return new api.EntityDefinitionError(error.problems.map((p) => {
    const file = files.get(p.where.split('.')[0]!);
    return file ? { where: `${p.where} (${file})`, message: p.message } : p;
  }));
}

/** Runs `fn` with a project, closing its connections afterwards whatever happens. */
export async function withProject<T>(args: GlobalArgs, needs: Needs, fn: (project: Project) => Promise<T>): Promise<T> {
  const project = await openProject(args, needs);
  try {
    return await fn(project);
  } finally {
    await project.close();
  }
}

/** The migrator's options for a project. */
export function migratorOptions(project: Project, extra: Partial<Strata.MigratorOptions> = {}): Strata.MigratorOptions {
  return {
    knex: project.orm.knex,
    dialect: project.orm.dialect,
    migrationsDir: project.config.migrationsDir,
    historyTable: project.config.historyTable,
    ...extra,
  };
}
