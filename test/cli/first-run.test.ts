import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTE_ENTITY, TestProject, TSCONFIG } from '../helpers/cli';

/** A config written by hand, as the docs show it, naming a migrations directory that does not exist yet. */
const HAND_WRITTEN = `import { defineConfig } from 'strata-orm';

export default defineConfig({
  entities: ['src/entities/**/*.ts'],
  migrations: { dir: 'db/migrations' },
});
`;

describe('a project set up by hand, without orm init', () => {
  let project: TestProject;
  beforeEach(() => {
    project = TestProject.create(`sqlite:${join(mkdtempSync(join(tmpdir(), 'strata-first-')), 'app.sqlite3')}`, {
      'orm.config.ts': HAND_WRITTEN, 'tsconfig.json': TSCONFIG, 'src/entities/note.ts': NOTE_ENTITY,
    });
  });
  afterEach(() => project.cleanup());

  it('gets its migrations directory from the first migrate:generate, which says it created it', async () => {
    const generated = await project.orm(['migrate:generate', '--name', 'init']);
    expect(generated).toMatchObject({ code: 0, stderr: '' });
    expect(generated.stdout).toMatch(/\+ create table notes\nCreated db\/migrations\/, the migrations directory\.\nWrote db\/migrations\/\d{14}-init\.ts \(1 change\)/);
    expect(project.migrations('db/migrations')).toEqual([expect.stringMatching(/^\d{14}-init\.ts$/)]);
    expect((await project.orm(['db:migrate'])).stdout).toContain('Applied 1 migration.');
  });

  it('reports the directory it created in --json, and creates nothing on a dry run', async () => {
    const dry = await project.orm(['migrate:generate', '--name', 'init', '--dry-run', '--json']);
    expect(project.json(dry)).toMatchObject({ ok: true, status: 'dry-run' });
    expect(project.json(dry)).not.toHaveProperty('createdDir');
    expect(project.exists('db/migrations')).toBe(false);
    const written = await project.orm(['migrate:generate', '--name', 'init', '--json']);
    expect(project.json(written)).toMatchObject({ ok: true, status: 'written', createdDir: join(project.dir, 'db/migrations') });
  });
});
