import type { EntityTable } from './entity-table';
import type { IncludeOptions } from './query-types';
import type { Repository } from './repository';
import type { TransactionOptions } from './transaction-retry';
import type { UpdateOptions } from './write-types';
import { QueryError } from './errors';
import { keysOf } from '../util/keys-of';

// The options each repository call and orm.transaction take. TypeScript refuses another key in an object literal,
// but plain JavaScript (or a value typed `any`) would pass a misspelt one through, and a `wher` left unread makes a
// find read, or a count count, every row. A key whose value is undefined is no option given, and passes.


/** The options a repository method takes (its parameter `N`, in its last overload), as its signature writes them. */
type OptionsOf<M extends keyof Repository<object>, N extends number> = Repository<object>[M] extends (...args: infer A) => unknown ? NonNullable<A[N]> : { readonly notAMethod: never };

export const FIND_OPTIONS = keysOf<OptionsOf<'find', 0>>({
  where: true, select: true, orderBy: true, offset: true, include: true, distinct: true, count: true, withDeleted: true, primary: true, limit: true,
  lock: true, skipLocked: true, noWait: true,
});
export const FIND_ONE_OPTIONS = keysOf<OptionsOf<'findOne', 0>>({
  where: true, select: true, orderBy: true, offset: true, include: true, distinct: true, count: true, withDeleted: true, primary: true,
  lock: true, skipLocked: true, noWait: true,
});
export const FIND_AND_COUNT_OPTIONS = keysOf<OptionsOf<'findAndCount', 0>>({
  where: true, select: true, orderBy: true, offset: true, include: true, distinct: true, count: true, withDeleted: true, primary: true, limit: true,
});
export const FIND_BY_ID_OPTIONS = keysOf<OptionsOf<'findById', 1>>({ include: true, withDeleted: true, primary: true });
export const COUNT_OPTIONS = keysOf<OptionsOf<'count', 0>>({ where: true, withDeleted: true, primary: true });
/**
 * What a read (find, findOne, findAndCount, findById, count) that has no use for it leaves unread rather than
 * refuses: how the rows come (their order, page, properties and relations). TypeScript lets one options object that
 * is not a literal serve several reads (a page's find and its total's count, as TypeORM's count takes and ignores
 * paging). What chooses or locks the rows (where, distinct, lock, …) is refused by a read that cannot apply it.
 */
export const SHAPING_OPTIONS: ReadonlySet<string> = new Set(['orderBy', 'limit', 'offset', 'select', 'include', 'count']);

export const STREAM_OPTIONS = keysOf<OptionsOf<'stream', 0>>({ where: true, orderBy: true, batchSize: true, include: true, withDeleted: true, primary: true });
export const INCLUDE_OPTIONS = keysOf<IncludeOptions<object>>({ where: true, orderBy: true, limit: true, offset: true, include: true });
export const RETURNING_OPTIONS = keysOf<UpdateOptions>({ returning: true });
export const DELETE_OPTIONS = keysOf<OptionsOf<'delete', 1>>({ returning: true, hard: true });
export const UPSERT_OPTIONS = keysOf<OptionsOf<'upsert', 1>>({ onConflict: true, update: true, returning: true });
export const TRANSACTION_OPTIONS = keysOf<TransactionOptions>({ isolation: true, retries: true });

/**
 * Refuses options that are not an object, or that hold a key the call does not take (`takes`) and does not leave
 * unread (`leaves`), naming the key and the ones the call takes; `call` names the call (`find on User`). A key that
 * is one of `table`'s properties, where `where` is an option, is a condition put at the wrong level
 * (`findOne({ email })`): the message says to put it in `where`.
 */
export function checkOptions(options: unknown, takes: ReadonlySet<string>, call: string, table?: EntityTable, leaves?: ReadonlySet<string>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new QueryError(`${call} takes an object of options.`);
  const key = unknownOption(options, takes, leaves);
  if (key === undefined) return;
  const property = table && takes.has('where') && (table.findColumn(key) ?? table.findRelation(key));
  const hint = property ? ` To choose rows by ${table.className}.${key}, put it in where: { where: { ${key}: … } }.` : '';
  throw new QueryError(`${noSuchOption(call, key, takes)}${hint}`);
}

/** `find on User has no option 'wher'; its options are where, select, ….` */
export function noSuchOption(call: string, key: string, takes: ReadonlySet<string>): string {
  return `${call} has no option '${key}'; its options are ${[...takes].join(', ')}.`;
}

/** The first key of `options` given a value that is neither in `takes` nor in `leaves`, if any. */
export function unknownOption(options: object, takes: ReadonlySet<string>, leaves?: ReadonlySet<string>): string | undefined {
  for (const key in options) {
    if (!takes.has(key) && !leaves?.has(key) && (options as Record<string, unknown>)[key] !== undefined) return key;
  }
  return undefined;
}
