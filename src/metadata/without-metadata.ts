import type { EntityClass } from '../decorators/options';
import type { RawEntity } from '../decorators/raw-store';
import type { DraftColumn } from './draft';
import { designType } from './infer-type';

/**
 * Whether a class's legacy decorators ran in code compiled without TypeScript's design types. Under
 * `emitDecoratorMetadata` every decorated property has one (`Object` at least), so a class none of whose decorated
 * properties has one was compiled by a tool that does not emit them (tsx, esbuild, Vite) or with the option off.
 */
export function compiledWithoutMetadata(cls: EntityClass, raw: RawEntity): boolean {
  return raw.mode === 'legacy' && raw.properties.length > 0 && raw.properties.every((p) => designType(cls, p.name) === undefined);
}

/**
 * What compiled the running code without decorator metadata, as far as the process tells: tsx (by its loader in
 * the Node options), vitest (which sets VITEST in its workers), jest (JEST_WORKER_ID), or a tool unknown.
 */
export function compilerHint(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): string {
  const options = [...execArgv, env.NODE_OPTIONS ?? ''].join(' ');
  if (/(^|[\s=/\\])tsx([/\\\s]|$)/.test(options)) {
    return 'this code was compiled by tsx, whose compiler (esbuild) never emits decorator metadata, whatever tsconfig.json says';
  }
  if (env.VITEST) {
    return "this code was compiled by vitest, whose TypeScript transform (Vite's: esbuild, or oxc in Vite 8) never emits decorator metadata, whatever tsconfig.json says";
  }
  if (env.JEST_WORKER_ID !== undefined) {
    return "this code was compiled by jest's transformer without decorator metadata (@swc/jest emits it with jsc.transform.decoratorMetadata: true; ts-jest when tsconfig.json has emitDecoratorMetadata)";
  }
  return 'this code was compiled without decorator metadata: "emitDecoratorMetadata" is off in tsconfig.json, or the compiler cannot emit it (tsx, esbuild, Vite and vitest never do)';
}

/**
 * The one problem of a class compiled without metadata, naming its columns that needed it. The example types are
 * examples: without metadata nothing tells the real ones.
 */
export function withoutMetadataProblem(columns: readonly DraftColumn[], hint = compilerHint()): string {
  const key = columns.find((c) => c.primary);
  const other = columns.find((c) => !c.primary);
  const examples = [
    key && `@PrimaryKey({ type: 'integer' }) ${key.property}!: number`,
    other && `@Column({ type: 'string' }) ${other.property}!: string`,
  ].filter(Boolean).join(', ');
  const names = columns.map((c) => c.property);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${hint}, so the type${names.length === 1 ? '' : 's'} of ${list} cannot be inferred. ` +
    `Give each column its type option (e.g. ${examples}), or compile with SWC or tsc, which emit the metadata: ` +
    'docs/test-runners.md in the strata-orm package shows how for tsx, vitest and jest.';
}
