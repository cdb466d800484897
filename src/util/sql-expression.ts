const BRAND = Symbol.for('strata-orm.sql-expression');

/** A SQL expression used as a column default, evaluated by the database. Create it with `sql()`. */
export class SqlExpression {
  readonly [BRAND] = true;
  constructor(readonly expression: string) {}
  toString(): string {
    return this.expression;
  }
}

/** True for a `sql()` value, also one made by another copy of the package. */
export function isSqlExpression(value: unknown): value is SqlExpression {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
