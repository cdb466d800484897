import { canonicalLiteral } from '../../schema/literals';
import type { Column, DefaultValue } from '../../schema/model';
import { normalizeExpression, unquoteString } from './sql-text';

/**
 * A default as a catalog prints it (or as a user wrote it in `sql()`), in canonical model form: plain
 * literals, even with a cast such as `'member'::character varying` or `(-1)`, become literal defaults;
 * anything else stays an expression. `NULL` means no default.
 */
export function parseDefaultText(text: string, type: Column['type']): DefaultValue | undefined {
  let body = text.trim();
  if (/^null(::.+)?$/i.test(body)) return undefined;
  body = stripCast(body);
  while (/^\(.*\)$/s.test(body) && !/^\(.*\)\s*\(/s.test(body)) body = body.slice(1, -1).trim();
  let literalText: string | boolean | undefined;
  if (/^'(?:[^']|'')*'$/s.test(body)) literalText = unquoteString(body);
  else if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(body)) literalText = body;
  else if (/^(true|false)$/i.test(body)) literalText = body.toLowerCase() === 'true';
  if (literalText !== undefined) {
    const canonical = canonicalLiteral(type, literalText);
    if ('value' in canonical) return { kind: 'literal', value: canonical.value };
  }
  return { kind: 'sql', expression: normalizeExpression(text) };
}

/** `'x'::character varying` → `'x'`; `('x'::text)` → `('x')`; casts inside function calls are kept. */
function stripCast(text: string): string {
  const m = /^(\(?\s*(?:'(?:[^']|'')*'|[+-]?[\d.]+(?:[eE][+-]?\d+)?)\s*\)?)::[\w\s".\[\]()]+$/s.exec(text);
  return m ? m[1]!.trim() : text;
}

/** Canonical form of a default on either side of a diff: literal-looking expressions become literals. */
export function normalizeDefault(value: DefaultValue | undefined, type: Column['type']): DefaultValue | undefined {
  if (!value || value.kind === 'literal') return value;
  return parseDefaultText(value.expression, type);
}
