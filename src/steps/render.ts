import { assertNever } from '../util/assert-never';
import { type Arg, type Chain, EXAMPLE_LENGTH, MISFIT_ERROR_NAME, RawSql, savedVariable, type Step } from './step';

/** Steps as TypeScript statements on a `knex` variable, one per step, each prefixed by `indent`. */
export function renderSteps(steps: readonly Step[], indent = '  '): string {
  return steps.map((step) => renderStep(step, indent)).join('\n');
}

export function renderStep(step: Step, indent: string): string {
  const comment = step.comment ? step.comment.split('\n').map((line) => `${indent}// ${line}`).join('\n') + '\n' : '';
  return comment + indent + renderStatement(step, indent);
}

function renderStatement(step: Step, indent: string): string {
  switch (step.kind) {
    case 'createTable':
    case 'alterTable': {
      const body = step.body.map((chain) => `${indent}  ${renderChain('t', chain)};`).join('\n');
      return `await knex.schema.${step.kind}(${jsString(step.table)}, (t) => {\n${body}\n${indent}});`;
    }
    case 'schema':
      return `await ${renderChain('knex.schema', step.chain)};`;
    case 'raw':
      return `await knex.raw(${jsString(step.sql)});`;
    case 'refuseWhen':
      return `await ${REFUSE_WHEN}(knex, ${[step.query, step.column, step.message].map(jsString).join(', ')});`;
    case 'saveStatements':
      return `const ${savedVariable(step.slot)} = ((await knex.raw(${jsString(step.query)}, ${renderArg(step.bindings)})) as { sql: string }[]).map((row) => row.sql);`;
    case 'runSaved':
      return `for (const sql of ${savedVariable(step.slot)}) await knex.raw(sql);`;
    case 'refuseMisfits': {
      const { action, problem, advice } = step.message;
      return `await ${REFUSE_MISFITS}(knex, ${[step.query, action, problem, advice].map(jsString).join(', ')});`;
    }
  }
  return assertNever(step, 'step');
}

const REFUSE_MISFITS = 'refuseMisfits';
const REFUSE_WHEN = 'refuseWhen';

/** The rows of `knex.raw`'s `result` in a migration file's functions, as `rawRows` reads them. */
const RAW_ROWS = 'Array.isArray(result) ? (Array.isArray(result[0]) ? result[0] : result) : result.rows';

/**
 * The function a migration file defines for its `refuseMisfits` steps: the executor's logic and
 * `misfitMessage`, written out so that the file imports nothing from Strata and keeps working whatever
 * version is installed later.
 */
const REFUSE_MISFITS_SOURCE = [
  '/**',
  ' * Fails when `query` counts rows whose values this migration would lose or reject, saying how many and',
  ' * showing one. knex.raw resolves to { rows }, to the rows, or to [rows, fields], as the driver returns them.',
  ' */',
  `async function ${REFUSE_MISFITS}(knex: Knex, query: string, action: string, problem: string, advice: string): Promise<void> {`,
  '  const result = await knex.raw(query);',
  `  const rows = ${RAW_ROWS};`,
  '  const [row] = rows as { misfits: number | string; example: unknown }[];',
  '  const misfits = Number(row?.misfits ?? 0);',
  '  if (misfits === 0) return;',
  '  const text = row!.example === null || row!.example === undefined ? undefined : String(row!.example);',
  `  const shown = text === undefined ? '' : " (for example '" + (text.length > ${EXAMPLE_LENGTH} ? text.slice(0, ${EXAMPLE_LENGTH}) + '…' : text) + "')";`,
  "  const error = new Error(action + ': ' + misfits + ' row(s) ' + problem + shown + '; nothing was changed. ' + advice);",
  `  error.name = '${MISFIT_ERROR_NAME}';`,
  '  throw error;',
  '}',
].join('\n');

/** The function a migration file defines for its `refuseWhen` steps: the executor's logic, written out likewise. */
const REFUSE_WHEN_SOURCE = [
  '/** Fails with `message` when the first row `query` returns holds a true value in `column`. */',
  `async function ${REFUSE_WHEN}(knex: Knex, query: string, column: string, message: string): Promise<void> {`,
  '  const result = await knex.raw(query);',
  `  const rows = ${RAW_ROWS};`,
  '  const [row] = rows as Record<string, unknown>[];',
  '  if (row?.[column]) throw new Error(message);',
  '}',
].join('\n');

/** Functions a migration file must define for the steps it renders (each once), to place after its exports. */
export function renderStepFunctions(steps: readonly Step[]): string[] {
  const kinds = new Set(steps.map((step) => step.kind));
  return [...(kinds.has('refuseMisfits') ? [REFUSE_MISFITS_SOURCE] : []), ...(kinds.has('refuseWhen') ? [REFUSE_WHEN_SOURCE] : [])];
}

function renderChain(receiver: string, chain: Chain): string {
  return receiver + chain.map((c) => `.${c.method}(${c.args.map(renderArg).join(', ')})`).join('');
}

export function renderArg(arg: Arg): string {
  if (arg instanceof RawSql) return `knex.raw(${jsString(arg.sql)})`;
  if (arg === null) return 'null';
  if (Array.isArray(arg)) return `[${arg.map(renderArg).join(', ')}]`;
  switch (typeof arg) {
    case 'string':
      return jsString(arg);
    case 'number':
    case 'boolean':
      return String(arg);
    default: {
      const entries = Object.entries(arg as Record<string, Arg>).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : jsString(k)}: ${renderArg(v)}`);
      return entries.length ? `{ ${entries.join(', ')} }` : '{}';
    }
  }
}

/** A single-quoted JavaScript string literal. */
export function jsString(text: string): string {
  return "'" + text.replace(/[\\'\n\r\t\u2028\u2029]/g, (c) => ESCAPES[c] ?? c) + "'";
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u2028': '\\u2028', '\u2029': '\\u2029',
};
