import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/dialects';
import { FreshProject, type RunResult } from '../helpers/fresh';

/**
 * docs/test-runners.md, run as written: its files (the code blocks marked `file=<path>`) under each heading, in a
 * new project with the packed package and the runners installed. A project takes the files of the page's
 * introduction ("The project") and of each heading on the way down to its own; a later file of the same path wins.
 */
const PAGE = readFileSync(join(__dirname, '../../docs/test-runners.md'), 'utf8');

function filesUnder(...headings: string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const heading of headings) {
    const start = PAGE.search(new RegExp(`^#{2,3} ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    if (start < 0) throw new Error(`docs/test-runners.md has no heading "${heading}"`);
    const rest = PAGE.slice(PAGE.indexOf('\n', start) + 1);
    const end = rest.search(/^#{2,3} /m);
    const section = end < 0 ? rest : rest.slice(0, end);
    for (const block of section.matchAll(/^```\w+ file=(\S+)\n([\s\S]*?)^```$/gm)) files[block[1]!] = block[2]!;
  }
  return files;
}

/** The one-line error of a failed run, without the stack trace and the runner's decorations. */
function entityError(result: RunResult): string {
  return /EntityDefinitionError: (.*)/.exec(result.stdout + result.stderr)?.[1] ?? `(no EntityDefinitionError in: ${result.stdout}${result.stderr})`;
}

const COMPILED_BY = (tool: string): RegExp => new RegExp(
  `^Todo: this code was compiled by ${tool}.* never emits decorator metadata, whatever tsconfig\\.json says, so the types of id, title and done cannot be inferred\\. ` +
    "Give each column its type option \\(e\\.g\\. @PrimaryKey\\(\\{ type: 'integer' \\}\\) id!: number, @Column\\(\\{ type: 'string' \\}\\) title!: string\\), or compile with SWC or tsc",
);

describe('docs/test-runners.md', () => {
  it('has the files every section needs', () => {
    expect(Object.keys(filesUnder('The project', 'jest', 'jest with ts-jest')).sort()).toEqual(['jest.config.js', 'src/todo.ts', 'test/todo.test.ts', 'tsconfig.json']);
    expect(Object.keys(filesUnder('The project', 'vitest')).sort()).toEqual(['src/todo.ts', 'test/todo.test.ts', 'tsconfig.json', 'vitest.config.ts']);
    expect(filesUnder('jest with ts-jest')['jest.config.js']).not.toEqual(filesUnder('jest with @swc/jest')['jest.config.js']);
  });

  // Projects are made in synchronous hooks: the first one installs the template, which takes minutes, and a
  // synchronous hook cannot time out.
  const SECTIONS = {
    'jest with ts-jest': ['jest', 'jest with ts-jest'],
    'jest with @swc/jest': ['jest', 'jest with @swc/jest'],
    'vitest with unplugin-swc': ['vitest'],
    'tsx with the types stated': ['tsx', 'State the types'],
    "Node with Strata's loader": ['tsx', "Run with Strata's loader instead"],
  } as const;
  type Section = keyof typeof SECTIONS;

  describe.each(testDialects())('runs reset_db in each runner\'s tests [%s]', (dialect) => {
    let database: TestDatabase;
    const projects = new Map<Section, FreshProject>();
    beforeAll(() => {
      for (const [name, headings] of Object.entries(SECTIONS)) projects.set(name as Section, FreshProject.create('runners', { files: filesUnder('The project', ...headings) }));
    });
    beforeAll(async () => {
      database = await createTestDatabase(dialect, 'runners', 'sqlite3');
    });
    afterAll(async () => {
      for (const project of projects.values()) project.cleanup();
      await database?.cleanup();
    });

    it.each([
      ['jest with ts-jest', ['jest', '--ci']],
      ['jest with @swc/jest', ['jest', '--ci']],
      ['vitest with unplugin-swc', ['vitest', 'run']],
    ] as const)('%s', async (section, command) => {
      const project = projects.get(section)!;
      const result = await project.run('npx', ['--no', '--', ...command], { TEST_DATABASE_URL: database.url });
      expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: expect.stringMatching(/2 passed/) });
      expect(result.stdout + result.stderr).not.toMatch(/warn/i);
      // The page's files type-check too, configs included.
      expect(await project.tsc(['--noEmit', '-p', '.'])).toMatchObject({ code: 0, stdout: '' });
    }, 180_000);

    it('runs a script with tsx once the column types are stated, and with Node and Strata\'s loader as they are', async () => {
      const stated = await projects.get('tsx with the types stated')!.run('npx', ['--no', '--', 'tsx', 'src/app.ts'], { DATABASE_URL: database.url });
      expect(stated).toEqual({ code: 0, stdout: '1 todo\n', stderr: '' });
      const loaded = await projects.get("Node with Strata's loader")!.run(process.execPath, ['--require', './register.cjs', 'src/app.ts'], { DATABASE_URL: database.url });
      expect(loaded).toEqual({ code: 0, stdout: '1 todo\n', stderr: '' });
      expect(await projects.get('tsx with the types stated')!.tsc(['--noEmit', '-p', '.'])).toMatchObject({ code: 0, stdout: '' });
    }, 120_000);
  });

  describe('without decorator metadata', () => {
    let project: FreshProject;
    beforeAll(() => {
      project = FreshProject.create('runners', { files: filesUnder('The project', 'tsx') });
    });
    afterAll(() => project?.cleanup());

    it('names tsx, and what to do, when a script run with tsx infers column types', async () => {
      const result = await project.run('npx', ['--no', '--', 'tsx', 'src/app.ts']);
      expect(result.code).toBe(1);
      expect(entityError(result)).toMatch(COMPILED_BY('tsx, whose compiler \\(esbuild\\)'));
      expect(PAGE).toContain(entityError(result));
    });

    it('names vitest when it runs without unplugin-swc', async () => {
      project.write('test/todo.test.ts', filesUnder('vitest')['test/todo.test.ts']!);
      const result = await project.run('npx', ['--no', '--', 'vitest', 'run']);
      expect(result.code).toBe(1);
      expect(entityError(result)).toMatch(COMPILED_BY('vitest, whose TypeScript transform'));
    }, 120_000);

    it('names jest when @swc/jest emits no metadata', async () => {
      project.write('test/todo.test.ts', filesUnder('jest')['test/todo.test.ts']!);
      project.write('jest.config.js', filesUnder('jest with @swc/jest')['jest.config.js']!.replace('decoratorMetadata: true', 'decoratorMetadata: false'));
      const result = await project.run('npx', ['--no', '--', 'jest', '--ci']);
      expect(result.code).toBe(1);
      expect(entityError(result)).toMatch(/^Todo: this code was compiled by jest's transformer without decorator metadata \(@swc\/jest emits it with jsc\.transform\.decoratorMetadata: true/);
    }, 120_000);
  });
});
