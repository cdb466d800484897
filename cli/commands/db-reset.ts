import { defineCommand } from '../command';
import { strata } from '../strata';
import { forceOption, type LockArgs, lockOptions, runMigrations } from './run-output';

export const dbReset = defineCommand<LockArgs & { force: boolean }>({
  command: 'db:reset',
  aliases: ['migrate:fresh'],
  describe: 'Drop every table, then apply every migration',
  builder: (y) => y.options({ ...forceOption, ...lockOptions }) as never,
  run: (args, output) => runMigrations(args, output, { done: 'Applied', none: 'No migration to apply.' }, (_project, options) =>
    strata().migrateFresh(options, { force: args.force, onDropped: () => output.line('Dropped every table.') })),
});
