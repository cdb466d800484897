import { relative } from 'node:path';
import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { UsageError } from '../failure';
import { withProject } from '../project';
import { strata } from '../strata';
import { lockTimeoutOption } from './run-output';

export const dbBaseline = defineCommand<{ name: string; lockTimeout: number }>({
  command: 'db:baseline',
  describe: 'Adopt an existing database: write the first migration from it and record it applied without running it',
  builder: (y) => y.options({
    name: { type: 'string', default: 'baseline', describe: 'The migration\'s name' },
    ...lockTimeoutOption,
  }) as never,
  run: (args, output) => {
    const api = strata();
    const invalid = api.validateMigrationName(args.name);
    if (invalid) throw new UsageError(`${invalid} Nothing was written.`);
    return withProject(args, { entities: false }, async (project) => {
      const result = await api.baselineDatabase({
        knex: project.orm.knex, dialect: project.orm.dialect, migrationsDir: project.config.migrationsDir,
        historyTable: project.config.historyTable, name: args.name, lockTimeoutMs: args.lockTimeout * 1000,
      });
      const changes = result.changes.map((c) => ({ description: api.describeChange(c), ...api.safetyOf(c) }));
      for (const change of changes) output.line(`  + ${change.description}`);
      output.line(`${output.paint('green', 'Wrote')} ${relative(process.cwd(), result.path)} and its snapshot ${relative(process.cwd(), result.snapshotPath)}, ` +
        'and recorded it as applied without running it. Commit them; other databases with this schema can adopt it with `orm migrate:resolve --applied <name>`.');
      output.document({ ok: true, name: result.name, path: result.path, snapshot: result.snapshotPath, changes });
      return EXIT.ok;
    });
  },
});
