import { SqlExpression } from '../util/sql-expression';

export { SqlExpression };

/**
 * Marks a default as a SQL expression rather than a literal.
 * @example @Column({ default: sql('CURRENT_TIMESTAMP') }) seenAt!: Date;
 */
export function sql(expression: string): SqlExpression {
  return new SqlExpression(expression);
}
