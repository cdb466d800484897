import { assertNever } from '../util/assert-never';
import { type Arg, type Chain, foreignKeysOnMessage, RawSql, savedVariable, type Step } from './step';

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
    case 'requireForeignKeysOff':
      return [
        `if ((await knex.raw('PRAGMA foreign_keys'))[0]?.foreign_keys) {`,
        `${indent}  throw new Error(${jsString(foreignKeysOnMessage(step.table))});`,
        `${indent}}`,
      ].join('\n');
    case 'saveStatements':
      return `const ${savedVariable(step.slot)} = ((await knex.raw(${jsString(step.query)}, ${renderArg(step.bindings)})) as { sql: string }[]).map((row) => row.sql);`;
    case 'runSaved':
      return `for (const sql of ${savedVariable(step.slot)}) await knex.raw(sql);`;
    default:
      return assertNever(step, 'step');
  }
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
