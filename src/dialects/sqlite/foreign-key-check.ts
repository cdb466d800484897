import type { Knex } from 'knex';
import { quoteIdentifier as q } from '../common/sql-text';

/**
 * A row whose foreign key names a missing row, as `PRAGMA foreign_key_check` finds it: the child table and
 * row, and the foreign key (its columns in the child, the parent table and its columns).
 */
export interface ForeignKeyViolation {
  readonly table: string;
  /** null in a WITHOUT ROWID table. */
  readonly rowid: number | null;
  readonly columns: readonly string[];
  readonly parent: string;
  readonly parentColumns: readonly string[];
}

/** Foreign keys broken by a migration unit: rows that reference missing rows and did not before it. */
export class ForeignKeyCheckError extends Error {
  override readonly name = 'ForeignKeyCheckError';
  constructor(readonly violations: readonly ForeignKeyViolation[]) {
    super(`${describeViolations(violations)} would reference missing rows after this migration; nothing was committed`);
  }
}

/** `2 rows of "children" (rowid 3, 5; children.parent_id → parents.id)`, per table and foreign key. */
export function describeViolations(violations: readonly ForeignKeyViolation[]): string {
  const groups = new Map<string, ForeignKeyViolation[]>();
  for (const v of violations) {
    const key = `${v.table}\u0000${v.columns.join(',')}\u0000${v.parent}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const ids = group.map((v) => v.rowid ?? '?');
    const shown = ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
    const key = `${first.table}.${first.columns.join(', ')} → ${first.parent}${first.parentColumns.length ? `.${first.parentColumns.join(', ')}` : ''}`;
    return `${group.length} row${group.length === 1 ? '' : 's'} of "${first.table}" (rowid ${shown}; ${key})`;
  }).join(', ');
}

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
