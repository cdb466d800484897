import { relative } from 'node:path';
import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { openOffline } from '../project';
import { strata } from '../strata';

export const migrateRebase = defineCommand<{ migration?: string }>({
  command: 'migrate:rebase',
  describe: 'Resolve a branch conflict: generate the later of two migrations with the same parent again, on top of the other',
  builder: (y) => y.options({
    migration: { type: 'string', describe: 'Which of the two to regenerate (default: the later by name)' },
  }) as never,
  run: async (args, output) => {
    const api = strata();
    const project = await openOffline(args, { entities: true });
    const result = await api.rebaseMigration({
      dialect: project.dialect, metadata: project.metadata, migrationsDir: project.config.migrationsDir, migration: args.migration,
    });
    if (result.status === 'no-conflict') {
      output.line('No branch conflict: nothing to rebase.');
      output.document({ ok: true, status: result.status, changes: [] });
      return EXIT.ok;
    }
    const changes = result.changes.map((c) => ({ description: api.describeChange(c), ...api.safetyOf(c) }));
    for (const change of changes) output.line(`  ${change.destructive ? output.paint('yellow', '!') : '+'} ${change.description}`);
    output.line(result.status === 'rebased'
      ? `Removed ${result.removed} and its snapshot, and ${output.paint('green', 'wrote')} ${relative(process.cwd(), result.path!)} on top of ${result.onto}. ` +
        'Review it (hand edits in the removed file are not carried over), then run `orm db:migrate`.'
      : `Removed ${result.removed} and its snapshot: ${result.onto} already leaves the schema the entities describe, so nothing was written.`);
    output.document({
      ok: true, status: result.status, removed: result.removed, onto: result.onto, changes,
      ...(result.name !== undefined ? { name: result.name, path: result.path, snapshot: result.snapshotPath } : {}),
    });
    return EXIT.ok;
  },
});
