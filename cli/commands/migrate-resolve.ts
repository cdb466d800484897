import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { UsageError } from '../failure';
import { migratorOptions, withProject } from '../project';
import { strata } from '../strata';
import { forceOption, lockTimeoutOption } from './run-output';

interface Args {
  applied?: string;
  rolledBack?: string;
  force: boolean;
  lockTimeout: number;
}

export const migrateResolve = defineCommand<Args>({
  command: 'migrate:resolve',
  describe: 'Mark a migration applied or rolled back by hand, after a failure fixed outside Strata',
  builder: (y) => y.options({
    applied: { type: 'string', describe: 'Record this pending migration as applied, without running it' },
    'rolled-back': { type: 'string', describe: 'Remove this applied migration\'s record, without running its down' },
    force: { ...forceOption.force, describe: 'Go ahead when NODE_ENV is production' },
    ...lockTimeoutOption,
  }) as never,
  run: (args, output) => {
    if ((args.applied === undefined) === (args.rolledBack === undefined)) {
      throw new UsageError('Give exactly one of --applied <name> and --rolled-back <name> (e.g. `orm migrate:resolve --applied 20261122093000-add-users`); nothing was recorded.');
    }
    return withProject(args, { entities: false }, async (project) => {
      const resolved = await strata().resolveMigration(
        migratorOptions(project, { lockTimeoutMs: args.lockTimeout * 1000 }),
        args.applied !== undefined ? { applied: args.applied } : { rolledBack: args.rolledBack! },
        { force: args.force },
      );
      output.line(resolved.status === 'applied'
        ? `${output.paint('green', '✔')} ${resolved.name} is recorded as applied; its up did not run.`
        : `${output.paint('green', '↩')} ${resolved.name} is recorded as not applied; its down did not run` +
          (resolved.fileGone ? ', and its file is gone, so nothing runs it again.' : ', and `orm db:migrate` runs it again.'));
      output.document({ ok: true, name: resolved.name, status: resolved.status });
      return EXIT.ok;
    });
  },
});
