import { defineCommand } from '../command';
import { generate } from './migrate-generate';

export const makeMigration = defineCommand<{ name: string }>({
  command: 'make:migration',
  describe: 'Write an empty migration to fill in by hand (migrate:generate --blank)',
  builder: (y) => y.option('name', { type: 'string', demandOption: 'Give the migration a name, e.g. --name backfill-emails', describe: 'What the migration does' }) as never,
  run: (args, output) => generate({ ...args, blank: true, dryRun: false }, output),
});
