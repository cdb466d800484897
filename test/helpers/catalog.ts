import type { Knex } from 'knex';

/**
 * The database's own account of its tables, read with plain catalog SQL (information_schema and
 * pg_catalog on PostgreSQL, information_schema on MariaDB, PRAGMAs on SQLite) and never through Strata's
 * introspection, so tests can check Strata's output against the engine.
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
  /** Names of the indexes and constraints (PostgreSQL), indexes (SQLite), or indexes and foreign keys (MariaDB). */
  readonly names: string[];
  /** The CREATE TABLE statement (SQLite, and MariaDB's SHOW CREATE TABLE). */
  readonly sql?: string;
}

export async function readCatalog(knex: Knex, dialect: 'postgres' | 'sqlite' | 'mysql'): Promise<Record<string, CatalogTable>> {
  if (dialect === 'mysql') return readMysql(knex);
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

/**
 * MariaDB: `type` is information_schema's COLUMN_TYPE (`varchar(100)`, `int(11)`, `tinyint(1)`), `default` its
 * COLUMN_DEFAULT as printed (string literals quoted, expressions bare) with MariaDB's `NULL` (the default of a
 * nullable column given none) read as no default. Indexes include the one InnoDB adds for a foreign key whose
 * columns no index starts with (named after the key); `names` lists indexes (PRIMARY too) and foreign keys.
 */
async function readMysql(knex: Knex): Promise<Record<string, CatalogTable>> {
  const q = async <T>(sql: string): Promise<T[]> => ((await knex.raw(sql)) as [T[]])[0];
  const columns = await q<{ table_name: string; column_name: string; column_type: string; is_nullable: string; column_default: string | null }>(
    `select c.table_name as table_name, c.column_name as column_name, c.column_type as column_type, c.is_nullable as is_nullable,
            c.column_default as column_default
     from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = database() and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position`);
  const indexes = await q<{ table_name: string; index_name: string; non_unique: number; columns: string }>(
    `select table_name as table_name, index_name as index_name, max(non_unique) as non_unique,
            group_concat(column_name order by seq_in_index separator ',') as columns
     from information_schema.statistics where table_schema = database() group by table_name, index_name`);
  const references = await q<{ table_name: string; constraint_name: string; referenced_table: string; columns: string; references: string; delete_rule: string; update_rule: string }>(
    `select k.table_name as table_name, k.constraint_name as constraint_name, k.referenced_table_name as referenced_table,
            group_concat(k.column_name order by k.ordinal_position separator ',') as columns,
            group_concat(k.referenced_column_name order by k.ordinal_position separator ',') as "references",
            r.delete_rule as delete_rule, r.update_rule as update_rule
     from information_schema.key_column_usage k
     join information_schema.referential_constraints r on r.constraint_schema = k.constraint_schema and r.constraint_name = k.constraint_name and r.table_name = k.table_name
     where k.table_schema = database() and k.referenced_table_name is not null
     group by k.table_name, k.constraint_name, k.referenced_table_name, r.delete_rule, r.update_rule`);
  const tables: Record<string, CatalogTable> = {};
  const tableOf = (name: string): CatalogTable =>
    (tables[name] ??= { columns: {}, primaryKey: [], uniques: [], indexes: [], foreignKeys: [], names: [] });
  for (const c of columns) {
    tableOf(c.table_name).columns[c.column_name] = {
      type: c.column_type,
      nullable: c.is_nullable === 'YES',
      default: c.column_default === null || c.column_default === 'NULL' ? null : c.column_default,
    };
  }
  for (const i of indexes) {
    const t = tableOf(i.table_name);
    t.names.push(i.index_name);
    if (i.index_name === 'PRIMARY') t.primaryKey.push(...i.columns.split(','));
    else (Number(i.non_unique) === 0 ? t.uniques : t.indexes).push(i.columns);
  }
  for (const r of references) {
    const t = tableOf(r.table_name);
    t.names.push(r.constraint_name);
    t.foreignKeys.push({ columns: r.columns, table: r.referenced_table, references: r.references, onDelete: r.delete_rule.toLowerCase(), onUpdate: r.update_rule.toLowerCase() });
  }
  for (const name of Object.keys(tables)) {
    const [[row]] = (await knex.raw(`show create table \`${name.replace(/`/g, '``')}\``)) as [[Record<string, string>]];
    (tables[name] as { sql?: string }).sql = row!['Create Table'];
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
