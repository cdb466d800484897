import type { Knex } from 'knex';
import { column, table } from '../../schema/factories';
import type { Column, Enum, ForeignKey, Index, ReferentialAction, Schema, Table, Unique } from '../../schema/model';
import { enumName } from '../../schema/names';
import { parseDefaultText } from '../common/defaults';
import type { IntrospectOptions } from '../dialect';
import { needsPrefix } from './indexes';
import { normalizeMysql } from './normalize';
import { parseMysqlType } from './types';

// Four information_schema queries read the whole database, however many tables it holds.

const COLUMNS = `
SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.COLUMN_TYPE AS column_type, c.IS_NULLABLE AS nullable,
       c.COLUMN_DEFAULT AS default_text, c.EXTRA AS extra, c.COLUMN_COMMENT AS comment
FROM information_schema.COLUMNS c
JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`;

const INDEXES = `
SELECT TABLE_NAME AS table_name, INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS column_name, SUB_PART AS sub_part
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;

const FOREIGN_KEYS = `
SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name,
       k.REFERENCED_TABLE_NAME AS referenced_table, k.REFERENCED_COLUMN_NAME AS referenced_column,
       r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
  AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

/** MariaDB's JSON is LONGTEXT with a CHECK (json_valid(`column`)) named after the column. */
const JSON_CHECKS = `
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() AND CHECK_CLAUSE LIKE 'json\\_valid(%'`;

interface ColumnRow {
  table_name: string; column_name: string; column_type: string; nullable: 'YES' | 'NO'; default_text: string | null; extra: string; comment: string;
}
interface IndexRow { table_name: string; name: string; non_unique: number | string; column_name: string | null; sub_part: number | null }
interface ForeignKeyRow {
  table_name: string; name: string; column_name: string; referenced_table: string; referenced_column: string; on_delete: string; on_update: string;
}
interface CheckRow { table_name: string; name: string; clause: string }

const ACTIONS: Record<string, ReferentialAction> = {
  'NO ACTION': 'no action', RESTRICT: 'restrict', CASCADE: 'cascade', 'SET NULL': 'set null', 'SET DEFAULT': 'set default',
};

/** Reads the connected MariaDB/MySQL database's tables into the model. */
export async function introspectMysql(knex: Knex, options: IntrospectOptions = {}): Promise<Schema> {
  const excluded = new Set(options.exclude ?? []);
  const read = async <T extends { table_name: string }>(sql: string): Promise<T[]> =>
    (((await knex.raw(sql)) as [T[]])[0]).filter((row) => !excluded.has(row.table_name));
  // One after another: in a transaction, knex has one connection, which mysql2 would queue them on anyway.
  const columns = await read<ColumnRow>(COLUMNS);
  const indexes = await read<IndexRow>(INDEXES);
  const foreignKeys = await read<ForeignKeyRow>(FOREIGN_KEYS);
  const jsonChecks = await read<CheckRow>(JSON_CHECKS);
  const json = new Set(jsonChecks.map((c) => `${c.table_name}.${checkedColumn(c.clause) ?? c.name}`));
  const enums: Enum[] = [];
  const byTable = new Map<string, Column[]>();
  for (const row of columns) {
    const parts = parseMysqlType(row.column_type, json.has(`${row.table_name}.${row.column_name}`));
    if (parts.approximate) options.onApproximation?.({ table: row.table_name, column: row.column_name, native: row.column_type, read: parts.type });
    let enumRef: string | undefined;
    if (parts.type === 'enum') {
      enumRef = enumName(row.table_name, row.column_name);
      enums.push({ name: enumRef, values: parts.values ?? [] });
    }
    const list = byTable.get(row.table_name) ?? [];
    byTable.set(row.table_name, list);
    list.push(toColumn(row, parts, enumRef));
  }
  const tables: Table[] = [...byTable].map(([name, cols]) => toTable(
    name,
    cols,
    indexes.filter((i) => i.table_name === name),
    foreignKeys.filter((f) => f.table_name === name),
  ));
  return normalizeMysql({ tables, enums });
}

