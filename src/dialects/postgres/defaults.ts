import type { StripCast } from '../common/defaults';

/**
 * PostgreSQL's cast on a literal default, taken off: `'x'::character varying` → `'x'`; `('x'::text)` → `('x')`;
 * `NULL::text` → `NULL`. Casts inside function calls are kept.
 */
export const stripPostgresCast: StripCast = (text) => {
  if (/^null::.+$/is.test(text)) return 'NULL';
  const m = /^(\(?\s*(?:'(?:[^']|'')*'|[+-]?[\d.]+(?:[eE][+-]?\d+)?)\s*\)?)::[\w\s".\[\]()]+$/s.exec(text);
  return m ? m[1]!.trim() : text;
};
