import type { Violation } from '../dialects/runtime-driver';
import type { EntityMetadata, ForeignKeyMetadata } from '../metadata/types';
import { foreignKeyName, primaryKeyName, uniqueName } from '../schema/names';
import type { ColumnPlan, EntityTable } from './entity-table';
import {
  type ConstraintError, type ConstraintInfo, ForeignKeyConstraintError, NotNullConstraintError, UniqueConstraintError,
} from './errors';
import type { QueryContext } from './query-context';

/**
 * The typed error for a violation during a write to `table`, naming the table, columns and `Entity.property`
 * at fault. Where the engine does not say which row or key (SQLite), or with which values (MariaDB), the values
 * written (`written`, by property) are checked to find out; a foreign key is named from the side that was written: a row that
 * references a missing one, or a row still referenced by another table. `given`: every row of the call so far, the
 * statements before this one included (insertMany's), in which a key given twice is looked for first.
 */
export async function describeViolation(context: QueryContext, table: EntityTable, violation: Violation, cause: unknown, written?: readonly Record<string, unknown>[], given = written): Promise<ConstraintError> {
  switch (violation.kind) {
    case 'foreignKey':
      return describeForeignKey(context, table, violation, cause, written);
    case 'unique': {
      const named = violation.columns ? violation : uniqueKeyOf(context, table, violation);
      const columns = named.columns ?? [];
      // A key given twice in the call is said so on every engine. PostgreSQL's own detail names the key it met, and
      // says it "already exists" whether the table held it or an earlier row of the statement: that key decides.
      const engineDetail = named.detail && !named.detail.includes('constraint failed') ? named.detail : undefined;
      const detail = givenTwice(table, columns, given ?? written, engineDetail) ?? engineDetail ?? await duplicateOf(context, table, columns, written);
      return constraintError({ ...named, detail }, { properties: propertiesOf(table, named.table ?? table.name, columns) }, cause);
    }
    case 'notNull': {
      // An engine that names only the column (MariaDB) names a column of the statement's table.
      const named = violation.table === undefined && violation.columns?.every((c) => table.columns.some((k) => k.name === c)) ? { ...violation, table: table.name } : violation;
      return constraintError(named, { properties: propertiesOf(table, named.table ?? table.name, named.columns ?? []) }, cause);
    }
  }
}

/**
 * The typed error for a violation of a statement Strata did not write (`orm.sql`), whose table it does not know:
 * a unique key named alone (MariaDB) is looked up among every entity's, and the columns of an entity's table are
 * named by their properties, as for the repository's statements.
 */
export async function describeRawViolation(context: QueryContext, violation: Violation, cause: unknown): Promise<ConstraintError> {
  const named = violation.kind === 'unique' && !violation.columns ? uniqueKeyOf(context, undefined, violation) : violation;
  const entity = named.table === undefined ? undefined : context.metadata.entities.find((e) => e.tableName === named.table);
  return constraintError(named, { properties: entity && propertiesOf(context.table(entity.target), entity.tableName, named.columns ?? []) }, cause);
}

/**
 * A unique violation that names its key but not the table and columns (MariaDB): the key is looked up among the
 * primary key and unique constraints of the statement's table (when known), then of every entity's (a cascade may
 * write another table), by the names the schema gives them.
 */
function uniqueKeyOf(context: QueryContext, table: EntityTable | undefined, violation: Violation): Violation {
  const names = (t: EntityTable, properties: readonly string[]): string[] => properties.map((p) => t.column(p, 'a unique key').name);
  const others = context.metadata.entities.filter((e) => e.target !== table?.meta.target).map((e) => context.table(e.target));
  const tables = table ? [table, ...others] : others;
  if (violation.primaryKey) return table ? { ...violation, table: table.name, columns: table.primaryKey.map((c) => c.name), constraint: primaryKeyName(table.name) } : violation;
  for (const t of tables) {
    for (const unique of t.meta.uniques) {
      const columns = names(t, unique.properties);
      if ((unique.name ?? uniqueName(t.name, columns)) === violation.constraint) return { ...violation, table: t.name, columns };
    }
  }
  return violation;
}

