/**
 * Every name Strata invents (constraints, indexes, enum types) stays within this many bytes on every
 * engine: PostgreSQL's NAMEDATALEN - 1. Using one limit everywhere keeps generated names, and so
 * generated migration files, identical across engines.
 */
export const IDENTIFIER_LIMIT = 63;

/** 32-bit FNV-1a of a string, as 8 hex digits: a short, stable, dependency-free fingerprint. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/**
 * Returns `name` unchanged when it fits the limit; otherwise keeps as much of it as fits and ends it
 * with `_` and a hash of the whole name, so two long names that share a prefix still differ.
 */
export function fitIdentifier(name: string, limit = IDENTIFIER_LIMIT): string {
  if (Buffer.byteLength(name, 'utf8') <= limit) return name;
  const suffix = '_' + shortHash(name);
  return truncateBytes(name, limit - suffix.length) + suffix;
}
