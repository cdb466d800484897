import { compilerHint } from '../../src/metadata/without-metadata';

describe('naming what compiled the code without decorator metadata', () => {
  it.each([
    ['tsx, as `npx tsx app.ts` starts it', {}, ['--require', '/app/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///app/node_modules/tsx/dist/loader.mjs'], /^this code was compiled by tsx, whose compiler \(esbuild\) never emits decorator metadata/],
    ['tsx, from NODE_OPTIONS', { NODE_OPTIONS: '--import tsx' }, [], /^this code was compiled by tsx/],
    ['vitest', { VITEST: 'true' }, [], /^this code was compiled by vitest, whose TypeScript transform .* never emits decorator metadata/],
    ['jest', { JEST_WORKER_ID: '1' }, [], /^this code was compiled by jest's transformer without decorator metadata \(@swc\/jest emits it with jsc\.transform\.decoratorMetadata: true/],
    ['nothing it knows', {}, ['--enable-source-maps'], /^this code was compiled without decorator metadata: "emitDecoratorMetadata" is off in tsconfig\.json, or the compiler cannot emit it/],
    ['a path that merely contains tsx', { NODE_OPTIONS: '--require /srv/tsxtools/hook.js' }, [], /^this code was compiled without decorator metadata/],
  ])('%s', (_what, env, execArgv, expected) => {
    expect(compilerHint(env, execArgv)).toMatch(expected);
  });
});
