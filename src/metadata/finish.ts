import { isSqlExpression } from '../util/sql-expression';
import { canonicalLiteral } from '../schema/literals';
import { IDENTIFIER_LIMIT } from '../util/identifier';
import type { DraftColumn, DraftEntity } from './draft';
import { Problems } from './draft';
import { withoutMetadataProblem } from './without-metadata';
import { COLUMN_TYPES } from '../schema/model';
import type { ColumnMetadata, EntityMetadata } from './types';

/** Phase four: checks that need every column in place, then freezes the entity. */
export function finishEntity(entity: DraftEntity, problems: Problems): EntityMetadata | undefined {
  const before = problems.list.length;
  if (entity.columns.length === 0) {
    problems.add(entity.className, `@Table is on a class without columns; decorate its properties with @PrimaryKey() and @Column().`);
    return undefined;
  }
  const primaryKey = entity.columns.filter((c) => c.primary).map((c) => c.property);
  if (primaryKey.length === 0) {
    problems.add(entity.className, 'has no primary key; add @PrimaryKey() to a property (e.g. @PrimaryKey() id!: number).');
  }
  const blind = entity.columns.filter((c) => c.type === undefined && c.noMetadata && !c.typeReported);
  if (blind.length > 0) problems.add(entity.className, withoutMetadataProblem(blind));
  const columns = entity.columns.map((c) => finishColumn(entity, c, primaryKey.length, problems));
  checkColumnNames(entity, problems);
  checkIdentifierLength(entity.className, 'table', entity.tableName, "@Table('…')", problems);
  for (const c of entity.columns) checkIdentifierLength(`${entity.className}.${c.property}`, 'column', c.name, "the name option", problems);
  for (const [kind, list] of [['@Unique', entity.uniques], ['@Index', entity.indexes]] as const) {
    for (const index of list) {
      const missing = index.properties.filter((p) => !entity.columns.some((c) => c.property === p));
      if (missing.length > 0) {
        problems.add(entity.className, `${kind}([${index.properties.map((p) => `'${p}'`).join(', ')}]) names ${missing.map((m) => `'${m}'`).join(', ')}, which ${missing.length === 1 ? 'is not a column property' : 'are not column properties'} of ${entity.className}.`);
      }
    }
  }
  checkManagedColumns(entity, problems);
  if (problems.list.length > before) return undefined;
  return deepFreeze({
    target: entity.cls,
    className: entity.className,
    tableName: entity.tableName,
    renamedFrom: entity.renamedFrom,
    columns: columns as ColumnMetadata[],
    primaryKey,
    uniques: entity.uniques,
    indexes: entity.indexes,
    foreignKeys: entity.foreignKeys,
    relations: entity.relations,
  });
}

function finishColumn(entity: DraftEntity, c: DraftColumn, keyCount: number, problems: Problems): ColumnMetadata | undefined {
  const where = `${entity.className}.${c.property}`;
  if (!c.type) {
    if (!c.typeReported && !c.noMetadata) {
      problems.add(where, `cannot infer the column type: ${c.typeProblem ?? "no type information. Add the type option, e.g. @Column({ type: 'string' })"} (types: ${COLUMN_TYPES.join(', ')}).`);
    }
    return undefined;
  }
  // The CLI's loader does not type-check: a property typed to hold null would meet NOT NULL only at its first insert.
  // Not said beside another problem of the property: a misspelt `nullable` is the likelier cause, and is named.
  if (c.declaredWithNull !== undefined && !c.nullable && !c.primary && !problems.has(where)) {
    problems.add(where, `it is declared \`${c.declaredWithNull}\`, but its column is not nullable, so null would be refused; add nullable: true to its options, or declare it without null.`);
  }
  if (c.type === 'enum') checkEnumValues(c, where, problems);
  else if (c.enumValues) problems.add(where, `enum values are given but the type is '${c.type}'; use type: 'enum' or remove enum.`);
  const integerKey = c.primary && keyCount === 1 && (c.type === 'integer' || c.type === 'bigint');
  if (c.autoIncrement === true && !integerKey) {
    problems.add(where, 'autoIncrement applies to a single-column integer or bigint primary key only; remove it.');
  }
  if (isSqlExpression(c.default) && c.default.values.length > 0) {
    problems.add(where, `the default ${c.default.expression} interpolates values, which a column default cannot bind; write the value into the expression's text, as in sql('now()').`);
  }
  if (c.default !== undefined && c.default !== null && !isSqlExpression(c.default)) {
    const canonical = canonicalLiteral(c.type, c.default);
    if ('error' in canonical) problems.add(where, `the default ${printable(c.default)} does not suit a '${c.type}' column: ${canonical.error}.`);
    else if (c.type === 'enum' && c.enumValues && !c.enumValues.includes(String(c.default))) {
      problems.add(where, `the default '${String(c.default)}' is not one of the enum values (${c.enumValues.join(', ')}).`);
    }
  }
  return {
    property: c.property, name: c.name, type: c.type, length: c.length, precision: c.precision, scale: c.scale,
    nullable: c.nullable, default: c.default ?? undefined, primary: c.primary,
    autoIncrement: integerKey && c.autoIncrement !== false,
    enumValues: c.type === 'enum' ? c.enumValues : undefined,
    renamedFrom: c.renamedFrom, comment: c.comment, timestamp: c.timestamp, managed: c.managed,
  };
}

