import type { Knex } from 'knex';
import type { Change } from '../changes/change';
import { findTable } from '../schema/lookup';
import type { Schema } from '../schema/model';

/**
 * Changes the database's current rows will make fail: a NOT NULL column without a default added to a table
 * that has rows, or a column made NOT NULL while rows hold NULL in it. The migration would refuse them when
 * it runs; `migrate:generate` knows the database, so it says so now. Returns, per index of such a change,
 * the sentence to print and to write above it.
 */
export async function rowsInTheWay(knex: Knex, actual: Schema, changes: readonly Change[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (const [i, change] of changes.entries()) {
    if (change.kind === 'addColumn' && !change.column.nullable && change.column.default === undefined && !change.column.autoIncrement) {
      const origin = originOf(changes.slice(0, i), actual, change.table);
      const rows = origin && (await count(knex(origin.table)));
      if (rows) {
        found.set(i, `"${change.table}" has ${rows} row(s), and "${change.table}"."${change.column.name}" is added NOT NULL without a default, ` +
          'so this migration will fail on them. Give the column a default, or add it nullable, fill it, and make it NOT NULL in a second migration.');
      }
    }
    if (change.kind === 'alterColumn' && change.from.nullable && !change.to.nullable) {
      const origin = originOf(changes.slice(0, i), actual, change.table, change.from.name);
      const rows = origin?.column !== undefined && (await count(knex(origin.table).whereNull(origin.column)));
      if (rows) {
        found.set(i, `${rows} row(s) of "${change.table}" hold NULL in "${change.to.name}", which this migration makes NOT NULL, ` +
          'so it will fail on them. Fill them in an earlier migration, or keep the column nullable.');
      }
    }
  }
  return found;
}

async function count(query: Knex.QueryBuilder): Promise<number> {
  const [row] = (await query.count({ n: '*' })) as { n: number | string }[];
  return Number(row?.n ?? 0);
}

/**
 * The names a table (and one of its columns) have in the database now, given the changes of the migration
 * that run before; undefined when the migration creates them, since they then hold no rows.
 */
function originOf(earlier: readonly Change[], actual: Schema, table: string, column?: string): { table: string; column?: string } | undefined {
  let name = table;
  let col = column;
  for (const change of [...earlier].reverse()) {
    if (change.kind === 'renameTable' && change.to === name) name = change.from;
    else if (change.kind === 'createTable' && change.table.name === name) return undefined;
    else if (change.kind === 'renameColumn' && change.table === name && change.to === col) col = change.from;
    else if (change.kind === 'addColumn' && change.table === name && change.column.name === col) return undefined;
  }
  const existing = findTable(actual, name);
  if (!existing || (col !== undefined && !existing.columns.some((c) => c.name === col))) return undefined;
  return { table: name, column: col };
}
