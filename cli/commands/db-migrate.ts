import { defineCommand } from '../command';
import { withProject } from '../project';
import { strata } from '../strata';
import { finishRun, type LockArgs, lockOptions, runOptions } from './run-output';

export const dbMigrate = defineCommand<LockArgs & { to?: string }>({
  command: 'db:migrate',
  describe: 'Apply pending migrations, in file-name order',
  builder: (y) => y.options({ to: { type: 'string', describe: 'Stop after this migration' }, ...lockOptions }) as never,
  run: (args, output) => withProject(args, { entities: false }, async (project) => {
    const run = await strata().migrateUp(runOptions(project, args, output), { to: args.to });
    return finishRun(run, output, { done: 'Applied', none: 'Nothing to apply: every migration is applied.' }, args.verbose);
  }),
});
