import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/dialects';
import { FreshProject } from '../helpers/fresh';

// An ES module project ("type": "module", NodeNext, .js specifiers, top-level await), through the packed package.
describe.each(testDialects())('an ES module project [%s]', (dialect) => {
  let project: FreshProject;
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'fresh esm', 'sqlite3');
    project = FreshProject.create('full', { type: 'module' });
  });
  afterAll(async () => {
    project?.cleanup();
    await database?.cleanup();
  });
  const env = () => ({ DATABASE_URL: database.url });

  it('runs init, migrate:generate, db:migrate, migrate:status and entity:generate, with .js specifiers and top-level await', async () => {
    expect((await project.orm(['init'])).code).toBe(0);
    expect(JSON.parse(project.read('tsconfig.json')).compilerOptions.module).toBe('nodenext');
    // init's config, made to await at the top level and to import a TypeScript module by its .js name.
    project.write('settings.ts', "export const settings = { entities: await Promise.resolve(['entities/**/*.ts']) };\n");
    project.write('orm.config.ts', project.read('orm.config.ts')
      .replace("from 'strata-orm';\n", "from 'strata-orm';\nimport { settings } from './settings.js';\n\nconst migrations = await Promise.resolve({ dir: 'migrations' });\n")
      .replace("entities: ['entities/**/*.ts'],", 'entities: settings.entities,')
      .replace("migrations: { dir: 'migrations' },", 'migrations,'));
    project.write('entities/post.ts', [
      "import { BelongsTo, Column, PrimaryKey, type Relation, Table } from 'strata-orm';",
      "import { User } from './user.js';",
      '',
      "@Table('posts')",
      'export class Post {',
      '  @PrimaryKey() id!: number;',
      '  @Column() title!: string;',
      "  @BelongsTo(() => User, { onDelete: 'cascade' }) user?: Relation<User>;",
      '  @Column() userId!: number;',
      '}',
      '',
    ].join('\n'));

    const generated = await project.orm(['migrate:generate', '--name', 'init'], env());
    expect(generated.stderr).toBe('');
    expect(generated.stdout).toMatch(/\+ create table users[\s\S]*\+ create table posts/);
    const migrated = await project.orm(['db:migrate'], env());
    expect(migrated.stderr).toBe('');
    expect(migrated.stdout).toMatch(/Applied 1 migration\./);
    const status = await project.orm(['migrate:status'], env());
    expect(status.stdout).toContain('Schema: in sync with the entities.');
    expect(status.code).toBe(0);

    const entities = await project.orm(['entity:generate', '--out', 'generated'], env());
    expect(entities.stderr).toBe('');
    expect(entities.code).toBe(0);
    expect(project.read('generated/post.ts')).toContain("import { User } from './user.js';");
    expect(project.read('generated/index.ts')).toContain("import { Post } from './post.js';");
  });

  it.each(['5', 'latest'] as const)('compiles with TypeScript %s, and the compiled app queries through the generated entities', async (version) => {
    project.write('app.ts', [
      "import { Orm } from 'strata-orm';",
      "import { Post, User } from './generated/index.js';",
      '',
      'const orm = await Orm.connect({ url: process.env.DATABASE_URL, entities: [User, Post] });',
      "const author = await orm.repository(User).insert({ email: `${process.argv[2]}@example.com`, name: 'Ada' });",
      "await orm.repository(Post).insert({ title: 'Hello', userId: author.id });",
      'const [found] = await orm.repository(User).find({ where: { id: author.id }, include: { posts: true } });',
      '// An option TypeScript cannot check (a value typed any) is refused at run time, before any SQL.',
      'const untyped: any = { wher: { id: author.id } };',
      'const refused = await orm.repository(User).count(untyped).then(String, (error: Error) => `${error.name}: ${error.message}`);',
      'console.log(JSON.stringify({ email: found?.email, posts: found?.posts?.map((p) => p.title), refused }));',
      'await orm.close();',
      '',
    ].join('\n'));
    const compiled = await project.tsc(['-p', '.', '--outDir', `dist-${version}`], version);
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.code).toBe(0);
    const ran = await project.run(process.execPath, [`dist-${version}/app.js`, `ts-${version}`], env());
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({
      email: `ts-${version}@example.com`, posts: ['Hello'], refused: "QueryError: count on User has no option 'wher'; its options are where, withDeleted, primary.",
    });
  });

  it('names each mistake a new user makes: a misspelt flag, a misspelt decorator option, an engine\'s limit, a table not migrated', async () => {
    const flag = await project.orm(['--jsn', 'migrate:status'], env());
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^Error: Unknown argument: jsn\. Did you mean --json\?/);

    const tag = (options: string) => [
      "import { Column, PrimaryKey, Table } from 'strata-orm';",
      '',
      "@Table('tags')",
      'export class Tag {',
      '  @PrimaryKey() id!: number;',
      `  @Column(${options}) label!: string | null;`,
      '}',
      '',
    ].join('\n');
    // The CLI's loader does not type-check, so the misspelt option reaches the decorator.
    project.write('entities/tag.ts', tag("{ type: 'string', nulable: true } as never"));
    const misspelt = await project.orm(['migrate:generate', '--name', 'tags'], env());
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/^Error: Tag\.label \(entities\/tag\.ts\): @Column has no option 'nulable'; its options are type, /);

    // No SQLite length limit; PostgreSQL's varchar and MariaDB's each refuse 20,000,000 characters.
    if (dialect !== 'sqlite') {
      project.write('entities/tag.ts', tag("{ type: 'string', length: 20_000_000, nullable: true }"));
      const limit = await project.orm(['migrate:generate', '--name', 'tags'], env());
      expect(limit.code).toBe(2);
      expect(limit.stderr).toMatch(/^Error: Tag\.label \(entities\/tag\.ts\): length 20,000,000 is more than a (PostgreSQL varchar|MariaDB\/MySQL VARCHAR) holds/);
    }
    expect(project.list('migrations').filter((f) => f.includes('tags'))).toEqual([]);

    // Queried before its migration is written and run.
    project.write('entities/tag.ts', tag("{ type: 'string', nullable: true }"));
    project.write('tag-app.ts', [
      "import { Orm } from 'strata-orm';",
      "import { Tag } from './entities/tag.js';",
      '',
      'const orm = await Orm.connect({ url: process.env.DATABASE_URL, entities: [Tag] });',
      'console.log(await orm.repository(Tag).count().then(String, (error: Error) => `${error.name}: ${error.message}`));',
      'await orm.close();',
      '',
    ].join('\n'));
    const compiled = await project.tsc(['-p', '.', '--outDir', 'dist-tags'], 'latest');
    expect(compiled.stdout + compiled.stderr).toBe('');
    const ran = await project.run(process.execPath, ['dist-tags/tag-app.js'], env());
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toMatch(/^QueryError: .*"tags" is an entity's table: the migration that creates it has not run on this database; run `orm db:migrate`/);
  });
});