/** One `@Version` and one `@DeletedAt` at most, each on a column of a type and nullability it can work with. */
function checkManagedColumns(entity: DraftEntity, problems: Problems): void {
  for (const [kind, decorator] of [['version', '@Version'], ['deletedAt', '@DeletedAt']] as const) {
    const columns = entity.columns.filter((c) => c.managed === kind);
    if (columns.length > 1) problems.add(entity.className, `has ${decorator} on ${columns.map((c) => c.property).join(' and ')}; keep one.`);
    for (const c of columns) {
      const where = `${entity.className}.${c.property}`;
      if (c.timestamp) problems.add(where, `${decorator} cannot be combined with @CreatedAt or @UpdatedAt; keep one.`);
      if (c.primary) problems.add(where, `${decorator} cannot be on a primary key column.`);
      if (kind === 'version' && c.type !== undefined && c.type !== 'integer' && c.type !== 'bigint') problems.add(where, `${decorator} needs an integer or bigint column, not '${c.type}'.`);
      if (kind === 'version' && c.nullable) problems.add(where, `${decorator} needs a column that is not nullable; remove nullable: true.`);
      if (kind === 'deletedAt' && c.type !== undefined && c.type !== 'datetime') problems.add(where, `${decorator} needs a datetime column, not '${c.type}'.`);
      if (kind === 'deletedAt' && !c.nullable) problems.add(where, `${decorator} needs a nullable column: NULL marks the rows that are not deleted.`);
    }
  }
}

function checkEnumValues(c: DraftColumn, where: string, problems: Problems): void {
  const values = c.enumValues ?? [];
  if (values.length === 0) {
    problems.add(where, "an enum column needs its values; add enum: ['a', 'b'] (or a TypeScript string enum).");
  }
  const repeated = values.filter((v, i) => values.indexOf(v) !== i);
  if (repeated.length > 0) problems.add(where, `enum value '${repeated[0]}' is listed twice.`);
  const quoted = values.find((v) => v.includes("'"));
  if (quoted !== undefined) problems.add(where, `enum value ${JSON.stringify(quoted)} contains a single quote, which knex writes unescaped where an engine declares the values in the column's own definition (a CHECK constraint, or an enum column type), so no entity may hold one, whatever its engine; choose another value.`);
}

function checkColumnNames(entity: DraftEntity, problems: Problems): void {
  const seen = new Map<string, string>();
  for (const c of entity.columns) {
    const other = seen.get(c.name);
    if (other !== undefined) {
      problems.add(`${entity.className}.${c.property}`, `${entity.className}.${other} and ${entity.className}.${c.property} both map to column "${c.name}"; give one of them another name option.`);
    }
    seen.set(c.name, c.property);
  }
}

/** PostgreSQL silently cuts longer names, after which the database never matches the entities again; so every engine refuses them. */
function checkIdentifierLength(where: string, what: string, name: string, fix: string, problems: Problems): void {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > IDENTIFIER_LIMIT) {
    problems.add(where, `the ${what} name "${name}" is ${bytes} bytes long, over the ${IDENTIFIER_LIMIT}-byte limit on identifiers that Strata keeps to on every engine (the shortest engine's); choose a shorter one with ${fix}.`);
  }
}

function printable(value: unknown): string {
  try {
    return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !isSqlExpression(value) && !(value instanceof Date)) {
    Object.freeze(value);
    for (const v of Object.values(value)) if (typeof v !== 'function') deepFreeze(v);
  }
  return value;
}
