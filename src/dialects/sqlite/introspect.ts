import type { Knex } from 'knex';
import { column, table } from '../../schema/factories';
import type { Column, Enum, Every, ForeignKey, ReferentialAction, Schema, Table } from '../../schema/model';
import { enumName, uniqueName } from '../../schema/names';
import { parseDefaultText } from '../common/defaults';
import { unquoteString } from '../common/sql-text';
import type { IntrospectOptions } from '../dialect';
import { normalizeSqlite } from './normalize';
import { parseSqliteType } from './types';

// The pragma table-valued functions read every table in four queries, not four per table.
const TABLES = `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`;
const COLUMNS = `SELECT m.name AS tbl, p.name, p.type, p."notnull" AS not_null, p.dflt_value, p.pk
  FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid`;
const INDEXES = `SELECT m.name AS tbl, il.name, il."unique" AS is_unique, il.origin, il.partial, ii.name AS col
  FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii
  WHERE m.type = 'table' AND ii.key = 1 ORDER BY m.name, il.name, ii.seqno`;
const FOREIGN_KEYS = `SELECT m.name AS tbl, fk.id, fk.seq, fk."table" AS ref, fk."from" AS col, fk."to" AS ref_col,
  fk.on_update, fk.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) fk
  WHERE m.type = 'table' ORDER BY m.name, fk.id, fk.seq`;

interface ColumnRow { tbl: string; name: string; type: string; not_null: number; dflt_value: string | null; pk: number }
interface IndexRow { tbl: string; name: string; is_unique: number; origin: 'c' | 'u' | 'pk'; partial: number; col: string | null }
interface ForeignKeyRow { tbl: string; id: number; seq: number; ref: string; col: string; ref_col: string | null; on_update: string; on_delete: string }

/** Reads a SQLite database's tables into the model. */
export async function introspectSqlite(knex: Knex, options: IntrospectOptions = {}): Promise<Schema> {
  const excluded = new Set(options.exclude ?? []);
  const keep = <T extends { tbl: string }>(list: T[]): T[] => list.filter((r) => !excluded.has(r.tbl));
  const tableRows = ((await knex.raw(TABLES)) as { name: string; sql: string }[]).filter((t) => !excluded.has(t.name));
  const columns = keep((await knex.raw(COLUMNS)) as ColumnRow[]);
  const indexes = keep((await knex.raw(INDEXES)) as IndexRow[]);
  const foreignKeys = keep((await knex.raw(FOREIGN_KEYS)) as ForeignKeyRow[]);
  const enums: Enum[] = [];
  // By name in lower case: SQLite matches the table a foreign key names, and its columns, ignoring case.
  const parents = new Map<string, Parent>();
  const tables = tableRows.map((t): Table => {
    const own = columns.filter((c) => c.tbl === t.name);
    const key = own.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    parents.set(t.name.toLowerCase(), { name: t.name, key, columns: new Map(own.map((c) => [c.name.toLowerCase(), c.name])) });
    const checks = enumChecks(t.sql);
    return table({
      name: t.name,
      columns: own.map((c) => {
        const values = checks.get(c.name);
        if (values) enums.push({ name: enumName(t.name, c.name), values });
        return toColumn(c, t, key, values ? enumName(t.name, c.name) : undefined, options.onApproximation);
      }),
      primaryKey: key.length ? { name: '', columns: key } : undefined,
      ...indexesOf(t.name, indexes.filter((i) => i.tbl === t.name)),
      // Read below, once every table's primary key is known (a foreign key may name its parent's implicitly).
      foreignKeys: [],
    } satisfies Every<Table>);
  });
  const withKeys = tables.map((t) => ({ ...t, foreignKeys: foreignKeysOf(foreignKeys.filter((f) => f.tbl === t.name), parents, parents.get(t.name.toLowerCase())!) }));
  return normalizeSqlite({ tables: withKeys, enums } satisfies Every<Schema>, { read: true });
}

