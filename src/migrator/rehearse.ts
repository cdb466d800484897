import type { Knex } from 'knex';
import type { Dialect } from '../dialects';
import type { Column, Schema, Table } from '../schema/model';
import { countRows, countValues } from './count-data';
import type { DataLoss, LostColumn, LostTable } from './data-loss';
import type { MigrationFile } from './discover';
import { MigrationFailedError } from './failure';
import type { MigrationModule } from './load';

export interface RehearsalOptions {
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly historyTable: string;
  /** The migrations to revert, most recent first. */
  readonly steps: readonly { readonly file: MigrationFile; readonly module: MigrationModule }[];
  readonly signal?: AbortSignal;
}

/**
 * What reverting `steps` would drop, found by rehearsing it: their downs run in one transaction, the schema is
 * read before and after, what appeared is counted, and the transaction is rolled back. What disappeared is then
 * counted in the database, which still has it. A table that reappears under another name with as many rows
 * and columns of the same types, or a column that reappears in its table with the same type and as many
 * values, was renamed, not dropped. An engine without transactional DDL, or a file that runs outside a
 * transaction, cannot be rehearsed: the loss is `unmeasured`. A down that fails in the rehearsal fails the
 * revert, with nothing changed.
 */
export async function rehearseDowns(options: RehearsalOptions): Promise<DataLoss> {
  const { knex, dialect } = options;
  if (!dialect.capabilities.transactionalDdl) return unmeasured(`${dialect.label} cannot roll DDL back, so the downs cannot be rehearsed`);
  const outside = options.steps.find((s) => s.module.config?.transaction === false);
  if (outside) return unmeasured(`${outside.file.name} runs outside a transaction (config.transaction = false), so its down cannot be rehearsed`);

  const seen = await rehearse(options);
  const rows = await countRows(knex, seen.goneTables.map((t) => t.name));
  const tables: LostTable[] = [];
  const pairs: [Table, Appeared][] = seen.keptTables.map(([before, after]) => [before, { table: after, rows: 0, values: seen.keptValues.get(after.name) ?? new Map() }]);
  const taken = new Set<Appeared>();
  for (const gone of seen.goneTables) {
    const count = rows.get(gone.name) ?? 0;
    const renamed = seen.newTables.find((n) => !taken.has(n) && n.rows === count && columnTypes(n.table) === columnTypes(gone));
    if (renamed) {
      taken.add(renamed);
      pairs.push([gone, renamed]);
    } else if (count > 0) {
      tables.push({ table: gone.name, rows: count });
    }
  }
  const columns: LostColumn[] = [];
  for (const [before, after] of pairs) {
    const gone = before.columns.filter((c) => !after.table.columns.some((a) => a.name === c.name));
    const added = after.table.columns.filter((c) => !before.columns.some((b) => b.name === c.name));
    const values = await countValues(knex, before.name, gone.map((c) => c.name));
    const used = new Set<Column>();
    for (const column of gone) {
      const count = values.get(column.name) ?? 0;
      const renamed = added.find((a) => !used.has(a) && a.type === column.type && after.values.get(a.name) === count);
      if (renamed) used.add(renamed);
      else if (count > 0) columns.push({ table: before.name, column: column.name, values: count });
    }
  }
  return { tables, columns };
}

/** A table the downs leave, with its rows and, per column that the downs added, its non-null values. */
interface Appeared {
  readonly table: Table;
  readonly rows: number;
  readonly values: ReadonlyMap<string, number>;
}

interface Seen {
  readonly goneTables: readonly Table[];
  readonly newTables: readonly Appeared[];
  /** Tables there before and after: their two shapes. */
  readonly keptTables: readonly (readonly [Table, Table])[];
  /** Non-null values of the columns the downs added to kept tables, by table. */
  readonly keptValues: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Carries what the rehearsal saw out of the unit it rolls back. */
class Rehearsed {
  constructor(readonly seen: Seen) {}
}

async function rehearse(options: RehearsalOptions): Promise<Seen> {
  const { dialect, historyTable } = options;
  try {
    await dialect.migrations.runUnit(options.knex, true, async (db) => {
      const before = await dialect.schema.introspect(db as Knex, { exclude: [historyTable] });
      for (const { file, module } of options.steps) {
        try {
          await module.down(db as Knex);
        } catch (error) {
          throw MigrationFailedError.from(file.name, 'down', error, true);
        }
      }
      const after = await dialect.schema.introspect(db as Knex, { exclude: [historyTable] });
      throw new Rehearsed(await compare(db as Knex, before, after));
    }, { signal: options.signal });
  } catch (outcome) {
    if (outcome instanceof Rehearsed) return outcome.seen;
    throw outcome;
  }
  throw new Error('The rehearsal of the downs ended without a result.');
}

/** What `after` lacks, and what it has anew, counted while it exists. */
async function compare(db: Knex, before: Schema, after: Schema): Promise<Seen> {
  const beforeNames = new Set(before.tables.map((t) => t.name));
  const afterNames = new Set(after.tables.map((t) => t.name));
  const goneTables = before.tables.filter((t) => !afterNames.has(t.name));
  const newTables: Appeared[] = [];
  if (goneTables.length > 0) {
    for (const table of after.tables.filter((t) => !beforeNames.has(t.name))) {
      const rows = (await countRows(db, [table.name])).get(table.name) ?? 0;
      newTables.push({ table, rows, values: await countValues(db, table.name, table.columns.map((c) => c.name)) });
    }
  }
  const keptTables = before.tables.flatMap((b) => after.tables.filter((a) => a.name === b.name).map((a) => [b, a] as const));
  const keptValues = new Map<string, ReadonlyMap<string, number>>();
  for (const [old, now] of keptTables) {
    const added = now.columns.filter((c) => !old.columns.some((o) => o.name === c.name));
    const dropped = old.columns.some((o) => !now.columns.some((c) => c.name === o.name));
    if (dropped && added.length > 0) keptValues.set(now.name, await countValues(db, now.name, added.map((c) => c.name)));
  }
  return { goneTables, newTables, keptTables, keptValues };
}

function columnTypes(table: Table): string {
  return table.columns.map((c) => c.type).sort().join(',');
}

function unmeasured(reason: string): DataLoss {
  return { tables: [], columns: [], unmeasured: reason };
}
