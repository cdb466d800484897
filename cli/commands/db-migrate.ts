import { defineCommand } from '../command';
import { migratorOptions, withProject } from '../project';
import { strata } from '../strata';
import { finishRun, progress } from './run-output';

export interface LockArgs {
  allowEdited: boolean;
  lockTimeout: number;
}

export const lockOptions = {
  'allow-edited': { type: 'boolean', default: false, describe: 'Run even though applied migration files were edited since' },
  'lock-timeout': { type: 'number', default: 60, describe: 'Seconds to wait for another process that is migrating' },
} as const;

export const dbMigrate = defineCommand<LockArgs & { to?: string }>({
  command: 'db:migrate',
  describe: 'Apply pending migrations, in file-name order',
  builder: (y) => y.options({ to: { type: 'string', describe: 'Stop after this migration' }, ...lockOptions }) as never,
  run: (args, output) => withProject(args, { entities: false }, async (project) => {
    const run = await strata().migrateUp(
      migratorOptions(project, { allowEdited: args.allowEdited, lockTimeoutMs: args.lockTimeout * 1000, onResult: progress(output) }),
      { to: args.to },
    );
    return finishRun(run, output, { done: 'Applied', none: 'Nothing to apply: every migration is applied.' }, args.verbose);
  }),
});
