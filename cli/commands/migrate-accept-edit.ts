import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { UsageError } from '../failure';
import { migratorOptions, withProject } from '../project';
import { strata } from '../strata';
import { lockTimeoutOption } from './run-output';

interface Args {
  names: string[];
  all: boolean;
  lockTimeout: number;
}

export const migrateAcceptEdit = defineCommand<Args>({
  command: 'migrate:accept-edit [names..]',
  describe: 'Record the new checksum of applied migrations edited in a way that changes nothing in the database',
  builder: (y) => y
    .positional('names', { type: 'string', array: true, default: [], describe: 'The edited migrations (file names, with or without the extension)' })
    .options({
      all: { type: 'boolean', default: false, describe: 'Accept every edited migration' },
      ...lockTimeoutOption,
    }) as never,
  run: (args, output) => {
    if ((args.names.length === 0) === !args.all) {
      throw new UsageError(args.all
        ? 'Give either migration names or --all, not both; nothing was recorded.'
        : 'Name the edited migrations to accept (e.g. `orm migrate:accept-edit 20260101000000-init`), or give --all; nothing was recorded.');
    }
    return withProject(args, { entities: false }, async (project) => {
      const accepted = await strata().acceptEditedMigrations(
        migratorOptions(project, { lockTimeoutMs: args.lockTimeout * 1000 }),
        args.all ? { all: true } : { names: args.names },
      );
      for (const a of accepted) {
        output.line(a.status === 'accepted'
          ? `  ${output.paint('green', '✔')} ${a.name}: its new checksum is recorded`
          : `  ${output.paint('dim', '·')} ${a.name}: not edited, nothing to record`);
      }
      if (accepted.length === 0) output.line('No applied migration was edited: nothing to record.');
      output.document({ ok: true, migrations: accepted });
      return EXIT.ok;
    });
  },
});
