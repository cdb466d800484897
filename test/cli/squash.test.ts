import knexFactory from 'knex';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../helpers/dialects';
import { CONFIG, NOTE_ENTITY, TestProject, TSCONFIG } from '../helpers/cli';
import { resolveConnection } from '../../src/runtime/knex-config';
import { schemasEqual } from '../../src/schema/equality';
import type { Schema } from '../../src/schema/model';

const NOTE_PINNED = NOTE_ENTITY.replace('@Column() text!: string;', '@Column() text!: string;\n  @Column({ default: false }) pinned!: boolean;');
const TAG_ENTITY = `import { BelongsTo, Column, PrimaryKey, type Relation, Table } from 'strata-orm';
import { Note } from './note';
@Table('tags')
export class Tag {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) label!: string;
  @BelongsTo(() => Note, { onDelete: 'cascade' }) note?: Relation<Note>;
}
`;

async function schemaOf(url: string): Promise<Schema> {
  const { config, dialect } = resolveConnection({ url });
  const knex = knexFactory(config);
  try {
    return await dialect.schema.introspect(knex, { exclude: ['strata_migrations'] });
  } finally {
    await knex.destroy();
  }
}

describeEachDialect('migrate:squash', (db, dialect) => {
  let project: TestProject;
  const databases: TestDatabase[] = [];
  beforeAll(() => {
    project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY });
  });
  afterAll(async () => {
    project?.cleanup();
    for (const d of databases) await d.cleanup();
  });

  it('replaces the migrations up to --to by one; old databases record the squash, fresh ones get the same schema', async () => {
    const orm = async (args: string[], url?: string): Promise<{ code: number; stdout: string; stderr: string }> => project.orm(args, url ? { DATABASE_URL: url } : {});
    const partial = await createTestDatabase(dialect, 'squash_partial');
    databases.push(partial);
    expect((await orm(['migrate:generate', 'init'])).code).toBe(0);
    expect((await orm(['db:migrate'])).code).toBe(0);
    expect((await orm(['db:migrate'], partial.url)).code).toBe(0);
    project.write('entities/note.ts', NOTE_PINNED);
    expect((await orm(['migrate:generate', 'add-pinned'])).code).toBe(0);
    expect((await orm(['db:migrate'])).code).toBe(0);
    project.write('entities/tag.ts', TAG_ENTITY);
    expect((await orm(['migrate:generate', 'add-tags'])).code).toBe(0);
    expect((await orm(['db:migrate'])).code).toBe(0);
    const [init, pinned, tags] = project.migrations().map((f) => f.replace(/\.ts$/, ''));

    const squash = await orm(['migrate:squash', '--to', 'add-pinned', '--json']);
    expect(squash.code).toBe(0);
    const stamp = pinned!.slice(0, 14);
    expect(project.json(squash)).toMatchObject({ ok: true, name: `${stamp}-squashed`, squashed: [init, pinned], reparented: tags });
    expect(project.migrations()).toEqual([`${stamp}-squashed.ts`, `${tags}.ts`]);
    expect(JSON.parse(project.read(`migrations/${tags}.schema.json`))).toMatchObject({ parent: `${stamp}-squashed` });
    expect(project.exists(`migrations/${init}.schema.json`)).toBe(false);

    // The database that applied the originals: they show as squashed, and the next db:migrate records the squash,
    // which sorts before add-tags, applied already, but is not out of order: it does not run.
    const status = await orm(['migrate:status', '--json']);
    expect(project.json(status)).toMatchObject({
      missing: [], pending: [`${stamp}-squashed`], outOfOrder: [],
      migrations: [
        { name: init, state: 'squashed', squash: 'recorded' }, { name: pinned, state: 'squashed', squash: 'recorded' }, { name: tags, state: 'applied' },
        { name: `${stamp}-squashed`, state: 'pending', squash: 'recorded' },
      ],
    });
    expect((await orm(['migrate:status'])).stdout).toMatch(new RegExp(`pending +${stamp}-squashed +squashes migrations this database applied: \`orm db:migrate\` records it without running it`));
    const adopt = await orm(['db:migrate']);
    expect(adopt.code).toBe(0);
    expect(adopt.stderr).toContain(`recorded as applied without running it: it squashes ${init}, ${pinned}, which this database applied`);
    expect(project.json(await orm(['migrate:check', '--json']))).toMatchObject({ ok: true, missing: [], pending: [], snapshot: { state: 'matches' } });
    // The squash stands where its originals stood: undo reverts add-tags, the newest, and leaves the notes table.
    const undone = await orm(['db:migrate:undo', '--json']);
    expect(project.json(undone)).toMatchObject({ ok: true, migrations: [{ name: tags, status: 'reverted' }] });
    expect((await schemaOf(db().url)).tables.map((t) => t.name)).toEqual(['notes']);
    expect((await orm(['db:migrate'])).code).toBe(0);

    // A fresh database from the squashed folder: the same schema, and nothing for generate to do.
    const fresh = await createTestDatabase(dialect, 'squash_fresh');
    databases.push(fresh);
    expect((await orm(['db:migrate'], fresh.url)).code).toBe(0);
    expect((await orm(['migrate:check'], fresh.url)).code).toBe(0);
    expect((await orm(['migrate:generate', 'nothing'], fresh.url)).stdout).toContain('No changes');
    expect(schemasEqual(await schemaOf(fresh.url), await schemaOf(db().url))).toBe(true);

    // A database that applied only some of the squashed migrations is told what to do, and nothing is applied.
    const partStatus = await orm(['migrate:status'], partial.url);
    expect(partStatus.stdout).toContain(`${stamp}-squashed squashes migrations this database applied only some of, and \`orm db:migrate\` refuses it`);
    expect(partStatus.stdout).not.toMatch(/migration\(s\) pending: run/);
    const refused = await orm(['db:migrate'], partial.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${stamp}-squashed squashes ${init}, ${pinned}, and this database applied only ${init}. Nothing was applied.`);
  }, 180_000);
});
