import type { Dialect } from '../dialects';
import type { ColumnType } from '../schema/model';
import type { EntityTable } from './entity-table';
import { QueryError } from './errors';
import type { ColumnKeys } from './query-types';

/** The key under which a table or column reference keeps its SQL: a symbol, so no column property can clash with it. */
export const SQL_REF: unique symbol = Symbol.for('strata-orm.sql-ref');

/** A quoted identifier that `orm.sql` writes into the statement's text, never binds. */
export interface SqlIdentifier {
  readonly [SQL_REF]: { readonly sql: string };
}

/**
 * A column inside `orm.sql`: its quoted name, qualified by the table's alias when the reference has one. It can
 * also declare a result column's type in `.types()`: the column's type and scale.
 */
export interface ColumnRef extends SqlIdentifier {
  readonly [SQL_REF]: { readonly sql: string; readonly type: ColumnType; readonly scale?: number };
}

/**
 * An entity's table inside `orm.sql` (its quoted name, `"users" AS "u"` with an alias), with a {@link ColumnRef}
 * for each column property: `orm.ref(User).email` writes `"email"`, `orm.ref(User, 'u').email` writes `"u"."email"`.
 */
export type TableRef<T> = SqlIdentifier & { readonly [K in ColumnKeys<T>]-?: ColumnRef };

const cache = new WeakMap<EntityTable, Map<string, TableRef<unknown>>>();

/** The reference to `table`, with `alias` if given (built once per table and alias). */
export function tableRef<T>(table: EntityTable<T>, dialect: Dialect, alias?: string): TableRef<T> {
  if (alias !== undefined && (typeof alias !== 'string' || alias === '')) throw new QueryError(`The alias of orm.ref(${table.className}) must be a non-empty string.`);
  let refs = cache.get(table);
  if (!refs) cache.set(table, (refs = new Map()));
  const key = alias ?? '';
  let ref = refs.get(key);
  if (!ref) {
    const qualifier = alias === undefined ? '' : `${dialect.quote(alias)}.`;
    // No prototype: a reference spliced into a plain template literal or concatenated by mistake throws instead of
    // reading '[object Object]'.
    const built: Record<string | symbol, unknown> = Object.create(null);
    built[SQL_REF] = { sql: alias === undefined ? table.quoted : `${table.quoted} AS ${dialect.quote(alias)}` };
    for (const column of table.columns) {
      const columnRef = Object.create(null) as Record<symbol, unknown>;
      columnRef[SQL_REF] = Object.freeze({ sql: `${qualifier}${column.quoted}`, type: column.meta.type, scale: column.meta.scale });
      built[column.property] = Object.freeze(columnRef);
    }
    refs.set(key, (ref = Object.freeze(built) as unknown as TableRef<unknown>));
  }
  return ref as TableRef<T>;
}

/** True for a table or column reference. */
export function isSqlIdentifier(value: unknown): value is SqlIdentifier {
  return typeof value === 'object' && value !== null && SQL_REF in value;
}

/** True for a column reference. */
export function isColumnRef(value: unknown): value is ColumnRef {
  return isSqlIdentifier(value) && 'type' in value[SQL_REF];
}
