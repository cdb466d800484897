import type { Knex } from 'knex';
import { column, table } from '../../schema/factories';
import type { Column, Enum, Every, ForeignKey, ReferentialAction, Schema, Table } from '../../schema/model';
import { parseDefaultText } from '../common/defaults';
import { stripPostgresCast } from './defaults';
import type { IntrospectOptions } from '../dialect';
import { concurrently } from './concurrently';
import { normalizePostgres } from './normalize';
import { parsePgType } from './types';

// Four catalog queries read the whole current schema, however many tables it holds.

const COLUMNS = `
select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type,
       case when t.typtype = 'e' then t.typname end as enum_name, a.attnotnull as not_null,
       pg_get_expr(d.adbin, d.adrelid) as default_expr, a.attidentity as identity,
       col_description(c.oid, a.attnum) as comment
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
left join pg_type t on t.oid = a.atttypid
left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
where n.nspname = current_schema() and c.relkind in ('r', 'p')
order by c.relname, a.attnum`;

const KEY_COLUMNS = (keys: string, rel: string): string => `(
  select array_agg(a.attname::text order by k.ord)
  from unnest(${keys}) with ordinality k(attnum, ord)
  join pg_attribute a on a.attrelid = ${rel} and a.attnum = k.attnum)`;

const CONSTRAINTS = `
select c.relname as table_name, con.conname as name, con.contype as type,
       ${KEY_COLUMNS('con.conkey', 'con.conrelid')} as columns,
       fc.relname as referenced_table,
       ${KEY_COLUMNS('con.confkey', 'con.confrelid')} as referenced_columns,
       con.confdeltype as on_delete, con.confupdtype as on_update
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_class fc on fc.oid = con.confrelid
where n.nspname = current_schema() and con.contype in ('p', 'u', 'f')
order by c.relname, con.conname`;

const INDEXES = `
select t.relname as table_name, i.relname as name, ix.indisunique as is_unique,
       ${KEY_COLUMNS('ix.indkey::int2[]', 'ix.indrelid')} as columns,
       (ix.indexprs is not null or ix.indpred is not null) as is_partial_or_expression
from pg_index ix
join pg_class i on i.oid = ix.indexrelid
join pg_class t on t.oid = ix.indrelid
join pg_namespace n on n.oid = t.relnamespace
where n.nspname = current_schema() and not ix.indisprimary
  and not exists (select 1 from pg_constraint con where con.conindid = ix.indexrelid and con.conrelid = ix.indrelid and con.contype in ('p', 'u', 'x'))
order by t.relname, i.relname`;

const ENUMS = `
select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
from pg_type t
join pg_enum e on e.enumtypid = t.oid
join pg_namespace n on n.oid = t.typnamespace
where n.nspname = current_schema()
group by t.typname
order by t.typname`;

interface ColumnRow {
  table_name: string; column_name: string | null; type: string; enum_name: string | null; not_null: boolean;
  default_expr: string | null; identity: string; comment: string | null;
}
interface ConstraintRow {
  table_name: string; name: string; type: 'p' | 'u' | 'f'; columns: string[];
  referenced_table: string | null; referenced_columns: string[] | null; on_delete: string; on_update: string;
}
interface IndexRow { table_name: string; name: string; is_unique: boolean; columns: string[] | null; is_partial_or_expression: boolean }

const ACTIONS: Record<string, ReferentialAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** Reads the current schema of a PostgreSQL database into the model. */
export async function introspectPostgres(knex: Knex, options: IntrospectOptions = {}): Promise<Schema> {
  // At once from a pool; one after another in a transaction, whose one connection must not be sent a query while
  // it runs another (pg warns of it today, and pg 9 refuses).
  const read = <T>(sql: string) => () => rows<T>(knex, sql);
  const [columns, constraints, indexes, enums] = await concurrently(knex, [
    read<ColumnRow>(COLUMNS), read<ConstraintRow>(CONSTRAINTS), read<IndexRow>(INDEXES), read<{ name: string; labels: string[] }>(ENUMS),
  ] as const);
  const excluded = new Set(options.exclude ?? []);
  const tables = new Map<string, { columns: Column[]; rows: { constraints: ConstraintRow[]; indexes: IndexRow[] } }>();
  for (const row of columns) {
    if (excluded.has(row.table_name)) continue;
    let entry = tables.get(row.table_name);
    if (!entry) tables.set(row.table_name, (entry = { columns: [], rows: { constraints: [], indexes: [] } }));
    if (row.column_name !== null) entry.columns.push(toColumn(row, options.onApproximation));
  }
  for (const row of constraints) tables.get(row.table_name)?.rows.constraints.push(row);
  for (const row of indexes) tables.get(row.table_name)?.rows.indexes.push(row);
  const result: Table[] = [...tables].map(([name, entry]) => toTable(name, entry.columns, entry.rows.constraints, entry.rows.indexes));
  const enumList: Enum[] = enums.map((e) => ({ name: e.name, values: e.labels }));
  return normalizePostgres({ tables: result, enums: enumList } satisfies Every<Schema>);
}

async function rows<T>(knex: Knex, sql: string): Promise<T[]> {
  return ((await knex.raw(sql)) as { rows: T[] }).rows;
}

function toColumn(row: ColumnRow, onApproximation: IntrospectOptions['onApproximation']): Column {
  const { approximate, ...parts } = parsePgType(row.type, row.enum_name ?? undefined);
  if (approximate) onApproximation?.({ table: row.table_name, column: row.column_name!, native: row.type, read: parts.type });
  const serial = row.default_expr !== null && /^nextval\(/i.test(row.default_expr);
  const autoIncrement = serial || row.identity === 'a' || row.identity === 'd';
  return column({
    name: row.column_name!,
    ...parts,
    nullable: !row.not_null,
    default: autoIncrement || row.default_expr === null ? undefined : parseDefaultText(row.default_expr, parts.type, stripPostgresCast),
    autoIncrement,
    comment: row.comment ?? undefined,
  });
}

function toTable(name: string, columns: Column[], constraints: ConstraintRow[], indexes: IndexRow[]): Table {
  const pk = constraints.find((c) => c.type === 'p');
  return table({
    name,
    columns,
    primaryKey: pk ? { name: pk.name, columns: pk.columns } : undefined,
    uniques: [
      ...constraints.filter((c) => c.type === 'u').map((c) => ({ name: c.name, columns: c.columns })),
      ...indexes.filter((i) => i.is_unique && !i.is_partial_or_expression && i.columns).map((i) => ({ name: i.name, columns: i.columns! })),
    ],
    indexes: indexes.filter((i) => !i.is_unique && !i.is_partial_or_expression && i.columns).map((i) => ({ name: i.name, columns: i.columns! })),
    foreignKeys: constraints.filter((c) => c.type === 'f').map((c): ForeignKey => ({
      name: c.name,
      columns: c.columns,
      referencedTable: c.referenced_table!,
      referencedColumns: c.referenced_columns ?? [],
      onDelete: ACTIONS[c.on_delete] ?? 'no action',
      onUpdate: ACTIONS[c.on_update] ?? 'no action',
    })),
  } satisfies Every<Table>);
}
