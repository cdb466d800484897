import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

let counter = 0;

/**
 * Type-checks a TypeScript module with `tsc`'s own checker, strict, as a file inside the project so that
 * `knex` and node's types resolve as they do for users. Returns the diagnostics, empty when it is sound.
 */
export function typeCheck(source: string, compilerOptions: ts.CompilerOptions = {}): string[] {
  const dir = join(__dirname, '../../.tmp/type-check');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `file_${process.pid}_${counter++}.ts`);
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'], esModuleInterop: true, ...compilerOptions,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Type-checks files on disk as one program, with `strata-orm` resolved to the package's source. */
export function typeCheckFiles(files: readonly string[], compilerOptions: ts.CompilerOptions = {}): string[] {
  const root = join(__dirname, '../..');
  const program = ts.createProgram([...files], {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'], esModuleInterop: true,
    experimentalDecorators: true, emitDecoratorMetadata: true, baseUrl: root, paths: { 'strata-orm': ['src/index.ts'] },
    ...compilerOptions,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0}` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
