import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import * as strata from 'strata-orm';
import ts from 'typescript';
import { ownRaw } from '../../src/decorators/raw-store';
import { modelOf } from '../helpers/model';

const source = readFileSync(join(__dirname, '../fixtures/blog-entities.ts'), 'utf8');

/** Evaluates compiled CommonJS with `strata-orm` resolved to the package under test. */
function load(code: string): { entities: strata.EntityClass[] } {
  const module = { exports: {} as Record<string, unknown> };
  const requireStub = (id: string): unknown => {
    if (id === 'strata-orm') return strata;
    throw new Error(`unexpected import ${id}`);
  };
  new Function('require', 'module', 'exports', code)(requireStub, module, module.exports);
  return module.exports as { entities: strata.EntityClass[] };
}

function tsc(legacy: boolean): string {
  return ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS,
      experimentalDecorators: legacy, emitDecoratorMetadata: legacy,
    },
  }).outputText;
}

function swc(legacy: boolean): string {
  return transformSync(source, {
    filename: 'blog-entities.ts',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      transform: legacy ? { legacyDecorator: true, decoratorMetadata: true } : { decoratorVersion: '2022-03' },
    },
    module: { type: 'commonjs' },
  }).code;
}

const COMPILATIONS = {
  'tsc, experimentalDecorators + emitDecoratorMetadata': () => tsc(true),
  'tsc, standard decorators': () => tsc(false),
  'swc, legacy decorators + decoratorMetadata': () => swc(true),
  'swc, standard decorators (2022-03)': () => swc(false),
};

describe('the same entity file under legacy and standard decorators', () => {
  const results = Object.entries(COMPILATIONS).map(([name, compile]) => {
    const { entities } = load(compile());
    return { name, entities, schema: modelOf(...entities), registry: strata.MetadataRegistry.build(entities) };
  });

  it('records the decorators in the mode they were compiled with', () => {
    expect(results.map((r) => ownRaw(r.entities[0]!)?.mode)).toEqual(['legacy', 'standard', 'legacy', 'standard']);
  });

  it.each(results.slice(1).map((r) => [r.name, r] as const))('%s yields the model tsc legacy yields', (_name, result) => {
    expect(result.schema).toEqual(results[0]!.schema);
  });

  it.each(results.map((r) => [r.name, r] as const))('%s resolves the relations the same way', (_name, result) => {
    const relations = (registry: strata.MetadataRegistry): unknown =>
      registry.entities.map((e) => e.relations.map((r) => ({ ...r, target: r.target.name, through: 'through' in r ? r.through.name : undefined })));
    expect(relations(result.registry)).toEqual(relations(results[0]!.registry));
  });

  it('yields the full expected model', () => {
    const users = results[0]!.schema.tables.find((t) => t.name === 'users')!;
    expect(users.columns.map((c) => c.name)).toEqual(['id', 'name', 'email', 'age', 'active', 'kind', 'handle', 'created_at']);
    expect(results[0]!.schema.tables.map((t) => t.name)).toEqual(['users', 'posts', 'roles', 'user_roles']);
  });
});

describe('the decorator signatures', () => {
  it.each([['legacy', true], ['standard', false]] as const)('type-check under %s decorators', (_mode, legacy) => {
    const root = join(__dirname, '../..');
    const program = ts.createProgram([join(root, 'test/fixtures/blog-entities.ts')], {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ['lib.es2022.d.ts', 'lib.esnext.decorators.d.ts'], strict: true, noEmit: true, skipLibCheck: true,
      experimentalDecorators: legacy, emitDecoratorMetadata: legacy, types: ['node'],
      baseUrl: root, paths: { 'strata-orm': ['src/index.ts'] },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
