import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FreshProject } from '../helpers/fresh';

/**
 * Every code sample of README.md and docs/ runs as written, the way a user runs it: in the project that
 * `orm init` creates (from the packed package), compiled by the project's own TypeScript with init's
 * tsconfig, then run by node. Nothing is wrapped by the test.
 *
 * - A block whose first line is `// file: <path>`, or fenced "```<lang> file=<path>", is written at that path of
 *   the project (so the page's other blocks can import it); any other ```ts block is a program, written as
 *   `sample-<line>.ts` and run with node from dist/. Every ```js block runs with node as it is (at its path, or as
 *   `sample-<line>.js`), from the project's directory.
 * - On a page that walks through a session (README.md, getting-started), the ```sh lines that start with
 *   `npx` or `node` run too, in order, after the files are written: that is the page's own recipe.
 * - A test file (`// file: *.test.ts`) runs with jest, set up as docs/test-runners.md's "jest with @swc/jest" says,
 *   in a project with the runners installed. (test-runners.md's own blocks, fenced "```ts file=…", are run by
 *   test/fresh/runners.test.ts.)
 */
const ROOT = resolve(__dirname, '../..');
const SESSION_PAGES = new Set(['README.md', 'docs/getting-started.md']);

interface Block {
  readonly lang: 'ts' | 'js' | 'sh' | 'json';
  readonly line: number;
  readonly body: string;
  /** The path from a `// file:` first line. */
  readonly file?: string;
}

function blocksOf(page: string): Block[] {
  const text = readFileSync(join(ROOT, page), 'utf8');
  return [...text.matchAll(/```(ts|js|sh|json)(?: file=(\S+))?\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] as Block['lang'],
    line: text.slice(0, m.index).split('\n').length,
    body: m[3]!,
    file: m[2] ?? /^\/\/ file: (\S+)\n/.exec(m[3]!)?.[1],
  })).filter((b) => b.lang !== 'json' || b.file !== undefined);
}

/** The jest config of docs/test-runners.md's "jest with @swc/jest" section. */
function jestConfig(): string {
  const page = readFileSync(join(ROOT, 'docs/test-runners.md'), 'utf8');
  const section = page.slice(page.indexOf('### jest with @swc/jest'));
  const config = /^```js file=jest\.config\.js\n([\s\S]*?)^```$/m.exec(section);
  if (!config) throw new Error('docs/test-runners.md has no jest.config.js under "jest with @swc/jest"');
  return config[1]!;
}

// docs/test-runners.md sets up runners in projects of their own: test/fresh/runners.test.ts runs it.
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md') && f !== 'test-runners.md').map((f) => `docs/${f}`), 'migrations-example/README.md']
  .filter((page) => blocksOf(page).some((b) => b.lang !== 'sh'));

describe.each(pages)('the samples of %s', (page) => {
  let project: FreshProject;
  const blocks = blocksOf(page);
  const programs = blocks.filter((b) => (b.lang === 'ts' && !b.file) || b.lang === 'js');
  const tests = blocks.filter((b) => b.file?.endsWith('.test.ts'));
  // Synchronous, so that the template's first install (minutes) cannot run past a hook's timeout.
  beforeAll(() => {
    project = FreshProject.create(tests.length > 0 ? 'runners' : 'full');
  });
  beforeAll(async () => {
    // A session page runs orm init itself; init leaves the files the page already wrote alone.
    if (!SESSION_PAGES.has(page)) {
      const init = await project.orm(['init']);
      if (init.code !== 0) throw new Error(`orm init failed: ${init.stderr}`);
    }
    for (const block of blocks) {
      if (block.lang === 'sh') continue;
      project.write(block.file ?? `sample-${block.line}.${block.lang}`, block.body);
    }
    if (tests.length > 0) project.write('jest.config.js', jestConfig());
  });
  afterAll(() => project?.cleanup());

  if (SESSION_PAGES.has(page)) {
    const commands = blocks.filter((b) => b.lang === 'sh').flatMap((b) => b.body.split('\n'))
      .map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => /^(npx|node) /.test(l));
    it('runs its shell session as written', async () => {
      for (const command of commands) {
        for (const part of command.split(' && ')) {
          const [program, ...args] = part.split(/\s+/);
          const result = await project.run(program!, args);
          if (result.code !== 0) throw new Error(`\`${part}\` (${page}) exited ${result.code}:\n${result.stderr}${result.stdout}`);
        }
      }
    });
  }

  it("compiles with the project's TypeScript and init's tsconfig", async () => {
    const compiled = await project.tsc(['-p', '.']);
    expect(compiled.stdout + compiled.stderr).toBe('');
  });

  if (tests.length > 0) {
    it('passes its tests with jest', async () => {
      const result = await project.run('npx', ['--no', '--', 'jest', '--ci', ...tests.map((t) => t.file!)]);
      expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: expect.stringMatching(/Tests:\s+\d+ passed/) });
    }, 180_000);
  }

  if (programs.length > 0) {
    it.each(programs.map((b) => [`line ${b.line}`, b] as const))('runs the program at %s', async (_line, block) => {
      const path = block.lang === 'js' ? block.file ?? `sample-${block.line}.js` : `dist/sample-${block.line}.js`;
      const result = await project.run(process.execPath, [path]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  }
});
