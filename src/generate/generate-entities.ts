import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { ConfigError } from '../config/errors';
import { type ModuleFormat, packageTypeOf } from '../config/source-files';
import { type EntityFile, renderEntities } from '../codegen/entities/render-entities';
import type { Dialect, TypeApproximation } from '../dialects';
import { DEFAULT_HISTORY_TABLE } from '../migrator/history';

export interface GenerateEntitiesOptions {
  readonly knex: Knex;
  readonly dialect: Dialect;
  /** The directory to write into; created when missing. */
  readonly outDir: string;
  /** Left out of the entities. Default `strata_migrations`. */
  readonly historyTable?: string;
  /** Replace files that exist. Default false: an existing file stops everything before anything is written. */
  readonly force?: boolean;
  /** Return the files without writing them. */
  readonly dryRun?: boolean;
  /**
   * The module system of the files: `module` writes relative imports with `.js` (`./user.js`), as ES modules
   * need. Default: the `"type"` of the nearest package.json above `outDir`.
   */
  readonly moduleFormat?: ModuleFormat;
}

/**
 * Reads the database and writes an entity class per table, and an index.ts listing them; in an ES module
 * package, their relative imports end in `.js`.
 */
export async function generateEntities(options: GenerateEntitiesOptions): Promise<EntityFile[]> {
  const approximations: TypeApproximation[] = [];
  const schema = await options.dialect.schema.introspect(options.knex, { exclude: [options.historyTable ?? DEFAULT_HISTORY_TABLE], onApproximation: (a) => approximations.push(a) });
  if (schema.tables.length === 0) throw new ConfigError('The database has no tables to generate entities from; run `orm db:migrate` first, or check --url.');
  const format = options.moduleFormat ?? packageTypeOf(options.outDir);
  const files = renderEntities(schema, { importExtension: format === 'module' ? '.js' : '', bigintAutoIncrement: options.dialect.capabilities.bigintAutoIncrement, approximations })
    .map((f) => ({ ...f, path: join(options.outDir, f.path) }));
  if (options.dryRun) return files;
  const existing = files.filter((f) => existsSync(f.path));
  if (existing.length && !options.force) {
    throw new ConfigError(`${existing.length} file(s) already exist in ${options.outDir} (${existing.map((f) => f.path.slice(options.outDir.length + 1)).join(', ')}); nothing was written. Choose another --out, or pass --force to replace them.`);
  }
  mkdirSync(options.outDir, { recursive: true });
  for (const file of files) writeFileSync(file.path, file.source);
  return files;
}