async function describeForeignKey(context: QueryContext, table: EntityTable, violation: Violation, cause: unknown, written?: readonly Record<string, unknown>[]): Promise<ConstraintError> {
  if (violation.referenced === false) {
    // An engine that gives no values (MariaDB) leaves the detail out: it is found among the rows written.
    const detail = violation.detail ?? (written && (await missingReference(context, table, written))?.detail);
    return constraintError({ ...violation, detail }, { properties: propertiesOf(table, violation.table ?? table.name, violation.columns ?? []) }, cause);
  }
  const missing = violation.referenced === undefined && written ? await missingReference(context, table, written) : undefined;
  if (missing) {
    const columns = missing.columns.map((c) => c.name);
    return constraintError({ ...violation, table: table.name, columns, detail: missing.detail }, { properties: missing.columns.map((c) => `${table.className}.${c.property}`) }, cause);
  }
  // The row written (deleted, or its key changed) is still referenced: by the constraint the engine named, or by
  // the foreign keys that point at this table.
  const referencing = referencingKeys(context, table, violation);
  const by = referencing.map(({ entity, key }) => {
    const child = context.table(entity.target);
    const columns = key.properties.map((p) => child.column(p, 'a foreign key').name);
    return `${entity.tableName} (${columns.join(', ')}) [${key.properties.map((p) => `${entity.className}.${p}`).join(', ')}]`;
  });
  const keyColumns = referencing[0]?.key.targetProperties.map((p) => table.column(p, 'a foreign key')) ?? table.primaryKey;
  const detail = violation.detail && !violation.detail.includes('constraint failed') ? ` ${violation.detail}` : '';
  const info: ConstraintInfo = {
    table: table.name, columns: keyColumns.map((c) => c.name), properties: keyColumns.map((c) => `${table.className}.${c.property}`),
    constraint: violation.constraint, detail: violation.detail,
  };
  return new ForeignKeyConstraintError(
    `Foreign key${violation.constraint ? ` ${violation.constraint}` : ''} violated: a row of ${table.name} is still referenced from ` +
      `${by.join(' or ') || 'another table'}. Delete or change those rows first, or declare onDelete: 'cascade' or 'set null'.${detail}`,
    info,
    { cause },
  );
}

/** The foreign keys that may hold the row: the one the engine named, else every one pointing at `table`. */
function referencingKeys(context: QueryContext, table: EntityTable, violation: Violation): { entity: EntityMetadata; key: ForeignKeyMetadata }[] {
  const all = context.metadata.entities.flatMap((entity) =>
    entity.foreignKeys.filter((key) => key.target === table.meta.target).map((key) => ({ entity, key })));
  const named = all.filter(({ entity, key }) => violation.constraint !== undefined &&
    foreignKeyName(entity.tableName, key.properties.map((p) => context.table(entity.target).column(p, 'a foreign key').name)) === violation.constraint);
  return named.length > 0 ? named : all;
}

/** The first written row whose foreign key names a row that does not exist. */
async function missingReference(context: QueryContext, table: EntityTable, written: readonly Record<string, unknown>[]): Promise<{ columns: ColumnPlan[]; detail: string } | undefined> {
  for (const fk of table.meta.foreignKeys) {
    const target = context.table(fk.target);
    const columns = fk.properties.map((p) => table.findColumn(p)!);
    const targetColumns = fk.targetProperties.map((p) => target.findColumn(p)!);
    for (const row of written) {
      const values = fk.properties.map((p) => row[p]);
      if (values.some((v) => v === undefined || v === null)) continue;
      if (!(await exists(context, target, targetColumns, values))) {
        return { columns, detail: `Key (${columns.map((c) => c.name).join(', ')})=(${values.map(String).join(', ')}) is not present in table "${target.name}".` };
      }
    }
  }
  return undefined;
}

