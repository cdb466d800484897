/** Every old value is still there, in the same relative order: PostgreSQL can add the rest in place. */
export function isExtension(from: readonly string[], to: readonly string[]): boolean {
  const kept = to.filter((v) => from.includes(v));
  return kept.length === from.length && kept.every((v, i) => v === from[i]);
}
