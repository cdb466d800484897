/**
 * A text pattern, engine-neutral: literal text, `any` (any run of characters, LIKE's `%`) and `one` (one
 * character, LIKE's `_`). Each engine writes it in its own syntax (LIKE, ILIKE, GLOB), so that what a pattern
 * matches does not depend on the engine's escape rules.
 */
export type PatternPart = { readonly literal: string } | { readonly wildcard: 'any' | 'one' };
export type Pattern = readonly PatternPart[];

/**
 * A LIKE pattern as users write it, with PostgreSQL's rules on every engine: `%` and `_` are wildcards, and a
 * backslash makes the next character literal (`'100\%'`).
 */
export function parseLikePattern(text: string): Pattern {
  const parts: PatternPart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) parts.push({ literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) literal += text[++i];
    else if (ch === '%' || ch === '_') {
      flush();
      parts.push({ wildcard: ch === '%' ? 'any' : 'one' });
    } else literal += ch;
  }
  flush();
  return parts;
}

/** The pattern of startsWith, endsWith or contains: the value is literal text, wildcards and all. */
export function literalPattern(value: string, kind: 'startsWith' | 'endsWith' | 'contains'): Pattern {
  const any: PatternPart = { wildcard: 'any' };
  const literal: PatternPart[] = value ? [{ literal: value }] : [];
  if (kind === 'startsWith') return [...literal, any];
  if (kind === 'endsWith') return [any, ...literal];
  return [any, ...literal, any];
}

/** The pattern as LIKE text with backslash escapes (the escape character of PostgreSQL's LIKE, and of `ESCAPE '\'`). */
export function likeText(pattern: Pattern): string {
  return pattern.map((p) => ('literal' in p ? p.literal.replace(/[\\%_]/g, (c) => `\\${c}`) : p.wildcard === 'any' ? '%' : '_')).join('');
}
