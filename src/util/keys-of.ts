/**
 * The keys of an options type, as a set: listing them as an object of the type's every key makes a key the type
 * gains, loses or renames a compile error here, so a call never refuses an option its type offers. Keys keep the
 * order given, which is the order messages name them in.
 */
export function keysOf<T>(keys: Record<keyof T, true>): ReadonlySet<string> {
  return new Set(Object.keys(keys));
}
