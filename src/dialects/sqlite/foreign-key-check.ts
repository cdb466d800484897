import type { Knex } from 'knex';
import { quoteIdentifier as q } from '../common/sql-text';
import type { ForeignKeyViolation } from '../foreign-key-check-error';

export { describeViolations, ForeignKeyCheckError, type ForeignKeyViolation } from '../foreign-key-check-error';

interface Found extends ForeignKeyViolation {
  /** What identifies the violation across a table rebuild, which may renumber rowids. */
  readonly identity: string;
}

/**
 * The violations in the database now. With `identify`, each gets an identity that survives a table rebuild:
 * the child table, the foreign key and the values of its columns in the row (its rowid may change).
 */
export async function findViolations(knex: Knex, identify: boolean): Promise<Found[]> {
  const rows = (await knex.raw('PRAGMA foreign_key_check')) as { table: string; rowid: number | null; parent: string; fkid: number }[];
  const keys = new Map<string, Map<number, { from: string[]; to: string[] }>>();
  const found: Found[] = [];
  for (const row of rows) {
    if (!keys.has(row.table)) keys.set(row.table, await foreignKeysOf(knex, row.table));
    const key = keys.get(row.table)!.get(row.fkid) ?? { from: [], to: [] };
    found.push({ table: row.table, rowid: row.rowid, columns: key.from, parent: row.parent, parentColumns: key.to, identity: '' });
  }
  return identify ? withIdentities(knex, found) : found;
}

/**
 * The violations of `after` that `before` did not have. Compared as multisets of identities, so that a row
 * added with the same dangling value as an old one still counts as new.
 */
export function newViolations(before: readonly Found[], after: readonly Found[]): { added: Found[]; kept: Found[] } {
  const remaining = new Map<string, number>();
  for (const v of before) remaining.set(v.identity, (remaining.get(v.identity) ?? 0) + 1);
  const added: Found[] = [];
  const kept: Found[] = [];
  for (const v of after) {
    const left = remaining.get(v.identity) ?? 0;
    if (left > 0) {
      remaining.set(v.identity, left - 1);
      kept.push(v);
    } else {
      added.push(v);
    }
  }
  return { added, kept };
}

async function foreignKeysOf(knex: Knex, table: string): Promise<Map<number, { from: string[]; to: string[] }>> {
  const rows = (await knex.raw(`PRAGMA foreign_key_list(${q(table)})`)) as { id: number; seq: number; from: string; to: string | null }[];
  const keys = new Map<number, { from: string[]; to: string[] }>();
  for (const row of [...rows].sort((a, b) => a.id - b.id || a.seq - b.seq)) {
    const key = keys.get(row.id) ?? { from: [], to: [] };
    key.from.push(row.from);
    if (row.to !== null) key.to.push(row.to);
    keys.set(row.id, key);
  }
  return keys;
}

/** Reads the foreign-key values of the violating rows, a batch of rowids per table and key at a time. */
async function withIdentities(knex: Knex, found: readonly Found[]): Promise<Found[]> {
  const values = new Map<string, unknown[]>();
  const byKey = new Map<string, Found[]>();
  for (const v of found) {
    if (v.rowid === null || v.columns.length === 0) continue;
    const key = `${v.table}\u0000${v.columns.join('\u0000')}`;
    byKey.set(key, [...(byKey.get(key) ?? []), v]);
  }
  for (const group of byKey.values()) {
    const { table, columns } = group[0]!;
    for (let i = 0; i < group.length; i += 500) {
      const ids = group.slice(i, i + 500).map((v) => v.rowid!);
      const rows = (await knex.raw(
        `SELECT rowid AS "__rowid", ${columns.map((c) => q(c)).join(', ')} FROM ${q(table)} WHERE rowid IN (${ids.map(() => '?').join(', ')})`,
        ids,
      )) as Record<string, unknown>[];
      for (const row of rows) values.set(`${table}\u0000${columns.join('\u0000')}\u0000${String(row.__rowid)}`, columns.map((c) => row[c]));
    }
  }
  return found.map((v) => {
    const own = values.get(`${v.table}\u0000${v.columns.join('\u0000')}\u0000${String(v.rowid)}`);
    return { ...v, identity: JSON.stringify([v.table, v.columns, v.parent, own ?? null]) };
  });
}
