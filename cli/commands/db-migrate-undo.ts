import { defineCommand } from '../command';
import { shownNumber, UsageError } from '../failure';
import { strata } from '../strata';
import { forceOption, type LockArgs, lockOptions, runMigrations } from './run-output';

const REVERTED = { done: 'Reverted', none: 'Nothing to revert: no migration is applied.' };

export const dbMigrateUndo = defineCommand<LockArgs & { step?: number; to?: string; force: boolean }>({
  command: 'db:migrate:undo',
  describe: 'Revert the last applied migration (or --step n, or --to <name>)',
  builder: (y) => y.options({
    step: { type: 'number', describe: 'How many migrations to revert' },
    to: { type: 'string', describe: 'Revert down to and including this migration' },
    ...forceOption,
    ...lockOptions,
  }).conflicts('step', 'to') as never,
  run: (args, output) => {
    if (args.step !== undefined && (!Number.isInteger(args.step) || args.step < 1)) throw new UsageError(`--step must be a whole number of migrations, 1 or more (got ${shownNumber(args.step)}).`);
    return runMigrations(args, output, REVERTED, (_project, options) => strata().migrateDown(options, { step: args.step, to: args.to, force: args.force }));
  },
});

export const dbMigrateUndoAll = defineCommand<LockArgs & { force: boolean }>({
  command: 'db:migrate:undo:all',
  describe: 'Revert every applied migration',
  builder: (y) => y.options({ ...forceOption, ...lockOptions }) as never,
  run: (args, output) => runMigrations(args, output, REVERTED, (_project, options) => strata().migrateDown(options, { all: true, force: args.force })),
});
