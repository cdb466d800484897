import { SqlExpression } from '../util/sql-expression';

export { SqlExpression };

/**
 * A SQL expression evaluated by the database. Called with a string, it makes a column default; as a template
 * tag, a value in an update, its interpolated values bound as parameters (a default cannot bind values).
 * @example @Column({ default: sql('CURRENT_TIMESTAMP') }) seenAt!: Date;
 * @example await users.update({ id }, { seenAt: sql`now()`, score: sql`score * ${2}` });
 */
export function sql(expression: string): SqlExpression;
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlExpression;
export function sql(first: string | TemplateStringsArray, ...values: unknown[]): SqlExpression {
  if (typeof first === 'string') return new SqlExpression(first);
  if (!Array.isArray(first)) throw new TypeError('sql takes a string (sql(\'now()\')) or is used as a template tag (sql`now()`).');
  const strings = [...first];
  return new SqlExpression(strings.map((s, i) => (i === 0 ? s : `\${${i - 1}}${s}`)).join(''), { strings, values });
}
