import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * Every ```ts block in docs/ and the README is a complete module that must type-check against the
 * package, with experimentalDecorators and emitDecoratorMetadata as the docs recommend.
 */
const root = join(__dirname, '../..');
const out = join(root, '.tmp', 'docs-samples');

/**
 * Every block of a page goes in that page's directory; a block whose first line is `// file: <path>` is
 * written at that path, so the page's other blocks can import it.
 */
function samples(): { file: string; source: string; origin: string }[] {
  const pages = [
    ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f)),
    'README.md',
    'migrations-example/README.md',
  ];
  return pages.flatMap((page) => {
    const text = readFileSync(join(root, page), 'utf8');
    const dir = join(out, page.replace(/[/.]/g, '_'));
    return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => {
      const line = text.slice(0, m.index).split('\n').length;
      const named = /^\/\/ file: (\S+)\n/.exec(m[1]!);
      return { file: join(dir, named ? named[1]! : `sample_${i}.ts`), source: `${m[1]}\nexport {};\n`, origin: `${page}:${line}` };
    });
  });
}

describe('code samples in the docs', () => {
  const all = samples();
  let diagnostics: Map<string, string[]>;

  beforeAll(() => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    for (const s of all) {
      mkdirSync(dirname(s.file), { recursive: true });
      writeFileSync(s.file, s.source);
    }
    const program = ts.createProgram(all.map((s) => s.file), {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true,
      experimentalDecorators: true, emitDecoratorMetadata: true, types: ['node', 'jest'],
      baseUrl: root, paths: { 'strata-orm': ['src/index.ts'], 'strata-orm/testing': ['src/testing/index.ts'] },
    });
    diagnostics = new Map();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const file = d.file?.fileName ?? '';
      const text = `line ${d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      diagnostics.set(file, [...(diagnostics.get(file) ?? []), text]);
    }
  });

  it('finds samples to check', () => {
    expect(all.length).toBeGreaterThan(5);
  });

  it.each(all.map((s) => [s.origin, s] as const))('%s type-checks', (_origin, sample) => {
    expect(diagnostics.get(sample.file) ?? []).toEqual([]);
  });
});
