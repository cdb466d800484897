import type { Knex } from 'knex';
import { quoteIdentifier, quoteString } from './sql-text';

/** The tables, among `names`, that hold at least one row: one query whatever their number. */
export async function filledTables(knex: Knex, names: readonly string[], rowsOf: (result: unknown) => { name: string }[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const probe = names
    .map((n) => `SELECT ${quoteString(n)} AS name WHERE EXISTS (SELECT 1 FROM ${quoteIdentifier(n)})`)
    .join(' UNION ALL ');
  return new Set(rowsOf(await knex.raw(probe)).map((r) => r.name));
}
