import type { RuntimeDriver, Row } from '../dialects/runtime-driver';
import { COLUMN_TYPES, type ColumnType } from '../schema/model';
import { isSqlExpression } from '../util/sql-expression';
import { QueryError } from './errors';
import type { QueryContext } from './query-context';
import { type ColumnRef, isColumnRef, isSqlIdentifier, SQL_REF } from './sql-ref';
import { describeRawViolation } from './violations';
import { Params } from './where';

/** A result column's type for `.types()`: a column type's name, or an entity's column (its type and scale). */
export type DeclaredType = ColumnType | ColumnRef;

interface Declared {
  readonly type: ColumnType;
  readonly scale?: number;
}

/**
 * A statement written with `orm.sql` (or `tx.sql`): SQL text in which every interpolated value is a bound
 * parameter. Like a promise, it runs once, when first awaited, and resolves to its rows; interpolated into
 * another `orm.sql`, it is a fragment of that statement instead, its values bound there.
 */
export class SqlQuery<T = Record<string, unknown>> implements PromiseLike<T[]> {
  private result?: Promise<T[]>;

  /** @internal Made by `orm.sql`. */
  constructor(
    private readonly context: QueryContext,
    private readonly strings: readonly string[],
    private readonly values: readonly unknown[],
    private readonly declared: ReadonlyMap<string, Declared> = new Map(),
  ) {}

  /**
   * Declares the types of result columns, decoded with the repositories' rules on both engines: a column type
   * (`'boolean'`, `'datetime'`, `'bigint'`, `'json'`, `'decimal'`, …) or an entity's column (`orm.ref(User).createdAt`).
   * @example orm.sql<{ n: number }>`select count(*) as n from users`.types({ n: 'integer' })
   */
  types(declared: { readonly [K in keyof T & string]?: DeclaredType }): SqlQuery<T> {
    const merged = new Map(this.declared);
    for (const [name, spec] of Object.entries(declared as Record<string, DeclaredType | undefined>)) {
      if (spec === undefined) continue;
      if (isColumnRef(spec)) merged.set(name, { type: spec[SQL_REF].type, scale: spec[SQL_REF].scale });
      else if ((COLUMN_TYPES as readonly string[]).includes(spec as string)) merged.set(name, { type: spec as ColumnType });
      else throw new QueryError(`orm.sql: the type declared for column "${name}" is ${JSON.stringify(spec)}; use one of ${COLUMN_TYPES.join(', ')}, or an entity's column (orm.ref(Entity).property).`);
    }
    return new SqlQuery<T>(this.context, this.strings, this.values, merged);
  }

  /** The statement as it is sent: its text, with the engine's parameter markers, and the parameters. */
  toSQL(): { sql: string; params: unknown[] } {
    const driver = this.context.dialect.runtime;
    const params = new Params(driver);
    return { sql: this.render(params, driver), params: params.values };
  }

  then<R1 = T[], R2 = never>(onfulfilled?: ((rows: T[]) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    this.result ??= this.execute();
    return this.result.then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T[] | R> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T[]> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return 'SqlQuery';
  }

  private async execute(): Promise<T[]> {
    const { sql, params } = this.toSQL();
    const rows = await this.context.executor.query(sql, params, new Set(this.declared.keys()), (violation, cause) => describeRawViolation(this.context, violation, cause));
    if (this.declared.size > 0) decodeDeclared(rows, this.declared, this.context.dialect.runtime);
    return rows as T[];
  }

  /** @internal The text, with the values bound in `params` as `driver` encodes them (the outer statement's, for a fragment). */
  render(params: Params, driver: RuntimeDriver): string {
    return renderTemplate(this.strings, this.values, params, driver);
  }
}

/**
 * A template's text with its values bound in `params`: an `orm.sql` fragment or a `sql` template composes, a
 * table or column reference is written quoted, a list becomes `(…)`, anything else is one bound value.
 */
export function renderTemplate(strings: readonly string[], values: readonly unknown[], params: Params, driver: RuntimeDriver): string {
  let sql = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const at = (): string => `the value after \`${strings[i]!.slice(-40).trimStart()}\``;
    if (value instanceof SqlQuery) sql += value.render(params, driver);
    else if (isSqlExpression(value)) sql += renderTemplate(value.strings, value.values, params, driver);
    else if (isSqlIdentifier(value)) sql += value[SQL_REF].sql;
    else if (Array.isArray(value)) {
      if (value.length === 0) throw new QueryError(`orm.sql: ${at()} is an empty list, and SQL has no empty list (IN () is an error): leave the condition out when the list is empty.`);
      sql += `(${value.map((item) => params.add(parameter(item, driver, () => `an item of ${at()}`))).join(', ')})`;
    } else sql += params.add(parameter(value, driver, at));
    sql += strings[i + 1]!;
  }
  return sql;
}

/** `orm.sql` and `tx.sql`: a statement on `context`'s connection. */
export function sqlQuery<T>(context: QueryContext, strings: TemplateStringsArray, values: readonly unknown[]): SqlQuery<T> {
  if (!Array.isArray(strings) || !Array.isArray((strings as TemplateStringsArray).raw)) {
    throw new QueryError('orm.sql is a template tag: write orm.sql`select … where id = ${id}` (no parentheses), so that each value is bound as a parameter.');
  }
  return new SqlQuery<T>(context, strings, values);
}

/** A value as a bind parameter, encoded as the repositories encode a value of its JavaScript type. */
function parameter(value: unknown, driver: RuntimeDriver, at: () => string): unknown {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (Number.isNaN(value)) throw new QueryError(`orm.sql: ${at()} is NaN, which neither engine stores as a number.`);
      return value;
    case 'bigint':
      return driver.toDb('bigint', value);
    case 'boolean':
      return driver.toDb('boolean', value);
    case 'undefined':
      throw new QueryError(`orm.sql: ${at()} is undefined; bind null for NULL.`);
    case 'object': {
      if (value === null) return null;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new QueryError(`orm.sql: ${at()} is an invalid Date.`);
        return driver.toDb('datetime', value);
      }
      if (ArrayBuffer.isView(value)) return driver.toDb('binary', Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      if (value instanceof SqlQuery || isSqlExpression(value) || isSqlIdentifier(value) || Array.isArray(value)) {
        throw new QueryError(`orm.sql: ${at()} is a fragment, a reference or a list: a list holds values only.`);
      }
      throw new QueryError(`orm.sql: ${at()} is an object; orm.sql binds strings, numbers, bigints, booleans, Dates, Buffers and null (bind JSON as JSON.stringify(value)).`);
    }
    default:
      throw new QueryError(`orm.sql: ${at()} is a ${typeof value}, which cannot be bound.`);
  }
}

/** Decodes the declared columns of `rows` in place; a value that is not of its declared type is a QueryError. */
function decodeDeclared(rows: Row[], declared: ReadonlyMap<string, Declared>, driver: RuntimeDriver): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  for (const [name, { type, scale }] of declared) {
    if (!columns.includes(name)) throw new QueryError(`orm.sql: a type was declared for the column "${name}", which the result does not have; its columns are ${columns.join(', ')}.`);
    const decode = driver.rawDecoder(type, scale);
    for (const row of rows) {
      const value = row[name];
      if (value === null || value === undefined) continue;
      try {
        row[name] = decode(value);
      } catch (error) {
        const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
        throw new QueryError(`orm.sql: the column "${name}" was declared ${type}, but holds ${shown}.`, { cause: error });
      }
    }
  }
}
