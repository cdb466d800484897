import { defineCommand } from '../command';
import { strata } from '../strata';
import { type LockArgs, lockOptions, runMigrations } from './run-output';

export const dbMigrate = defineCommand<LockArgs & { to?: string }>({
  command: 'db:migrate',
  describe: 'Apply pending migrations, in file-name order',
  builder: (y) => y.options({ to: { type: 'string', describe: 'Stop after this migration' }, ...lockOptions }) as never,
  run: (args, output) => runMigrations(args, output, { done: 'Applied', none: 'Nothing to apply: every migration is applied.' }, (_project, options) =>
    strata().migrateUp(options, { to: args.to })),
});
