/** SQL text helpers shared by dialects whose identifiers and strings quote the standard way. */

/** `"name"`, with embedded double quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'`, with embedded single quotes doubled. */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `'abc'` → `abc` (with doubled quotes undone); anything else unchanged. */
export function unquoteString(text: string): string {
  const m = /^'((?:[^']|'')*)'$/s.exec(text);
  return m ? m[1]!.replace(/''/g, "'") : text;
}

const KEYWORD_EXPRESSIONS = /\b(current_timestamp|current_date|current_time|localtimestamp|localtime)\b/gi;

/**
 * A default expression in comparable form: outer parentheses and extra whitespace removed, the SQL
 * standard's niladic keywords in upper case, so `(current_timestamp)` and `CURRENT_TIMESTAMP` agree.
 */
export function normalizeExpression(expression: string): string {
  let text = expression.trim().replace(/\s+/g, ' ');
  while (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) text = text.slice(1, -1).trim();
  return text.replace(KEYWORD_EXPRESSIONS, (k) => k.toUpperCase());
}

function balanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
