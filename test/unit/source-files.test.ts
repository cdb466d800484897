import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoaderWarning, onLoaderWarning } from '../../src/config/loader-warnings';
import { isPathSpecifier, moduleFormatOf, packageTypeOf, shadowingSource, typeScriptSourceOf, withoutShadowed } from '../../src/config/source-files';

// How the loader maps what a TypeScript source imports, and what tsc left on disk, to the files it loads.
describe('the TypeScript sources behind JavaScript paths', () => {
  const disk = (...files: string[]) => (path: string): boolean => files.includes(path);

  it.each([
    ['/app/user.js', ['/app/user.ts'], '/app/user.ts'],
    ['/app/user.js', ['/app/user.tsx'], '/app/user.tsx'],
    ['/app/user.js', ['/app/user.ts', '/app/user.tsx'], '/app/user.ts'],
    ['/app/user.mjs', ['/app/user.mts', '/app/user.ts'], '/app/user.mts'],
    ['/app/user.cjs', ['/app/user.cts', '/app/user.ts'], '/app/user.cts'],
    ['/app/user.jsx', ['/app/user.tsx'], '/app/user.tsx'],
  ])('takes %s to the source that exists (%j)', (path, files, source) => {
    expect(typeScriptSourceOf(path, disk(...files))).toBe(source);
  });

  it.each([
    ['a JavaScript path without a source', '/app/user.js', ['/app/user.js']],
    ['an .mjs whose only neighbour is a .ts (tsc writes .ts to .js)', '/app/user.mjs', ['/app/user.ts']],
    ['a TypeScript path', '/app/user.ts', ['/app/user.ts']],
    ['a path without an extension', '/app/user', ['/app/user.ts']],
    ['a declaration file', '/app/user.d.js', ['/app/user.d.ts']],
  ])('finds nothing for %s', (_what, path, files) => {
    expect(typeScriptSourceOf(path, disk(...files))).toBeUndefined();
  });

  it('lets a source shadow a compiled file of the project, never one of an installed package', () => {
    expect(shadowingSource('/app/entities/user.js', disk('/app/entities/user.ts'))).toBe('/app/entities/user.ts');
    expect(shadowingSource('/app/node_modules/lib/index.js', disk('/app/node_modules/lib/index.ts'))).toBeUndefined();
  });

  it.each([['./user.js', true], ['../user.js', true], ['/abs/user.js', true], ['file:///abs/user.js', true], ['.', true], ['strata-orm', false], ['@scope/pkg/x.js', false], ['node:fs', false]])(
    'counts %s as a path: %s', (specifier, path) => {
      expect(isPathSpecifier(specifier)).toBe(path);
    },
  );

  it('leaves out compiled files beside their sources, reporting each once', () => {
    const warnings: LoaderWarning[] = [];
    const stop = onLoaderWarning((w) => warnings.push(w));
    try {
      const files = ['/proj/m/1-init.ts', '/proj/m/1-init.js', '/proj/m/2-add.mjs', '/proj/m/3-hand.js'];
      expect(withoutShadowed(files, disk(...files))).toEqual(['/proj/m/1-init.ts', '/proj/m/2-add.mjs', '/proj/m/3-hand.js']);
      expect(withoutShadowed(files, disk(...files))).toHaveLength(3);
    } finally {
      stop();
    }
    expect(warnings).toEqual([{ kind: 'shadowed', file: '/proj/m/1-init.js', source: '/proj/m/1-init.ts', message: expect.stringMatching(/^\/proj\/m\/1-init\.js is ignored: it was compiled beside its source \/proj\/m\/1-init\.ts.*Set "outDir" in tsconfig\.json/) }]);
  });
});

describe('the module format of a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-format-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('follows the extension first, then the nearest package.json, as Node does', () => {
    write('package.json', JSON.stringify({ type: 'module' }));
    write('legacy/package.json', JSON.stringify({ name: 'legacy' }));
    expect(moduleFormatOf(join(dir, 'src', 'user.ts'))).toBe('module');
    expect(moduleFormatOf(join(dir, 'src', 'user.js'))).toBe('module');
    expect(moduleFormatOf(join(dir, 'src', 'user.cts'))).toBe('commonjs');
    expect(moduleFormatOf(join(dir, 'legacy', 'deep', 'user.ts'))).toBe('commonjs');
    expect(moduleFormatOf(join(dir, 'legacy', 'user.mts'))).toBe('module');
    expect(moduleFormatOf(join(dir, 'legacy', 'user.mjs'))).toBe('module');
    // A directory that does not exist yet (entity:generate --out) takes the type of the package around it.
    expect(packageTypeOf(join(dir, 'not', 'yet'))).toBe('module');
  });

  it('stops at node_modules, and takes a broken package.json for CommonJS', () => {
    write('package.json', JSON.stringify({ type: 'module' }));
    write('node_modules/lib/index.ts', '');
    write('broken/package.json', '{');
    expect(moduleFormatOf(join(dir, 'node_modules', 'lib', 'index.ts'))).toBe('commonjs');
    expect(moduleFormatOf(join(dir, 'broken', 'x.ts'))).toBe('commonjs');
  });
});
