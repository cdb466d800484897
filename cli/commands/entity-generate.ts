import { relative, resolve } from 'node:path';
import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { withProject } from '../project';
import { strata } from '../strata';

export const entityGenerate = defineCommand<{ out: string; force: boolean; dryRun: boolean }>({
  command: 'entity:generate',
  describe: 'Read the database and write decorated entity classes for its tables',
  builder: (y) => y.options({
    out: { type: 'string', demandOption: 'Say where to write the entities, e.g. --out src/entities', describe: 'Directory to write the entity files into' },
    force: { type: 'boolean', default: false, describe: 'Replace files that exist' },
    'dry-run': { type: 'boolean', default: false, describe: 'Print the files instead of writing them' },
  }) as never,
  run: (args, output) => withProject(args, { entities: false }, async (project) => {
    const files = await strata().generateEntities({
      knex: project.orm.knex, dialect: project.orm.dialect, outDir: resolve(args.out), historyTable: project.config.historyTable,
      force: args.force, dryRun: args.dryRun,
    });
    for (const warning of files.flatMap((f) => f.warnings ?? [])) output.warn(warning);
    for (const file of files) {
      if (args.dryRun) output.line(`// ${relative(process.cwd(), file.path)}\n${file.source}`);
      else output.line(`  ${output.paint('green', 'wrote')} ${relative(process.cwd(), file.path)}`);
    }
    if (!args.dryRun) output.line(`Wrote ${files.length - 1} entit${files.length === 2 ? 'y' : 'ies'} and index.ts. Add the directory to entities in orm.config.ts.`);
    output.document({ ok: true, dryRun: args.dryRun, files: files.map((f) => ({ path: f.path, ...(args.dryRun ? { source: f.source } : {}) })), warnings: files.flatMap((f) => f.warnings ?? []) });
    return EXIT.ok;
  }),
});