/** The key's columns, and a row's values of them (undefined when one is missing or null, which no key collides on). */
function keyOf(table: EntityTable, columnNames: readonly string[]): { columns: ColumnPlan[]; values: (row: Record<string, unknown>) => unknown[] | undefined } | undefined {
  const columns = columnNames.map((name) => table.columns.find((c) => c.name === name));
  if (columns.length === 0 || columns.some((c) => c === undefined)) return undefined;
  return {
    columns: columns as ColumnPlan[],
    values: (row) => {
      const values = columns.map((c) => row[c!.property]);
      return values.some((v) => v === undefined || v === null) ? undefined : values;
    },
  };
}

const describeKey = (columnNames: readonly string[], values: unknown[]): string => `Key (${columnNames.join(', ')})=(${values.map(String).join(', ')})`;

/**
 * A key given twice among the rows of the call (`given`), found without asking the database; when the engine named
 * the key (`engineDetail`, `Key (email)=(…) already exists.`), only that key.
 */
function givenTwice(table: EntityTable, columnNames: readonly string[], given: readonly Record<string, unknown>[] | undefined, engineDetail?: string): string | undefined {
  const key = given && keyOf(table, columnNames);
  if (!key) return undefined;
  const seen = new Set<string>();
  for (const row of given!) {
    const values = key.values(row);
    if (!values) continue;
    const text = JSON.stringify(values.map(String));
    const described = describeKey(columnNames, values);
    if (seen.has(text) && (engineDetail === undefined || engineDetail.startsWith(`${described} `))) return `${described} is given twice in the rows written.`;
    seen.add(text);
  }
  return undefined;
}

/**
 * Which written row collides, for an engine that names the columns but not the values (SQLite, MariaDB): one of the
 * statement's rows (`written`) whose key the table holds already, asked of the database a row at a time.
 */
async function duplicateOf(context: QueryContext, table: EntityTable, columnNames: readonly string[], written?: readonly Record<string, unknown>[]): Promise<string | undefined> {
  const key = written && keyOf(table, columnNames);
  if (!key) return undefined;
  for (const row of written!) {
    const values = key.values(row);
    if (values && (await exists(context, table, key.columns, values))) return `${describeKey(columnNames, values)} already exists.`;
  }
  return undefined;
}

async function exists(context: QueryContext, table: EntityTable, columns: readonly ColumnPlan[], values: readonly unknown[]): Promise<boolean> {
  const params = values.map((v, i) => columns[i]!.compare(v, 'a constraint check'));
  const condition = columns.map((c, i) => `${c.quoted} = ${context.dialect.runtime.placeholder(i + 1)}`).join(' AND ');
  return (await context.executor.rows(`SELECT 1 FROM ${table.quoted} WHERE ${condition}`, params)).length > 0;
}

function propertiesOf(table: EntityTable, tableName: string, columns: readonly string[]): string[] | undefined {
  if (tableName !== table.name) return undefined;
  return columns.map((name) => table.columns.find((c) => c.name === name)?.property).filter((p): p is string => !!p).map((p) => `${table.className}.${p}`);
}

/** The typed error for a violation, with a message naming the table and columns. */
export function constraintError(violation: Violation, info: ConstraintInfo, cause: unknown): ConstraintError {
  const full: ConstraintInfo = { table: violation.table, columns: violation.columns, constraint: violation.constraint, detail: violation.detail, ...info };
  const where = `${full.table ?? 'a table'}${full.columns?.length ? ` (${full.columns.join(', ')})` : ''}`;
  const named = full.properties?.length ? ` [${full.properties.join(', ')}]` : '';
  const detail = full.detail && !full.detail.includes('constraint failed') ? full.detail : undefined;
  switch (violation.kind) {
    case 'unique':
      return new UniqueConstraintError(`Unique constraint${full.constraint ? ` ${full.constraint}` : ''} violated on ${where}${named}: a row with these values already exists.${detail ? ` ${detail}` : ''}`, full, { cause });
    case 'notNull':
      return new NotNullConstraintError(`NOT NULL constraint violated on ${where}${named}: give it a value, a default, or make it nullable.`, full, { cause });
    case 'foreignKey':
      return new ForeignKeyConstraintError(`Foreign key${full.constraint ? ` ${full.constraint}` : ''} violated on ${where}${named}: ${detail ?? 'the referenced row does not exist, or the row is still referenced.'}`, full, { cause });
  }
}
