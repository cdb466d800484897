import { relative } from 'node:path';
import type { Argv } from 'yargs';
import { defineCommand } from '../command';
import type { GlobalArgs } from '../global-options';
import { EXIT } from '../exit-codes';
import { UsageError } from '../failure';
import type { Output } from '../output';
import { openOffline, withEntitySources, withProject } from '../project';
import { strata, type Strata } from '../strata';

/** The name, given as `--name add-users` or as words after the command (`orm migrate:generate add users`). */
export interface NameArgs {
  name?: string;
  migrationName?: string[];
}

interface Args extends NameArgs {
  dryRun: boolean;
  blank: boolean;
  offline?: boolean;
}

/** The `[migration-name..]` positional and the `--name` option, for migrate:generate and make:migration. */
export function nameOptions<T>(y: Argv<T>): Argv<T & NameArgs> {
  return y
    .positional('migration-name', { type: 'string', array: true, describe: 'The name, as words: `add-users` or `add users` (the same as --name)' })
    .option('name', { type: 'string', describe: 'What the migration does, e.g. add-users' }) as unknown as Argv<T & NameArgs>;
}

export const migrateGenerate = defineCommand<Args>({
  command: 'migrate:generate [migration-name..]',
  describe: 'Diff the entities against the database and write a migration',
  builder: (y) => nameOptions(y)
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the file instead of writing it' })
    .option('blank', { type: 'boolean', default: false, describe: 'Write an empty template' })
    .option('offline', { type: 'boolean', default: false, describe: 'Diff against the snapshot of the newest migration instead of the database: no database needed' }) as never,
  run: (args, output) => generate(args, output),
});

/** The migration's name from either form; both, or neither, is bad usage. */
export function migrationNameOf(args: NameArgs, command: string): string {
  const words = (args.migrationName ?? []).join(' ').trim();
  if (args.name !== undefined && words !== '') {
    throw new UsageError(`Give the migration's name once, either as \`orm ${command} ${words}\` or as --name ${args.name}, not both. Nothing was written.`);
  }
  const name = args.name ?? words;
  if (name === '') {
    throw new UsageError(`Missing required argument: name. Give the migration a name, e.g. --name add-users (or \`orm ${command} add-users\`). Nothing was written.`);
  }
  return name;
}

/** Shared with make:migration, which is generate --blank. */
export async function generate(args: GlobalArgs & Args, output: Output, command = 'migrate:generate'): Promise<number> {
  const name = migrationNameOf(args, command);
  const invalid = strata().validateMigrationName(name);
  if (invalid) throw new UsageError(`${invalid} Nothing was written.`);
  if (args.offline) {
    const project = await openOffline(args, { entities: !args.blank });
    const result = await strata().generateMigration({
      offline: true, dialect: project.dialect, metadata: project.metadata,
      migrationsDir: project.config.migrationsDir, historyTable: project.config.historyTable,
      name, dryRun: args.dryRun, blank: args.blank,
    }).catch((error: unknown) => { throw withEntitySources(error, project.config); });
    report(result, output, true);
    return EXIT.ok;
  }
  return withProject(args, { entities: !args.blank }, async (project) => {
    const result = await strata().generateMigration({
      knex: project.orm.knex, dialect: project.orm.dialect, metadata: project.orm.metadata,
      migrationsDir: project.config.migrationsDir, historyTable: project.config.historyTable,
      name, dryRun: args.dryRun, blank: args.blank,
    }).catch((error: unknown) => { throw withEntitySources(error, project.config); });
    report(result, output);
    return EXIT.ok;
  });
}

function report(result: Strata.GenerateMigrationResult, output: Output, offline = false): void {
  const api = strata();
  const changes = result.changes.map((c) => ({ description: api.describeChange(c), ...api.safetyOf(c) }));
  if (result.drift?.length) {
    output.warn(`The database differs from the snapshot of ${result.parent}, the schema the migrations leave ` +
      '(changed outside the migrations, or a migration edited by hand); the diff below is taken against the database as it is:\n' +
      result.drift.map((d) => `  - ${d}`).join('\n'));
  }
  const base = { ...(result.parent !== null ? { parent: result.parent } : {}), ...(result.drift !== undefined ? { drift: result.drift } : {}) };
  if (result.status === 'no-changes') {
    output.line(offline
      ? `No changes: the snapshot of ${result.parent ?? 'an empty database'} already matches the entities. Nothing was written.`
      : 'No changes: the database already matches the entities. Nothing was written.');
    output.document({ ok: true, status: 'no-changes', changes: [], ...base });
    return;
  }
  const where = relative(process.cwd(), result.path);
  for (const change of changes) output.line(`  ${change.destructive ? output.paint('yellow', '!') : '+'} ${change.description}`);
  for (const warning of result.warnings) output.warn(warning);
  if (result.status === 'dry-run') {
    output.line(`\n// ${where} (dry run: not written)\n${result.source}`);
  } else {
    if (result.createdDir !== undefined) output.line(`${output.paint('green', 'Created')} ${relative(process.cwd(), result.createdDir) || '.'}/, the migrations directory.`);
    output.line(`${output.paint('green', 'Wrote')} ${where}${changes.length ? ` (${changes.length} change${changes.length === 1 ? '' : 's'})` : ' (blank)'} ` +
      `and its snapshot ${relative(process.cwd(), result.snapshot.path)}. Review it, then run \`orm db:migrate\`.`);
  }
  output.document({
    ok: true, status: result.status, name: result.name, path: result.path, changes, warnings: result.warnings,
    snapshot: result.snapshot.path, ...base,
    ...(result.status === 'dry-run' ? { source: result.source } : {}), ...(result.createdDir !== undefined ? { createdDir: result.createdDir } : {}),
  });
}
