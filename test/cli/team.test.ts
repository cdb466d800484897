import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { createTestDatabase, describeEachDialect, type TestDatabase, type TestDialect } from '../helpers/dialects';
import { CONFIG, NOTE_ENTITY, TestProject, TSCONFIG } from '../helpers/cli';
import { resolveConnection } from '../../src/runtime/knex-config';

const TAG_ENTITY = `import { Column, PrimaryKey, Table } from 'strata-orm';
@Table('tags')
export class Tag {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) label!: string;
}
`;

/** Branch B's change: a column on the main line's table. */
const NOTE_PINNED = NOTE_ENTITY.replace('@Column() text!: string;', '@Column() text!: string;\n  @Column({ default: false }) pinned!: boolean;');

/** A URL at which nothing answers: a closed port, or a SQLite file in a directory that does not exist. */
function unreachable(dialect: TestDialect, dir: string): string {
  if (dialect === 'mysql') return 'mysql://root@127.0.0.1:9/nothing';
  return dialect === 'postgres' ? 'postgres://postgres@127.0.0.1:9/nothing' : `sqlite:${join(dir, 'no-such-dir', 'db.sqlite3')}`;
}

/** Every file of the migrations folder (migrations and snapshots), with the timestamps written as T. */
function folder(project: TestProject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of readdirSync(join(project.dir, 'migrations')).sort()) {
    out[file.replace(/\d{14}/g, 'T')] = project.read(`migrations/${file}`).replace(/\d{14}/g, 'T');
  }
  return out;
}

/** Copies the migrations (and snapshots) of `from` into `to`, as a git merge or checkout would. */
function copyMigrations(from: TestProject, to: TestProject, only?: (file: string) => boolean): void {
  for (const file of readdirSync(join(from.dir, 'migrations'))) if (!only || only(file)) to.write(`migrations/${file}`, from.read(`migrations/${file}`));
}

function project(url: string, entities: Record<string, string>): TestProject {
  return TestProject.create(url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, ...entities });
}

/** Waits until the wall clock's second changes, so that a migration generated next is named later. */
/**
 * Waits until the clock is past the second that the migration file `name` carries (`20260101120000-…`, UTC): a
 * file generated then is named later. Its second may be ahead of the clock, as a name is always later than the
 * newest file's.
 */
function pastSecondOf(name: string): Promise<void> {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(name)!;
  const end = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + 1000;
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, end - Date.now()) + 5));
}
const newest = (p: TestProject, suffix: string): string => p.migrations().filter((f) => f.endsWith(suffix)).at(-1)!.replace(/\.ts$/, '');

