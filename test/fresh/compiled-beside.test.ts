import { FreshProject } from '../helpers/fresh';

// CommonJS projects through the packed package: .js files tsc wrote beside the sources, and an orm.config.mjs.
describe('a CommonJS project where tsc wrote .js files beside the sources', () => {
  let project: FreshProject;
  beforeAll(() => {
    project = FreshProject.create('full');
  });
  afterAll(() => project?.cleanup());
  const env = { DATABASE_URL: 'sqlite:./dev.sqlite3' };
  const POST = (extra: string): string => [
    "import { BelongsTo, Column, PrimaryKey, type Relation, Table } from 'strata-orm';",
    "import { User } from './user';",
    '',
    "@Table('posts')",
    'export class Post {',
    '  @PrimaryKey() id!: number;',
    '  @Column() title!: string;',
    '  @BelongsTo(() => User) user?: Relation<User>;',
    '  @Column() userId!: number;',
    extra,
    '}',
    '',
  ].join('\n');
  const warnings = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('Warning:'));

  it('loads the sources, ignores the .js files, and says so once per command', async () => {
    expect((await project.orm(['init'])).code).toBe(0);
    project.write('entities/post.ts', POST(''));
    expect((await project.orm(['migrate:generate', '--name', 'init'], env)).code).toBe(0);
    expect((await project.orm(['db:migrate'], env)).code).toBe(0);
    // tsc without outDir: user.js beside user.ts, 2026…-init.js beside 2026…-init.ts, orm.config.js beside orm.config.ts.
    project.write('tsconfig.json', project.read('tsconfig.json').replace(/\s*"outDir": "dist",/, ''));
    expect((await project.tsc(['-p', '.'])).code).toBe(0);
    expect(project.exists('entities/user.js') && project.exists('orm.config.js')).toBe(true);
    expect(project.list('migrations').filter((f) => f.endsWith('.js'))).toHaveLength(1);

    project.write('entities/post.ts', POST("  @Column({ type: 'text', nullable: true }) body!: string | null;"));
    const generated = await project.orm(['migrate:generate', '--name', 'add-body'], env);
    expect(generated.stdout).toMatch(/\+ add column posts\.body/);
    expect(generated.code).toBe(0);
    expect(warnings(generated.stderr)).toEqual([
      'Warning: orm.config.js is ignored: it was compiled beside its source orm.config.ts, which is loaded instead. ' +
        'Set "outDir" in tsconfig.json so that tsc writes its output elsewhere, and delete the .js files it left beside the sources.',
    ]);
    expect(generated.stderr.trim().split('\n')).toHaveLength(1);
    const migrated = await project.orm(['db:migrate'], env);
    expect(migrated.stdout).toMatch(/Applied 1 migration\./);
    expect(warnings(migrated.stderr)).toHaveLength(1);
    const status = await project.orm(['migrate:status'], env);
    expect(status.stdout).toContain('Schema: in sync with the entities.');
    expect(status.code).toBe(0);
    expect(warnings(status.stderr)).toHaveLength(1);
  });
});

describe('a CommonJS project configured by orm.config.mjs', () => {
  let project: FreshProject;
  beforeAll(() => {
    project = FreshProject.create('full', {
      files: {
        'orm.config.mjs': "const dir = await Promise.resolve('db/migrations');\nexport default { url: 'sqlite:./app.sqlite3', migrations: { dir } };\n",
        'db/migrations/20200101000000-start.mjs': "export async function up(knex) { await knex.schema.createTable('flags', (t) => { t.increments('id'); }); }\nexport async function down(knex) { await knex.schema.dropTable('flags'); }\n",
        'db/migrations/20200101000001-more.mts': "import type { Knex } from 'knex';\nexport async function up(knex: Knex): Promise<void> { await knex.schema.createTable('more', (t) => { t.increments('id'); }); }\nexport async function down(knex: Knex): Promise<void> { await knex.schema.dropTable('more'); }\n",
      },
    });
  });
  afterAll(() => project?.cleanup());

  it('finds it, and loads .mjs and .mts migrations', async () => {
    const migrated = await project.orm(['db:migrate']);
    expect(migrated.stderr).toBe('');
    expect(migrated.stdout).toMatch(/20200101000000-start[\s\S]*20200101000001-more[\s\S]*Applied 2 migrations\./);
    expect(project.exists('app.sqlite3')).toBe(true);
  });
});
