import type { EntityTable } from './entity-table';
import { QueryError } from './errors';

// The options each repository call and orm.transaction take. TypeScript refuses any other key, but plain JavaScript (or a value typed
// `any`) would pass a misspelt one through, and a `wher` left unread makes a find read, or a count count, every row.
const LOCK = ['lock', 'skipLocked', 'noWait'];
const READ = ['where', 'select', 'orderBy', 'offset', 'include', 'distinct', 'count', 'withDeleted', 'primary'];
export const FIND_OPTIONS = new Set([...READ, 'limit', ...LOCK]);
export const FIND_ONE_OPTIONS = new Set([...READ, ...LOCK]);
export const FIND_AND_COUNT_OPTIONS = new Set([...READ, 'limit']);
export const FIND_BY_ID_OPTIONS = new Set(['include', 'withDeleted', 'primary']);
export const COUNT_OPTIONS = new Set(['where', 'withDeleted', 'primary']);
export const STREAM_OPTIONS = new Set(['where', 'orderBy', 'batchSize', 'include', 'withDeleted', 'primary']);
export const INCLUDE_OPTIONS = new Set(['where', 'orderBy', 'limit', 'offset', 'include']);
export const RETURNING_OPTIONS = new Set(['returning']);
export const DELETE_OPTIONS = new Set(['returning', 'hard']);
export const UPSERT_OPTIONS = new Set(['onConflict', 'update', 'returning']);

export const TRANSACTION_OPTIONS = new Set(['isolation', 'retries']);

/**
 * Refuses options that are not an object, or that hold a key the call does not take, naming the key and the ones
 * it does take; `call` names the call (`find on User`). A key that is one of `table`'s properties, where `where` is
 * an option, is a condition put at the wrong level (`findOne({ email })`): the message says to put it in `where`.
 */
export function checkOptions(options: unknown, allowed: ReadonlySet<string>, call: string, table?: EntityTable): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new QueryError(`${call} takes an object of options.`);
  const key = unknownOption(options, allowed);
  if (key === undefined) return;
  const property = table && allowed.has('where') && (table.findColumn(key) ?? table.findRelation(key));
  const hint = property ? ` To choose rows by ${table.className}.${key}, put it in where: { where: { ${key}: … } }.` : '';
  throw new QueryError(`${call} has no option '${key}'; its options are ${[...allowed].join(', ')}.${hint}`);
}

/** The first key of `options` that is not in `allowed`, if any. */
export function unknownOption(options: object, allowed: ReadonlySet<string>): string | undefined {
  for (const key in options) if (!allowed.has(key)) return key;
  return undefined;
}
