import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { LostTable } from './data-loss';

/** How many rows each table holds. */
export async function countRows(knex: Knex, tables: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const [row] = (await knex(table).count({ n: '*' })) as { n: number | string }[];
    counts.set(table, Number(row!.n));
  }
  return counts;
}

/** How many rows hold a value (not null) in each of a table's `columns`. */
export async function countValues(knex: Knex, table: string, columns: readonly string[]): Promise<Map<string, number>> {
  if (columns.length === 0) return new Map();
  const aliases = Object.fromEntries(columns.map((c, i) => [`v${i}`, c]));
  const [row] = (await knex(table).count(aliases)) as Record<string, number | string>[];
  return new Map(columns.map((c, i) => [c, Number(row![`v${i}`])]));
}

/** Every table of the connected database (its current schema on PostgreSQL) that holds rows, with how many. */
export async function tablesWithRows(knex: Knex, dialect: Dialect): Promise<LostTable[]> {
  const schema = await dialect.schema.introspect(knex);
  const counts = await countRows(knex, schema.tables.map((t) => t.name));
  return [...counts].filter(([, rows]) => rows > 0).map(([table, rows]) => ({ table, rows }));
}
