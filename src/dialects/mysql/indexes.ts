import type { Column, Index, Table } from '../../schema/model';
import { raw, type Step } from '../../steps/step';
import { quoteIdentifier as q } from '../common/sql-text';

/**
 * How many characters of a text, json or binary column a plain index keeps. InnoDB cannot index a whole TEXT or
 * BLOB, and a key is at most 3072 bytes: 191 characters of utf8mb4 (764 bytes) leave room for other columns.
 * Uniques need none: MariaDB keeps a unique key that is too long as a hash (its "long unique").
 */
export const PREFIX_CHARACTERS = 191;

/** A column InnoDB indexes only by a prefix. */
export function needsPrefix(column: Pick<Column, 'type'> | undefined): boolean {
  return column?.type === 'text' || column?.type === 'json' || column?.type === 'binary';
}

/** Whether a plain index of the table needs prefixes, so is written as SQL rather than with knex's `index()`. */
export function indexNeedsPrefix(table: Table, index: Index): boolean {
  return index.columns.some((name) => needsPrefix(table.columns.find((c) => c.name === name)));
}

/** `CREATE INDEX "name" ON "table" ("body"(191), "author_id")`. */
export function createPrefixIndex(table: Table, index: Index): Step {
  const parts = index.columns.map((name) => `${q(name)}${needsPrefix(table.columns.find((c) => c.name === name)) ? `(${PREFIX_CHARACTERS})` : ''}`);
  return raw(`CREATE INDEX ${q(index.name)} ON ${q(table.name)} (${parts.join(', ')})`);
}
