import { defineCommand } from '../command';
import { UsageError } from '../failure';
import { strata } from '../strata';
import { type LockArgs, lockOptions, runMigrations } from './run-output';

export const dbReset = defineCommand<LockArgs & { force: boolean }>({
  command: 'db:reset',
  aliases: ['migrate:fresh'],
  describe: 'Drop every table, then apply every migration',
  builder: (y) => y.options({ force: { type: 'boolean', default: false, describe: 'Allow it when NODE_ENV is production' }, ...lockOptions }) as never,
  run: (args, output) => {
    if (process.env.NODE_ENV === 'production' && !args.force) {
      throw new UsageError('db:reset drops every table, and NODE_ENV is production; nothing was dropped. Add --force if that is really what you want.');
    }
    return runMigrations(args, output, { done: 'Applied', none: 'No migration to apply.' }, async (project, options) => {
      await project.orm.dialect.dropAll(project.orm.knex);
      output.line('Dropped every table.');
      return strata().migrateUp(options);
    });
  },
});
