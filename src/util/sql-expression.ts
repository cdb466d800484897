const BRAND = Symbol.for('strata-orm.sql-expression');

/**
 * A SQL expression evaluated by the database: a column default (`sql('CURRENT_TIMESTAMP')`), or a value in an
 * update (`sql\`now()\``, whose interpolated values are bound parameters). Create it with `sql`.
 */
export class SqlExpression {
  readonly [BRAND] = true;
  /** The text around the interpolated values: one more than `values`. */
  readonly strings: readonly string[];
  /** The interpolated values of a tagged template (none for `sql('…')`). */
  readonly values: readonly unknown[];
  constructor(readonly expression: string, template?: { readonly strings: readonly string[]; readonly values: readonly unknown[] }) {
    this.strings = template?.strings ?? [expression];
    this.values = template?.values ?? [];
  }
  toString(): string {
    return this.expression;
  }
}

/** True for a `sql()` value, also one made by another copy of the package. */
export function isSqlExpression(value: unknown): value is SqlExpression {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