/**
 * The column of a `json_valid(`c`)` check. MariaDB prints the clause with the session's quotes: double quotes
 * under ANSI_QUOTES, as Strata's connections have it. The check keeps the name of the column it was made for, so
 * after a RENAME COLUMN only the clause names the column.
 */
function checkedColumn(clause: string): string | undefined {
  const m = /^json_valid\((?:`((?:[^`]|``)+)`|"((?:[^"]|"")+)")\)$/i.exec(clause);
  return m?.[1]?.replace(/``/g, '`') ?? m?.[2]?.replace(/""/g, '"');
}

function toColumn(row: ColumnRow, parts: ReturnType<typeof parseMysqlType>, enumRef: string | undefined): Column {
  const { values: _values, approximate: _approximate, ...type } = parts;
  const autoIncrement = /\bauto_increment\b/i.test(row.extra);
  return column({
    name: row.column_name,
    ...type,
    enum: enumRef,
    nullable: row.nullable === 'YES',
    default: autoIncrement ? undefined : parseMysqlDefault(row.default_text, parts.type),
    autoIncrement,
    comment: row.comment === '' ? undefined : row.comment,
  });
}

/**
 * A default as information_schema prints it: MariaDB quotes string literals (`'abc'`) and writes `NULL` for a
 * default of NULL; MySQL 8 leaves string literals unquoted. Anything that is not a literal is an expression.
 */
function parseMysqlDefault(text: string | null, type: Column['type']): Column['default'] {
  if (text === null || /^null$/i.test(text)) return undefined;
  const literal = /^'((?:[^'\\]|''|\\.)*)'$/s.exec(text);
  if (literal) return parseDefaultText(`'${literal[1]!.replace(/\\(.)/g, '$1').replace(/''/g, "''")}'`, type);
  return parseDefaultText(text, type);
}

function toTable(name: string, columns: Column[], indexRows: IndexRow[], fkRows: ForeignKeyRow[]): Table {
  const grouped = new Map<string, { unique: boolean; columns: string[]; partial: boolean }>();
  for (const row of indexRows) {
    const entry = grouped.get(row.name) ?? { unique: Number(row.non_unique) === 0, columns: [], partial: false };
    grouped.set(row.name, entry);
    // An expression (MySQL 8) or a prefix of a string column is not a plain index of the model; a text, json or
    // binary column can only be indexed by a prefix, so that is its index (see indexes.ts).
    const prefixOnly = row.sub_part !== null && needsPrefix(columns.find((c) => c.name === row.column_name));
    if (row.column_name === null || (row.sub_part !== null && !prefixOnly)) entry.partial = true;
    else entry.columns.push(row.column_name);
  }
  const fks = new Map<string, ForeignKey & { columns: string[]; referencedColumns: string[] }>();
  for (const row of fkRows) {
    let fk = fks.get(row.name);
    if (!fk) {
      fk = {
        name: row.name, columns: [], referencedTable: row.referenced_table, referencedColumns: [],
        onDelete: ACTIONS[row.on_delete] ?? 'no action', onUpdate: ACTIONS[row.on_update] ?? 'no action',
      };
      fks.set(row.name, fk);
    }
    fk.columns.push(row.column_name);
    fk.referencedColumns.push(row.referenced_column);
  }
  const primary = grouped.get('PRIMARY');
  const uniques: Unique[] = [];
  const indexes: Index[] = [];
  for (const [indexName, entry] of grouped) {
    if (indexName === 'PRIMARY' || entry.partial) continue;
    // The index InnoDB creates for a foreign key that no index covers carries the key's name: it is the key's, not the model's.
    const fk = fks.get(indexName);
    if (fk && !entry.unique && sameColumns(fk.columns, entry.columns)) continue;
    (entry.unique ? uniques : indexes).push({ name: indexName, columns: entry.columns });
  }
  return table({
    name,
    columns,
    primaryKey: primary ? { name: 'PRIMARY', columns: primary.columns } : undefined,
    uniques,
    indexes,
    foreignKeys: [...fks.values()],
  });
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}
