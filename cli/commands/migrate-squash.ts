import { relative } from 'node:path';
import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { openOffline } from '../project';
import { strata } from '../strata';

export const migrateSquash = defineCommand<{ to: string; name: string }>({
  command: 'migrate:squash',
  describe: 'Replace the migrations up to --to by one; databases that applied them record the squash',
  builder: (y) => y.options({
    to: { type: 'string', demandOption: 'Say which migration to squash up to, e.g. --to 20261122093000-add-users', describe: 'The last migration to squash' },
    name: { type: 'string', default: 'squashed', describe: 'The squashed migration\'s name, after the timestamp of --to' },
  }) as never,
  run: async (args, output) => {
    const api = strata();
    const project = await openOffline(args, { entities: false });
    const result = api.squashMigrations({ dialect: project.dialect, migrationsDir: project.config.migrationsDir, to: args.to, name: args.name });
    const where = (path: string): string => relative(process.cwd(), path);
    output.line(`Squashed ${result.squashed.length} migrations (${result.squashed[0]} … ${result.squashed.at(-1)}) into ${where(result.path)} and its snapshot ${where(result.snapshotPath)}.`);
    if (result.reparented) output.line(`${result.reparented} now follows it.`);
    output.line('Databases that applied them record the squash on their next `orm db:migrate`, without running it; new databases run it.');
    output.document({
      ok: true, name: result.name, path: result.path, snapshot: result.snapshotPath, squashed: result.squashed,
      changes: result.changes.map((c) => ({ description: api.describeChange(c), ...api.safetyOf(c) })),
      ...(result.reparented ? { reparented: result.reparented } : {}),
    });
    return EXIT.ok;
  },
});
