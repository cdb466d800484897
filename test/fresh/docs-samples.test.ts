import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FreshProject } from '../helpers/fresh';

/**
 * Every code sample of README.md and docs/ runs as written, the way a user runs it: in the project that
 * `orm init` creates (from the packed package), compiled by the project's own TypeScript with init's
 * tsconfig, then run by node. Nothing is wrapped by the test.
 *
 * - A block whose first line is `// file: <path>` is written at that path of the project (so the page's other
 *   blocks can import it); any other ```ts or ```js block is a program, written as `sample-<line>.ts` (or
 *   `.js`) and run with node from dist/ (a `.js` one as it is), from the project's directory.
 * - On a page that walks through a session (README.md, getting-started), the ```sh lines that start with
 *   `npx` or `node` run too, in order, after the files are written: that is the page's own recipe.
 * - Test files (`// file: *.test.ts`) are left to the test-runner tests (test/fresh/test-runners.test.ts), which
 *   run them with a runner installed.
 */
const ROOT = resolve(__dirname, '../..');
const SESSION_PAGES = new Set(['README.md', 'docs/getting-started.md']);

interface Block {
  readonly lang: 'ts' | 'js' | 'sh';
  readonly line: number;
  readonly body: string;
  /** The path from a `// file:` first line. */
  readonly file?: string;
}

function blocksOf(page: string): Block[] {
  const text = readFileSync(join(ROOT, page), 'utf8');
  return [...text.matchAll(/```(ts|js|sh)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] as Block['lang'],
    line: text.slice(0, m.index).split('\n').length,
    body: m[2]!,
    file: /^\/\/ file: (\S+)\n/.exec(m[2]!)?.[1],
  }));
}

const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'migrations-example/README.md']
  .filter((page) => blocksOf(page).some((b) => b.lang !== 'sh'));

describe.each(pages)('the samples of %s', (page) => {
  let project: FreshProject;
  const blocks = blocksOf(page);
  const programs = blocks.filter((b) => b.lang !== 'sh' && !b.file);
  beforeAll(async () => {
    project = FreshProject.create('full');
    // A session page runs orm init itself; init leaves the files the page already wrote alone.
    if (!SESSION_PAGES.has(page)) {
      const init = await project.orm(['init']);
      if (init.code !== 0) throw new Error(`orm init failed: ${init.stderr}`);
    }
    for (const block of blocks) {
      if (block.lang === 'sh' || block.file?.endsWith('.test.ts')) continue;
      project.write(block.file ?? `sample-${block.line}.${block.lang}`, block.body);
    }
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

  if (programs.length > 0) {
    it.each(programs.map((b) => [`line ${b.line}`, b] as const))('runs the program at %s', async (_line, block) => {
      const path = block.lang === 'js' ? `sample-${block.line}.js` : `dist/sample-${block.line}.js`;
      const result = await project.run(process.execPath, [path]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  }
});
