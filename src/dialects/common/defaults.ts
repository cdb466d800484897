import { canonicalLiteral } from '../../schema/literals';
import type { Column, DefaultValue } from '../../schema/model';
import { normalizeExpression, unquoteString } from './sql-text';

/**
 * Takes the engine's cast off a literal default as its catalog prints it (`'x'` from a cast the engine adds to it),
 * leaving anything else as it is; an engine without such casts leaves every text alone.
 */
export type StripCast = (text: string) => string;

const noCast: StripCast = (text) => text;

/**
 * A default as a catalog prints it (or as a user wrote it in `sql()`), in canonical model form: plain
 * literals, even in parentheses such as `(-1)` or with the engine's cast (`stripCast`), become literal defaults;
 * anything else stays an expression. `NULL` means no default.
 */
export function parseDefaultText(text: string, type: Column['type'], stripCast: StripCast = noCast): DefaultValue | undefined {
  let body = stripCast(text.trim());
  if (/^null$/i.test(body)) return undefined;
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

/** Canonical form of a default on either side of a diff: literal-looking expressions become literals. */
export function normalizeDefault(value: DefaultValue | undefined, type: Column['type'], stripCast: StripCast = noCast): DefaultValue | undefined {
  if (!value || value.kind === 'literal') return value;
  return parseDefaultText(value.expression, type, stripCast);
}
