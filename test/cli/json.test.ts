import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTE_ENTITY, TestProject } from '../helpers/cli';

describe('--json: every command prints one JSON document, and nothing else on stdout', () => {
  const project = TestProject.create(`sqlite:${join(mkdtempSync(join(tmpdir(), 'strata-json-')), 'app.sqlite3')}`);
  afterAll(() => project.cleanup());
  const run = async (...args: string[]): Promise<{ code: number; doc: Record<string, unknown> }> => {
    const result = await project.orm([...args, '--json']);
    const doc = project.json(result);
    // What the human output says in words is a value in the document, never null.
    expect({ args, nulls: nullsIn(doc) }).toEqual({ args, nulls: [] });
    return { code: result.code, doc };
  };

  it('covers a whole session', async () => {
    expect(await run('init')).toMatchObject({ code: 0, doc: { ok: true, written: expect.arrayContaining(['orm.config.ts', 'entities/user.ts']), warnings: [] } });
    project.write('entities/user.ts', NOTE_ENTITY);
    project.write('no-entities.config.ts', "export default { entities: [], migrations: { dir: 'migrations' } };\n");
    expect(await run('migrate:generate', '--name', 'init', '--dry-run')).toMatchObject({ code: 0, doc: { ok: true, status: 'dry-run', source: expect.stringContaining('createTable') } });
    expect(await run('migrate:generate', '--name', 'init')).toMatchObject({
      code: 0, doc: { ok: true, status: 'written', name: expect.stringMatching(/^\d{14}-init$/), changes: [{ description: 'create table notes', destructive: false, irreversible: false }], warnings: [] },
    });
    expect(await run('migrate:check')).toMatchObject({ code: 1, doc: { ok: false, pending: [expect.stringMatching(/-init$/)] } });
    expect(await run('db:migrate')).toMatchObject({ code: 0, doc: { ok: true, migrations: [{ status: 'applied', direction: 'up', durationMs: expect.any(Number) }] } });
    expect(await run('migrate:generate', '--name', 'again')).toMatchObject({ code: 0, doc: { ok: true, status: 'no-changes', changes: [] } });
    expect(await run('make:migration', 'by', 'hand')).toMatchObject({ code: 0, doc: { ok: true, status: 'written', changes: [] } });
    expect(await run('migrate:status')).toMatchObject({
      code: 1, doc: {
        ok: true, inSync: false, pending: [expect.stringMatching(/-by-hand$/)], migrations: [{ state: 'applied', appliedAt: expect.any(String) }, { state: 'pending' }],
        changes: [], schema: { state: 'not-compared', message: 'not compared with the entities until the pending migrations are applied.' },
      },
    });
    expect(await run('db:migrate')).toMatchObject({ code: 0, doc: { missing: [] } });
    expect(await run('migrate:check')).toMatchObject({ code: 0, doc: { ok: true, pending: [], changes: [], schema: { state: 'in-sync', message: 'in sync with the entities.' } } });
    expect(await run('migrate:accept-edit', '--all')).toMatchObject({ code: 0, doc: { ok: true, migrations: [] } });
    expect(await run('entity:generate', '--out', 'generated', '--dry-run')).toMatchObject({ code: 0, doc: { ok: true, dryRun: true, files: expect.any(Array), warnings: [] } });
    expect(await run('migrate:status', '--config', 'no-entities.config.ts')).toMatchObject({
      code: 0, doc: { ok: true, inSync: true, changes: [], schema: { state: 'not-compared', message: 'not compared (no entities configured).' } },
    });
    expect(await run('db:migrate:undo')).toMatchObject({ code: 0, doc: { ok: true, migrations: [{ status: 'reverted', name: expect.stringMatching(/-by-hand$/) }] } });
    expect(await run('db:migrate:undo:all')).toMatchObject({ code: 0, doc: { ok: true, migrations: [{ status: 'reverted' }] } });
    expect(await run('db:reset')).toMatchObject({ code: 0, doc: { ok: true, migrations: [{ status: 'applied' }, { status: 'applied' }] } });
  });

  it('reports errors as a document too', async () => {
    expect(await run('db:migrate', '--url', 'mssql://x/y')).toEqual({ code: 2, doc: { ok: false, error: { kind: 'ConfigError', message: expect.stringContaining('does not support') } } });
    // A bare orm prints the help, but under --json stdout holds one document only.
    expect(await run()).toEqual({ code: 2, doc: { ok: false, error: { kind: 'UsageError', message: expect.stringMatching(/^Give a command\./) } } });
    expect(await run('db:nope')).toEqual({ code: 2, doc: { ok: false, error: { kind: 'UsageError', message: expect.stringContaining('Unknown command "db:nope"') } } });
  });
});

/** The paths of the null values in a JSON document. */
function nullsIn(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => nullsIn(v, `${path}.${key}`));
}
