import { defineCommand } from '../command';
import { generate, type NameArgs, nameOptions } from './migrate-generate';

export const makeMigration = defineCommand<NameArgs>({
  command: 'make:migration [migration-name..]',
  describe: 'Write an empty migration to fill in by hand (migrate:generate --blank)',
  builder: (y) => nameOptions(y) as never,
  run: (args, output) => generate({ ...args, blank: true, dryRun: false }, output, 'make:migration'),
});
