import type { Condition } from './condition';
import type { ColumnPlan, EntityTable } from './entity-table';
import type { Assignment } from './update-values';

/**
 * The update a loop repeats, such as `update({ id }, { age })` once per row: once `update` has built the statement
 * of one, the next giving the same where property (one column equal to a plain value) and the same value properties
 * (plain values, in the same order) binds its values into that statement directly, with no condition, assignment
 * map or statement shape built again. Every value is still checked and encoded by its column, as `update` does;
 * anything else (an operator, `increment`, a SQL expression, `undefined`, `returning`, a `@Version` column) takes
 * the general path.
 */
export class RepeatedUpdate {
  private constructor(
    readonly sql: string,
    private readonly whereKey: string,
    private readonly whereColumn: ColumnPlan,
    private readonly valueKeys: readonly string[],
    private readonly columns: readonly ColumnPlan[],
    /** The `@UpdatedAt` column `update` stamps, when the values do not set it. */
    private readonly stamp: ColumnPlan | undefined,
  ) {}

  /**
   * The update just built by `update`, as one to repeat, or undefined when it is not of that kind: `data` is what it
   * sets (the values given, in order, then the stamp), `condition` its where, and `sql` binds data's values, then
   * the where's.
   */
  static of(table: EntityTable, where: object, values: object, data: ReadonlyMap<ColumnPlan, Assignment>, condition: Condition, sql: string): RepeatedUpdate | undefined {
    if (condition.kind !== 'compare' || condition.operator !== '=') return undefined;
    const whereKeys = Object.keys(where);
    if (whereKeys.length !== 1 || !isPlain((where as Record<string, unknown>)[whereKeys[0]!]) || table.findColumn(whereKeys[0]!) !== condition.column) return undefined;
    const valueKeys = Object.keys(values);
    if (!valueKeys.every((key) => isPlain((values as Record<string, unknown>)[key]))) return undefined;
    const columns = valueKeys.map((key) => table.findColumn(key));
    const assigned = [...data.keys()];
    if (columns.some((column, i) => column === undefined || assigned[i] !== column)) return undefined;
    const stamp = assigned.length === columns.length + 1 ? assigned[columns.length] : undefined;
    if (assigned.length > columns.length + (stamp ? 1 : 0) || (stamp && stamp.meta.timestamp !== 'updatedAt')) return undefined;
    return new RepeatedUpdate(sql, whereKeys[0]!, condition.column, valueKeys, columns as ColumnPlan[], stamp);
  }

  /** The parameters of the statement for an update of the same kind, or undefined when this one is not. */
  params(where: object, values: object, now: () => unknown): unknown[] | undefined {
    let key: string | undefined;
    for (const k in where) {
      if (key !== undefined) return undefined;
      key = k;
    }
    const compared = (where as Record<string, unknown>)[this.whereKey];
    if (key !== this.whereKey || !isPlain(compared)) return undefined;
    const params: unknown[] = [];
    let i = 0;
    for (const k in values) {
      const value = (values as Record<string, unknown>)[k];
      if (k !== this.valueKeys[i] || !isPlain(value)) return undefined;
      params.push(this.columns[i]!.write(value, 'update'));
      i++;
    }
    if (i !== this.valueKeys.length) return undefined;
    if (this.stamp) params.push(now());
    params.push(this.whereColumn.compare(compared, 'where'));
    return params;
  }
}

/** A value bound as it is: a string, number, boolean, bigint or Date (not null, which a where reads as IS NULL). */
function isPlain(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint' || value instanceof Date;
}