describeEachDialect('migrations in a team', (db, dialect) => {
  const cleanup: (() => unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });
  const track = <T extends TestProject>(p: T): T => {
    cleanup.push(() => p.cleanup());
    return p;
  };
  const database = async (label: string): Promise<TestDatabase> => {
    const d = await createTestDatabase(dialect, label);
    cleanup.push(() => d.cleanup());
    return d;
  };

  it('writes a snapshot beside each migration, with its parent, as sorted, indented JSON', async () => {
    const p = track(project(db().url, { 'entities/note.ts': NOTE_ENTITY }));
    expect((await p.orm(['migrate:generate', 'init'])).code).toBe(0);
    const init = newest(p, '-init.ts');
    const snapshot = p.read(`migrations/${init}.schema.json`);
    const parsed = JSON.parse(snapshot) as { parent: unknown; migration: string; dialect: string; schema: { tables: { name: string }[] } };
    expect(parsed).toMatchObject({ format: 1, parent: null, migration: init, dialect });
    expect(parsed.schema.tables.map((t) => t.name)).toEqual(['notes']);
    expect(snapshot).toMatch(/^\{\n {2}"dialect": /);
    expect(snapshot.endsWith('}\n')).toBe(true);

    // Reformatting the snapshot changes nothing it says.
    p.write(`migrations/${init}.schema.json`, JSON.stringify(parsed));
    expect((await p.orm(['db:migrate'])).code).toBe(0);
    const status = await p.orm(['migrate:status', '--json']);
    expect(status.code).toBe(0);
    expect(p.json(status)).toMatchObject({ inSync: true, conflicts: [], outOfOrder: [], snapshot: { state: 'matches', migration: init } });

    p.write('entities/note.ts', NOTE_PINNED);
    const next = await p.orm(['migrate:generate', 'add-pinned', '--json']);
    expect(p.json(next)).toMatchObject({ status: 'written', parent: init, drift: [] });
    expect(JSON.parse(p.read(`migrations/${newest(p, '-add-pinned.ts')}.schema.json`))).toMatchObject({ parent: init });
  });

  it('generates offline, with no database reachable, the same files as online', async () => {
    const online = track(project(db().url, { 'entities/note.ts': NOTE_ENTITY }));
    const d = await database('offline');
    online.write('orm.config.ts', CONFIG);
    const onlineUrl = { DATABASE_URL: d.url };
    expect((await online.orm(['migrate:generate', 'init'], onlineUrl)).code).toBe(0);
    expect((await online.orm(['db:migrate'], onlineUrl)).code).toBe(0);

    const offline = track(project(unreachable(dialect, online.dir), { 'entities/note.ts': NOTE_PINNED, 'entities/tag.ts': TAG_ENTITY }));
    copyMigrations(online, offline);
    const generated = await offline.orm(['migrate:generate', 'second', '--offline', '--json']);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    expect(offline.json(generated)).toMatchObject({ status: 'written', parent: newest(online, '-init.ts') });
    expect(offline.json(generated)).not.toHaveProperty('drift');
    // Without --offline, the same project fails to connect: the database really is out of reach.
    expect((await offline.orm(['migrate:status'])).code).toBe(2);

    online.write('entities/note.ts', NOTE_PINNED);
    online.write('entities/tag.ts', TAG_ENTITY);
    expect((await online.orm(['migrate:generate', 'second'], onlineUrl)).code).toBe(0);
    expect(folder(offline)).toEqual(folder(online));

    // Offline, once the entities match the snapshot, there is nothing to write.
    const again = await offline.orm(['migrate:generate', 'third', '--offline']);
    expect(again.stdout).toContain(`No changes: the snapshot of ${newest(offline, '-second.ts')} already matches the entities. Nothing was written.`);
    // The migration written offline applies, and leaves the database as its snapshot says.
    expect((await online.orm(['db:migrate'], onlineUrl)).code).toBe(0);
    expect(online.json(await online.orm(['migrate:check', '--json'], onlineUrl))).toMatchObject({ ok: true, snapshot: { state: 'matches' } });
  }, 120_000);

  it('reports drift: a database changed outside the migrations', async () => {
    const d = await database('drift');
    const p = track(project(d.url, { 'entities/note.ts': NOTE_ENTITY }));
    expect((await p.orm(['migrate:generate', 'init'])).code).toBe(0);
    expect((await p.orm(['db:migrate'])).code).toBe(0);
    // By hand, outside the migrations.
    const knex = knexFactory(resolveConnection({ url: d.url }).config);
    try {
      await knex.schema.createTable('scratch', (t) => { t.integer('n'); });
    } finally {
      await knex.destroy();
    }

    const check = await p.orm(['migrate:check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/Snapshot: the database differs from the snapshot of \d{14}-init[^\n]*\n {2}- create table scratch/);
    const generated = await p.orm(['migrate:generate', 'after-drift', '--dry-run', '--json']);
    expect(p.json(generated)).toMatchObject({ drift: ['create table scratch'] });
    const human = await p.orm(['migrate:generate', 'after-drift', '--dry-run']);
    expect(human.stderr).toMatch(/Warning: The database differs from the snapshot of \d{14}-init.*\n {2}- create table scratch/);
  });

  for (const first of ['tags', 'pinned'] as const) {
    it(`detects two branches generated from the same commit, merged ${first} first, and rebases the second on top`, async () => {
      // The main line: one migration, applied to the shared database.
      const d = await database(`team_${first}`);
      const main = track(project(d.url, { 'entities/note.ts': NOTE_ENTITY }));
      expect((await main.orm(['migrate:generate', 'init'])).code).toBe(0);
      expect((await main.orm(['db:migrate'])).code).toBe(0);
      const init = newest(main, '-init.ts');

      // Two branches from that commit, each generating offline on a laptop with no database: tags, then pinned.
      const tags = track(project(unreachable(dialect, main.dir), { 'entities/note.ts': NOTE_ENTITY, 'entities/tag.ts': TAG_ENTITY }));
      const pinned = track(project(unreachable(dialect, main.dir), { 'entities/note.ts': NOTE_PINNED }));
      copyMigrations(main, tags);
      copyMigrations(main, pinned);
      expect((await tags.orm(['migrate:generate', 'add-tags', '--offline'])).code).toBe(0);
      const tagsName = newest(tags, '-add-tags.ts');
      // File names carry the second: a quick machine would give both the same one, and pinned sorts first.
      await pastSecondOf(tagsName);
      expect((await pinned.orm(['migrate:generate', 'add-pinned', '--offline'])).code).toBe(0);
      const pinnedName = newest(pinned, '-add-pinned.ts');

      // Merged in the order they were generated, or the other way round: the first is applied before the second lands.
      const [mergedFirst, mergedSecond] = first === 'tags' ? [tags, pinned] : [pinned, tags];
      const [firstName, secondName] = first === 'tags' ? [tagsName, pinnedName] : [pinnedName, tagsName];
      copyMigrations(mergedFirst, main);
      main.write('entities/note.ts', mergedFirst.read('entities/note.ts'));
      if (mergedFirst === tags) main.write('entities/tag.ts', TAG_ENTITY);
      expect((await main.orm(['db:migrate'])).code).toBe(0);
      copyMigrations(mergedSecond, main);
      main.write('entities/note.ts', NOTE_PINNED);
      main.write('entities/tag.ts', TAG_ENTITY);

      const both = [tagsName, pinnedName].sort();
      const branchPoint = new RegExp(`${both[0]} and ${both[1]} were both generated on top of ${init}`);
      const check = await main.orm(['migrate:check', '--json']);
      expect(check.code).toBe(1);
      // Not out of order: a migration in a conflict is rebased, not applied with --allow-out-of-order.
      expect(main.json(check)).toMatchObject({ ok: false, conflicts: [{ parent: init, migrations: both }], outOfOrder: [] });
      const status = await main.orm(['migrate:status']);
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(branchPoint);
      // The advice fits what this database applied: never to regenerate the migration it holds.
      expect(status.stdout).toContain(first === 'pinned'
        ? `This database applied ${pinnedName}, the later one: run \`orm migrate:rebase --migration ${tagsName}\` to generate ${tagsName}, which it has not applied, again on top of it`
        : 'Run `orm migrate:rebase` to generate the later one again on top of the other, then `orm db:migrate`.');
      expect(status.stdout).not.toMatch(/migration\(s\) pending: run|--allow-out-of-order/);
      const migrate = await main.orm(['db:migrate']);
      expect(migrate.code).toBe(1);
      expect(migrate.stderr).toMatch(branchPoint);
      expect(migrate.stderr).toContain('Nothing was applied.');
      // db:migrate gives the same advice, from the history it read.
      expect(migrate.stderr).toContain(first === 'pinned' ? `run \`orm migrate:rebase --migration ${tagsName}\`` : 'Run `orm migrate:rebase` to generate the later one again on top of the other, then `orm db:migrate`.');
      expect(main.json(await main.orm(['migrate:status', '--json']))).toMatchObject({ pending: [secondName] });
      const generate = await main.orm(['migrate:generate', 'more']);
      expect(generate.code).toBe(1);
      expect(generate.stderr).toMatch(branchPoint);
      expect(generate.stderr).toContain('Nothing was written.');

      // The second merged branch's migration is generated again on top of the first (pinned is the default: the later by name).
      const rebase = await main.orm(['migrate:rebase', '--json', ...(secondName === pinnedName ? [] : ['--migration', secondName])]);
      expect(rebase.code).toBe(0);
      const rebased = main.json(rebase);
      expect(rebased).toMatchObject({ status: 'rebased', removed: secondName, onto: firstName });
      expect(main.exists(`migrations/${secondName}.ts`)).toBe(false);
      expect(main.exists(`migrations/${secondName}.schema.json`)).toBe(false);
      expect(JSON.parse(main.read(`migrations/${String(rebased.name)}.schema.json`))).toMatchObject({ parent: firstName });
      expect((await main.orm(['db:migrate'])).code).toBe(0);
      expect(main.json(await main.orm(['migrate:check', '--json']))).toMatchObject({ ok: true, conflicts: [], outOfOrder: [], snapshot: { state: 'matches' } });
      expect((await main.orm(['migrate:rebase'])).stdout).toContain('No branch conflict: nothing to rebase.');

      // A fresh database from the merged folder ends in the same schema.
      const fresh = await database(`fresh_${first}`);
      expect((await main.orm(['db:migrate'], { DATABASE_URL: fresh.url })).code).toBe(0);
      expect((await main.orm(['migrate:check'], { DATABASE_URL: fresh.url })).code).toBe(0);
    }, 240_000); // some thirty runs of the CLI
  }

  it('refuses to rebase branches that change the same objects, naming them, and changes nothing', async () => {
    const main = track(project(unreachable(dialect, tmpdir()), { 'entities/note.ts': NOTE_ENTITY }));
    expect((await main.orm(['migrate:generate', 'init', '--offline'])).code).toBe(0);
    const one = track(project(main.url, { 'entities/note.ts': NOTE_PINNED }));
    const two = track(project(main.url, { 'entities/note.ts': NOTE_PINNED.replace('default: false', 'default: true') }));
    for (const [branch, name] of [[one, 'pin-one'], [two, 'pin-two']] as const) {
      copyMigrations(main, branch);
      expect((await branch.orm(['migrate:generate', name, '--offline'])).code).toBe(0);
    }
    copyMigrations(one, main);
    copyMigrations(two, main);
    const before = folder(main);
    const refused = await main.orm(['migrate:rebase']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Cannot rebase: \d{14}-pin-one and \d{14}-pin-two both change column notes\.pinned\. Nothing was changed\./);
    expect(folder(main)).toEqual(before);
  });

  it('applies a migration older than the last applied one only with --allow-out-of-order', async () => {
    const d = await database('out_of_order');
    const p = track(project(d.url, { 'entities/note.ts': NOTE_ENTITY }));
    expect((await p.orm(['migrate:generate', 'init'])).code).toBe(0);
    expect((await p.orm(['db:migrate'])).code).toBe(0);
    expect((await p.orm(['make:migration', 'later'])).code).toBe(0);
    expect((await p.orm(['db:migrate'])).code).toBe(0);
    // A hand-written migration from before snapshots, with an older timestamp, arrives by a merge.
    p.write('migrations/20000101000000-old-branch.ts', `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {}
export async function down(knex: Knex): Promise<void> {}
`);
    const status = await p.orm(['migrate:status', '--json']);
    expect(p.json(status)).toMatchObject({ outOfOrder: ['20000101000000-old-branch'] });
    const refused = await p.orm(['db:migrate']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/older than \d{14}-later, the last applied one: 20000101000000-old-branch\. Nothing was applied\./);
    const allowed = await p.orm(['db:migrate', '--allow-out-of-order']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('20000101000000-old-branch');
  });

  it('keeps working in a folder of migrations written before snapshots, and says the next generate writes one', async () => {
    const d = await database('legacy');
    const p = track(project(d.url, { 'entities/note.ts': NOTE_ENTITY }));
    expect((await p.orm(['migrate:generate', 'init'])).code).toBe(0);
    const init = newest(p, '-init.ts');
    p.remove(`migrations/${init}.schema.json`);
    expect((await p.orm(['db:migrate'])).code).toBe(0);
    const status = await p.orm(['migrate:status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Snapshot: ${init} has no snapshot (it predates snapshots, or was written by hand); the next \`orm migrate:generate\` writes one.`);
    const offline = await p.orm(['migrate:generate', 'x', '--offline']);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain(`Cannot generate offline: ${init}, the newest migration, has no snapshot`);
    p.write('entities/note.ts', NOTE_PINNED);
    const generated = await p.orm(['migrate:generate', 'add-pinned', '--json']);
    expect(p.json(generated)).toMatchObject({ status: 'written', parent: init });
    expect(p.json(generated)).not.toHaveProperty('drift');
    expect(p.exists(`migrations/${newest(p, '-add-pinned.ts')}.schema.json`)).toBe(true);
  });
});
