import { stableJson } from '../util/stable-json';
import type { ColumnType } from './model';

export type CanonicalLiteral = { readonly value: string | number | boolean } | { readonly error: string };

const TRUE_TEXT = new Set(['true', 't', '1', 'yes', 'on']);
const FALSE_TEXT = new Set(['false', 'f', '0', 'no', 'off']);

/**
 * A default literal in its one canonical form for a column type, whether it comes from an entity
 * (a JavaScript value) or from a database catalog (the literal's text). Both sides of a diff go
 * through here, which is why a default never shows up as a false change.
 */
export function canonicalLiteral(type: ColumnType, value: unknown): CanonicalLiteral {
  switch (type) {
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'number' && (value === 0 || value === 1)) return { value: value === 1 };
      if (typeof value === 'string' && TRUE_TEXT.has(value.toLowerCase())) return { value: true };
      if (typeof value === 'string' && FALSE_TEXT.has(value.toLowerCase())) return { value: false };
      return { error: 'expected true or false' };
    case 'integer':
    case 'float':
    case 'double': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) return { error: 'expected a number' };
      if (type === 'integer' && !Number.isInteger(n)) return { error: 'expected an integer' };
      return { value: n };
    }
    case 'bigint':
    case 'decimal': {
      const text = typeof value === 'bigint' || typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
      const canonical = canonicalNumber(text);
      if (canonical === undefined) return { error: 'expected a number' };
      if (type === 'bigint' && canonical.includes('.')) return { error: 'expected an integer' };
      return { value: canonical };
    }
    case 'json':
      if (typeof value === 'string') {
        try {
          return { value: stableJson(JSON.parse(value)) };
        } catch {
          return { value: stableJson(value) };
        }
      }
      return { value: stableJson(value) };
    case 'date': {
      const date = toDate(value);
      return date ? { value: date.toISOString().slice(0, 10) } : { error: 'expected a Date or a YYYY-MM-DD string' };
    }
    case 'datetime': {
      const date = toDate(value);
      return date ? { value: date.toISOString() } : { error: 'expected a Date or an ISO 8601 string' };
    }
    case 'time': {
      const m = typeof value === 'string' ? /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(value.trim()) : null;
      if (!m) return { error: 'expected a HH:MM:SS string' };
      return { value: `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}${m[4] ?? ''}` };
    }
    case 'uuid':
      return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value)
        ? { value: value.toLowerCase() }
        : { error: 'expected a UUID string' };
    case 'string':
    case 'text':
    case 'enum':
      return typeof value === 'string' ? { value } : { error: 'expected a string' };
    case 'binary':
      return { error: 'binary columns take no literal default; use sql() for an expression' };
  }
}

/** `+001.500` → `1.5`, `-0` → `0`; undefined when the text is not a plain decimal number. */
function canonicalNumber(text: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const int = m[2]!.replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  // Catalogs print `2024-01-02 03:04:05+00`; Date wants a `T`, a full offset, and UTC when none is given.
  let iso = value.trim().replace(' ', 'T');
  if (iso.includes('T')) {
    iso = iso.replace(/([+-]\d{2})$/, '$1:00');
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
