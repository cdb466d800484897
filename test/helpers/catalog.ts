import type { Knex } from 'knex';

/**
 * The database's own account of its tables, read with plain catalog SQL (information_schema and
 * pg_catalog on PostgreSQL, PRAGMAs on SQLite) and never through Strata's introspection, so tests can
 * check Strata's output against the engine.
 */
export interface CatalogColumn {
  readonly type: string;
  readonly nullable: boolean;
  readonly default: string | null;
}

export interface CatalogTable {
  readonly columns: Record<string, CatalogColumn>;
  readonly primaryKey: string[];
  /** Column lists of unique constraints and unique indexes, each joined with ','. */
  readonly uniques: string[];
  /** Column lists of plain indexes, each joined with ','. */
  readonly indexes: string[];
  readonly foreignKeys: { columns: string; table: string; references: string; onDelete: string; onUpdate: string }[];
  /** Names of the indexes and constraints (PostgreSQL) or indexes (SQLite). */
  readonly names: string[];
  /** The CREATE TABLE statement (SQLite only). */
  readonly sql?: string;
}

export async function readCatalog(knex: Knex, dialect: 'postgres' | 'sqlite'): Promise<Record<string, CatalogTable>> {
  return dialect === 'postgres' ? readPostgres(knex) : readSqlite(knex);
}

async function readPostgres(knex: Knex): Promise<Record<string, CatalogTable>> {
  const q = async <T>(sql: string): Promise<T[]> => ((await knex.raw(sql)) as { rows: T[] }).rows;
  const columns = await q<{ table_name: string; column_name: string; data_type: string; udt_name: string; character_maximum_length: number | null; numeric_precision: number | null; numeric_scale: number | null; is_nullable: string; column_default: string | null }>(
    `select table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default
     from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`);
  const constraints = await q<{ table_name: string; constraint_name: string; constraint_type: string; columns: string }>(
    `select tc.table_name, tc.constraint_name, tc.constraint_type,
            string_agg(kcu.column_name::text, ',' order by kcu.ordinal_position) as columns
     from information_schema.table_constraints tc
     join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
     where tc.table_schema = current_schema()
     group by tc.table_name, tc.constraint_name, tc.constraint_type`);
  const references = await q<{ constraint_name: string; table_name: string; columns: string; delete_rule: string; update_rule: string }>(
    `select rc.constraint_name, ccu.table_name, string_agg(ccu.column_name::text, ',') as columns, rc.delete_rule, rc.update_rule
     from information_schema.referential_constraints rc
     join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.constraint_name and ccu.constraint_schema = rc.constraint_schema
     where rc.constraint_schema = current_schema()
     group by rc.constraint_name, ccu.table_name, rc.delete_rule, rc.update_rule`);
  const indexes = await q<{ tablename: string; indexname: string; indexdef: string }>(
    `select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema()`);
  const tables: Record<string, CatalogTable> = {};
  const tableOf = (name: string): CatalogTable =>
    (tables[name] ??= { columns: {}, primaryKey: [], uniques: [], indexes: [], foreignKeys: [], names: [] });
  for (const c of columns) {
    const size = c.data_type === 'character varying' ? `(${c.character_maximum_length})`
      : c.data_type === 'numeric' && c.numeric_precision !== null ? `(${c.numeric_precision},${c.numeric_scale})` : '';
    const type = c.data_type === 'USER-DEFINED' ? `enum ${c.udt_name}` : c.data_type + size;
    tableOf(c.table_name).columns[c.column_name] = { type, nullable: c.is_nullable === 'YES', default: c.column_default };
  }
  const constraintIndexes = new Set<string>();
  for (const c of constraints) {
    const t = tableOf(c.table_name);
    t.names.push(c.constraint_name);
    constraintIndexes.add(c.constraint_name);
    if (c.constraint_type === 'PRIMARY KEY') t.primaryKey.push(...c.columns.split(','));
    if (c.constraint_type === 'UNIQUE') t.uniques.push(c.columns);
    if (c.constraint_type === 'FOREIGN KEY') {
      const ref = references.find((r) => r.constraint_name === c.constraint_name)!;
      t.foreignKeys.push({ columns: c.columns, table: ref.table_name, references: ref.columns, onDelete: ref.delete_rule.toLowerCase(), onUpdate: ref.update_rule.toLowerCase() });
    }
  }
  for (const i of indexes) {
    if (constraintIndexes.has(i.indexname)) continue;
    const t = tableOf(i.tablename);
    t.names.push(i.indexname);
    const cols = /\((.*)\)$/.exec(i.indexdef)![1]!.split(',').map((s) => s.trim().replace(/"/g, '')).join(',');
    (/CREATE UNIQUE INDEX/.test(i.indexdef) ? t.uniques : t.indexes).push(cols);
  }
  return tables;
}

async function readSqlite(knex: Knex): Promise<Record<string, CatalogTable>> {
  const master = (await knex.raw(`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%'`)) as { name: string; sql: string }[];
  const tables: Record<string, CatalogTable> = {};
  for (const { name, sql } of master) {
    const info = (await knex.raw(`pragma table_info("${name}")`)) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const indexList = (await knex.raw(`pragma index_list("${name}")`)) as { name: string; unique: number; origin: string }[];
    const fks = (await knex.raw(`pragma foreign_key_list("${name}")`)) as { id: number; table: string; from: string; to: string; on_delete: string; on_update: string }[];
    const table: CatalogTable = {
      columns: Object.fromEntries(info.map((c) => [c.name, { type: c.type, nullable: c.notnull === 0 && c.pk === 0, default: c.dflt_value }])),
      primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      uniques: [], indexes: [], foreignKeys: [], names: [], sql,
    };
    for (const index of indexList) {
      if (index.origin === 'pk') continue;
      const cols = ((await knex.raw(`pragma index_info("${index.name}")`)) as { name: string }[]).map((c) => c.name).join(',');
      table.names.push(index.name);
      (index.unique ? table.uniques : table.indexes).push(cols);
    }
    const byId = new Map<number, typeof fks>();
    for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
    for (const parts of byId.values()) {
      table.foreignKeys.push({
        columns: parts.map((p) => p.from).join(','), table: parts[0]!.table, references: parts.map((p) => p.to).join(','),
        onDelete: parts[0]!.on_delete.toLowerCase(), onUpdate: parts[0]!.on_update.toLowerCase(),
      });
    }
    tables[name] = table;
  }
  return tables;
}

/** Enum types and their labels (PostgreSQL). */
export async function readPostgresEnums(knex: Knex): Promise<Record<string, string[]>> {
  const rows = ((await knex.raw(
    `select t.typname, e.enumlabel from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = current_schema() order by t.typname, e.enumsortorder`)) as { rows: { typname: string; enumlabel: string }[] }).rows;
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.typname] ??= []).push(r.enumlabel);
  return out;
}
