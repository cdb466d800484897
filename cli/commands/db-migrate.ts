import { defineCommand } from '../command';
import { strata } from '../strata';
import { type LockArgs, lockOptions, runMigrations } from './run-output';

export const dbMigrate = defineCommand<LockArgs & { to?: string; allowOutOfOrder: boolean }>({
  command: 'db:migrate',
  describe: 'Apply pending migrations, in file-name order',
  builder: (y) => y.options({
    to: { type: 'string', describe: 'Stop after this migration' },
    'allow-out-of-order': { type: 'boolean', default: false, describe: 'Apply pending migrations older than the last applied one' },
    ...lockOptions,
  }) as never,
  run: (args, output) => runMigrations(args, output, { done: 'Applied', none: 'Nothing to apply: every migration is applied.' }, (_project, options) =>
    strata().migrateUp({ ...options, allowOutOfOrder: args.allowOutOfOrder }, { to: args.to })),
});
