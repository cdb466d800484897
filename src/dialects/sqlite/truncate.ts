import type { Knex } from 'knex';
import type { Schema } from '../../schema/model';
import { filledTables } from '../common/filled-tables';
import { quoteIdentifier as q, quoteString } from '../common/sql-text';

const rowsOf = (result: unknown): { name: string }[] => result as { name: string }[];

/**
 * Empties the schema's tables and their AUTOINCREMENT counters. When nothing holds rows or counts, no
 * write transaction is opened at all (its commit is the expensive part). Foreign keys are off while
 * deleting, which is safe because every table that holds rows is emptied.
 */
export async function truncateSqlite(knex: Knex, schema: Schema): Promise<void> {
  const names = schema.tables.map((t) => t.name);
  const filled = await filledTables(knex, names, rowsOf);
  const hasSequences = rowsOf(await knex.raw(`SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'`)).length > 0;
  const counted = hasSequences && names.length > 0
    ? rowsOf(await knex.raw(`SELECT name FROM sqlite_sequence WHERE seq > 0 AND name IN (${names.map(quoteString).join(', ')})`))
    : [];
  if (filled.size === 0 && counted.length === 0) return;
  await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    await knex.transaction(async (trx) => {
      for (const name of filled) await trx.raw(`DELETE FROM ${q(name)}`);
      if (counted.length > 0) await trx.raw(`DELETE FROM sqlite_sequence WHERE name IN (${counted.map((c) => quoteString(c.name)).join(', ')})`);
    });
  } finally {
    await knex.raw('PRAGMA foreign_keys = ON');
  }
}
