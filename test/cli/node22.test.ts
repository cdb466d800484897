import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG, NOTE_ENTITY, STACK_LINE, TestProject, TSCONFIG } from '../helpers/cli';

/**
 * The CLI on Node.js 22 (the binary scripts/node22.sh fetches; `npm test` sets STRATA_NODE22): Node 22.18 and later
 * strip TypeScript types by themselves, and the CLI must still load decorated entities and migrations with their
 * decorator metadata, in CommonJS and ES module projects. There, better-sqlite3 (built for the Node.js that
 * installed it) does not load, so a plain `sqlite:` URL runs on node:sqlite.
 */
const node22 = process.env.STRATA_NODE22;

(node22 ? describe : describe.skip)(`orm on Node.js 22${node22 ? '' : ': skipped, STRATA_NODE22 names no Node.js 22 binary (npm test sets it)'}`, () => {
  it.each([
    ['CommonJS', {}],
    ['an ES module package', { 'package.json': JSON.stringify({ type: 'module' }) }],
  ])('generates and applies migrations from decorated entities in %s, on node:sqlite', async (_kind, extra) => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'strata-node22-')), 'app.sqlite3')}`;
    const project = TestProject.create(url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY, ...extra });
    try {
      const generated = await project.orm(['migrate:generate', '--name', 'init', '--verbose'], {}, node22);
      expect(generated.stderr).toBe('SQLite driver: node:sqlite (the fastest installed; choose one with ?driver= in the URL or driver in the config file).\n');
      expect(generated.code).toBe(0);
      // The column's type came from the decorator metadata of `text!: string`.
      expect(project.read(`migrations/${project.migrations()[0]}`)).toContain("t.string('text', 255).notNullable()");
      const migrated = await project.orm(['db:migrate'], {}, node22);
      expect(migrated.stderr).not.toMatch(STACK_LINE);
      expect({ code: migrated.code, stdout: migrated.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('Applied 1 migration.') });
      const status = await project.orm(['migrate:check'], {}, node22);
      expect(status.code).toBe(0);
    } finally {
      project.cleanup();
    }
  });
});
