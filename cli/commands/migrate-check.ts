import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { withProject } from '../project';
import { summary } from './migrate-status';
import { stateProblems, syncState } from './sync-state';

export const migrateCheck = defineCommand({
  command: 'migrate:check',
  describe: 'For CI: exit 1 when migrations are pending or the entities need a migration that does not exist',
  builder: (y) => y,
  run: (args, output) => withProject(args, { entities: true }, async (project) => {
    const state = await syncState(project);
    if (state.inSync) output.line(`${output.paint('green', '✔')} Every migration is applied and the database matches the entities.`);
    else for (const line of summary(state, true)) output.line(line);
    output.document({ ok: state.inSync, ...stateProblems(state, true) });
    return state.inSync ? EXIT.ok : EXIT.problem;
  }),
});
