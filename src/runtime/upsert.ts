import type { Capabilities } from '../dialects';
import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';
import type { ColumnKeys } from './query-types';

/** Options of `repository.upsert`. */
export interface UpsertOptions<T> {
  /**
   * The columns whose conflict makes the row an update: the primary key's or those of a unique constraint
   * (`@Unique()` or `@Unique([...])`), in any order. Every row must give them.
   */
  readonly onConflict: readonly ColumnKeys<T>[];
  /**
   * The columns to set from the row when it conflicts; every column a row gives but `onConflict`'s when
   * omitted; `[]` leaves the existing row alone (insert or ignore). `@UpdatedAt` is set whenever a column is.
   */
  readonly update?: readonly ColumnKeys<T>[];
  /** Resolve to the rows as entities (inserted or updated; with `update: []`, only those inserted). */
  readonly returning?: boolean;
}

/** The columns one shape of row gives (see Repository's insert shapes). */
export interface GivenColumns {
  readonly given: readonly { readonly key: string; readonly column: ColumnPlan }[];
}

/**
 * An upsert checked against the entity before any SQL is built: its conflict target is a key, its update list names
 * columns, and no two rows share a key (an engine refuses to update one row twice in a statement, or silently keeps
 * the last); where the engine's upsert form cannot name the key (see `Capabilities.upsert`), no row gives another.
 */
export class UpsertPlan {
  private readonly target: readonly ColumnPlan[];
  private readonly update?: readonly ColumnPlan[];
  private readonly otherKeys: readonly (readonly string[])[] = [];

  constructor(private readonly table: EntityTable, options: UpsertOptions<unknown>, form: Capabilities['upsert']) {
    const name = table.className;
    if (typeof options !== 'object' || options === null || !Array.isArray(options.onConflict) || options.onConflict.length === 0) {
      throw new QueryError(`upsert on ${name} needs onConflict: the columns of its primary key or of a unique constraint, such as { onConflict: ['${table.primaryKey[0]?.property ?? 'id'}'] }.`);
    }
    this.target = options.onConflict.map((p) => table.column(p as string, 'upsert onConflict'));
    const wanted = new Set(this.target.map((c) => c.property));
    const keys = [table.meta.primaryKey, ...table.meta.uniques.map((u) => u.properties)];
    if (wanted.size !== this.target.length || !keys.some((k) => k.length === wanted.size && k.every((p) => wanted.has(p)))) {
      const listed = keys.map((k) => `[${k.join(', ')}]`).join(', ');
      throw new QueryError(`upsert onConflict on ${name} must name the columns of its primary key or of a unique constraint (${listed}); [${[...wanted].join(', ')}] is neither.`);
    }
    // Where a conflict over any key updates the row, the rows must not give another key, which could pick the row.
    if (form === 'anyKey') this.otherKeys = keys.filter((k) => !(k.length === wanted.size && k.every((p) => wanted.has(p))));
    if (options.update !== undefined) {
      if (!Array.isArray(options.update)) throw new QueryError(`upsert update on ${name} takes a list of properties, [] to ignore conflicting rows.`);
      this.update = options.update.map((p) => table.column(p as string, 'upsert update'));
      const version = this.update.find((c) => c.meta.managed === 'version');
      if (version) throw new QueryError(`upsert update on ${name} names ${version.property}, the @Version column, which an upsert that updates a row adds 1 to by itself; leave it out.`);
    }
  }

  /** True when conflicting rows are left alone (`update: []`). */
  get ignores(): boolean {
    return this.update?.length === 0;
  }

  /** The where matching the existing rows whose target columns equal those of one of `rows` (checked by checkRows). */
  targetWhere(rows: readonly Record<string, unknown>[]): Record<string, unknown> {
    const [first] = this.target;
    if (this.target.length === 1) return { [first!.property]: { in: rows.map((row) => row[first!.property]).filter((v) => v !== null) } };
    return { or: rows.map((row) => Object.fromEntries(this.target.map((c) => [c.property, row[c.property]]))) };
  }

  /** Refuses rows that lack a conflict column, or that repeat another row's key. */
  checkRows(rows: readonly Record<string, unknown>[]): void {
    const seen = new Set<unknown>();
    rows.forEach((row, index) => {
      const other = this.otherKeys.find((k) => k.every((p) => row?.[p] !== undefined && row[p] !== null));
      if (other) {
        throw new QueryError(`upsert on ${this.table.className} by [${this.target.map((c) => c.property).join(', ')}]: row ${index} also gives [${other.join(', ')}], ` +
          'another key, and on this database a row that conflicts over any of its keys is the one updated; leave that key out of the rows, or use insert, find and update.');
      }
      const key: unknown[] = [];
      for (const column of this.target) {
        const value = row?.[column.property];
        if (value === undefined) throw new QueryError(`upsert on ${this.table.className}: row ${index} gives no ${column.property}, which onConflict names; every row must give it.`);
        key.push(value === null ? null : column.compare(value, 'upsert'));
      }
      // NULLs never conflict: such a row is always inserted.
      if (key.includes(null)) return;
      // One text or number is its own key (the usual case, and the cheap one); anything else is keyed by its JSON.
      const text = key.length === 1 && (typeof key[0] === 'string' || typeof key[0] === 'number')
        ? key[0]
        : JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : v));
      if (seen.has(text)) {
        throw new QueryError(`upsert on ${this.table.className}: row ${index} repeats the ${this.target.map((c) => c.property).join(', ')} of an earlier row; give each key once per call.`);
      }
      seen.add(text);
    });
  }

  /** The conflict clause for rows of one shape: `stamped` are the timestamp columns the statement sets itself. */
  clause(shape: GivenColumns, stamped: readonly ColumnPlan[], onConflict: (target: readonly string[], update: readonly string[]) => string): string {
    const given = new Set(shape.given.map((g) => g.column));
    let update: ColumnPlan[];
    if (this.update) {
      const missing = this.update.find((c) => !given.has(c));
      if (missing) throw new QueryError(`upsert update on ${this.table.className} names ${missing.property}, which the rows do not give; give it, or leave it out of update.`);
      update = [...this.update];
    } else {
      update = [...given].filter((c) => !this.target.includes(c) && c.meta.timestamp !== 'createdAt' && !c.meta.primary && c.meta.managed !== 'version');
    }
    const updatedAt = [...given, ...stamped].find((c) => c.meta.timestamp === 'updatedAt');
    if (update.length > 0 && updatedAt && !update.includes(updatedAt)) update.push(updatedAt);
    return onConflict(this.target.map((c) => c.quoted), update.map((c) => c.quoted));
  }
}