function toColumn(row: ColumnRow, t: { sql: string }, key: string[], enumRef: string | undefined, onApproximation: IntrospectOptions['onApproximation']): Column {
  const { approximate, ...parts } = enumRef ? { type: 'enum' as const } : parseSqliteType(row.type);
  if (approximate) onApproximation?.({ table: row.tbl, column: row.name, native: row.type, read: parts.type });
  // A table's one key declared exactly INTEGER is its rowid, which SQLite assigns when a row gives none, with
  // AUTOINCREMENT or without (which only decides whether the numbers of deleted rows may come back); not in a
  // WITHOUT ROWID table, nor as INTEGER PRIMARY KEY DESC. An INT key is an ordinary column, which may even hold NULL.
  const soleKey = key.length === 1 && key[0] === row.name;
  const withoutRowid = /\bwithout\s+rowid\b/i.test(t.sql);
  const descending = /\bprimary\s+key\s+desc\b/i.test(t.sql);
  const autoIncrement = soleKey && /^integer$/i.test(row.type) && !withoutRowid && !descending;
  // Strata makes a table's one integer key its rowid: a migration rebuilds such a key that is not into one.
  if (soleKey && parts.type === 'integer' && !autoIncrement && !approximate) {
    const native = `${row.type} PRIMARY KEY${descending ? ' DESC' : ''}${withoutRowid ? ' of a WITHOUT ROWID table' : ''}`;
    onApproximation?.({ table: row.tbl, column: row.name, native, read: parts.type, creates: 'INTEGER PRIMARY KEY, the rowid, which SQLite fills in when a row gives none' });
  }
  return column({
    name: row.name,
    ...parts,
    enum: enumRef,
    nullable: row.not_null === 0 && row.pk === 0,
    default: row.dflt_value === null ? undefined : parseDefaultText(row.dflt_value, parts.type),
    autoIncrement,
  });
}

/** `check (`kind` in ('a', 'b'))`, as knex writes an enum column, per column name. */
function enumChecks(sql: string): Map<string, string[]> {
  const checks = new Map<string, string[]>();
  const pattern = /check\s*\(\s*[`"[]?([^`"\]\s]+)[`"\]]?\s+in\s*\(((?:\s*'(?:[^']|'')*'\s*,?)*)\)\s*\)/gi;
  for (const m of sql.matchAll(pattern)) {
    const values = [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((v) => unquoteString(`'${v[1]}'`));
    checks.set(m[1]!, values);
  }
  return checks;
}

function indexesOf(tableName: string, rows: IndexRow[]): Pick<Table, 'uniques' | 'indexes'> {
  const byName = new Map<string, IndexRow[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  const uniques: Table['uniques'][number][] = [];
  const indexes: Table['indexes'][number][] = [];
  for (const [name, parts] of byName) {
    const first = parts[0]!;
    // Expression and partial indexes have no place in the model; they are left alone.
    if (first.origin === 'pk' || first.partial || parts.some((p) => p.col === null)) continue;
    const cols = parts.map((p) => p.col!);
    if (first.origin === 'u') uniques.push({ name: uniqueName(tableName, cols), columns: cols });
    else if (first.is_unique) uniques.push({ name, columns: cols });
    else indexes.push({ name, columns: cols });
  }
  return { uniques, indexes };
}

/** A table a foreign key may name: its name as declared, its primary key, and its columns by name in lower case. */
interface Parent {
  readonly name: string;
  readonly key: readonly string[];
  readonly columns: ReadonlyMap<string, string>;
}

/**
 * The foreign keys of table `own`, naming tables and columns as those were declared (`REFERENCES USERS(ID)` names
 * the table `users` and its column `id`), and a parent's primary key where they name no columns.
 */
function foreignKeysOf(rows: ForeignKeyRow[], parents: ReadonlyMap<string, Parent>, own: Parent): ForeignKey[] {
  const byId = new Map<number, ForeignKeyRow[]>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  return [...byId.values()].map((parts): ForeignKey => {
    const first = parts[0]!;
    const parent = parents.get(first.ref.toLowerCase());
    return {
      name: '',
      columns: parts.map((p) => own.columns.get(p.col.toLowerCase()) ?? p.col),
      referencedTable: parent?.name ?? first.ref,
      referencedColumns: parts.map((p, i) => referencedColumn(p, i, parent)),
      onDelete: action(first.on_delete),
      onUpdate: action(first.on_update),
    };
  });
}

/** The column a foreign key's `i`th part names, as its table declares it; its parent's key column where it names none. */
function referencedColumn(part: ForeignKeyRow, i: number, parent: Parent | undefined): string {
  if (part.ref_col === null) return parent?.key[i] ?? '';
  return parent?.columns.get(part.ref_col.toLowerCase()) ?? part.ref_col;
}

function action(text: string): ReferentialAction {
  return text.toLowerCase() as ReferentialAction;
}
