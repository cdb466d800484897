import type { ColumnOptions, EntityClass } from '../decorators/options';
import { rawChain, type RawEntity, type RawProperty } from '../decorators/raw-store';
import { sql } from '../decorators/sql';
import { COLUMN_TYPES, type ColumnType, DATETIME_PRECISION } from '../schema/model';
import { pluralize, snakeCase } from '../util/naming';
import { type DraftColumn, type DraftEntity, Problems, toArray } from './draft';
import { checkDecoratorOptions } from './decorator-options';
import { declaredType } from './declared-type';
import { designType, inferType } from './infer-type';
import { compiledWithoutMetadata } from './without-metadata';

/** Phase one: an entity's own table, columns and indexes, from its decorators and its ancestors'. */
export function draftEntity(cls: EntityClass, own: RawEntity, problems: Problems): DraftEntity {
  const tableName = own.table?.name ?? pluralize(snakeCase(cls.name));
  const entity: DraftEntity = {
    cls, className: cls.name, tableName,
    renamedFrom: toArray(own.table?.renamedFrom),
    columns: [], uniques: [], indexes: [], foreignKeys: [], relations: [], rawRelations: [],
  };
  const properties = new Map<string, { property: RawProperty; raw: RawEntity; cls: EntityClass; noMetadata: boolean }>();
  for (const { cls: declaring, raw } of rawChain(cls)) {
    if (problems.firstTime(raw)) checkDecoratorOptions(declaring.name, raw, problems);
    const noMetadata = compiledWithoutMetadata(declaring, raw);
    for (const property of raw.properties) properties.set(property.name, { property, raw, cls: declaring, noMetadata });
    for (const u of raw.uniques) entity.uniques.push({ properties: u.properties, name: u.options.name });
    for (const i of raw.indexes) entity.indexes.push({ properties: i.properties, name: i.options.name });
  }
  for (const { property, raw, cls: declaring, noMetadata } of properties.values()) {
    const where = `${cls.name}.${property.name}`;
    const twice = property.decorators.find((d, i) => property.decorators.indexOf(d) !== i);
    if (twice) problems.add(where, `${twice} is applied twice; keep one.`);
    if (property.relation) {
      if (property.column || property.primaryKey || property.timestamp || property.managed) {
        problems.add(where, `a relation property cannot also be a column; put @Column() on a separate foreign key property.`);
      }
      entity.rawRelations.push({ property: property.name, relation: property.relation, mode: raw.mode });
      continue;
    }
    if (!property.column && !property.primaryKey && !property.timestamp && !property.managed) continue;
    const column = draftColumn(declaring, property, raw, where, problems);
    if (column.type === undefined && column.typeProblem !== undefined && noMetadata) column.noMetadata = true;
    entity.columns.push(column);
    if (property.unique || column.unique) entity.uniques.push({ properties: [property.name], name: property.unique?.name ?? nameOf(column.unique) });
    if (property.index || column.index) entity.indexes.push({ properties: [property.name], name: property.index?.name ?? nameOf(column.index) });
  }
  return entity;
}

/** The column a `@Version()` or `@DeletedAt()` declares, which a `@Column` beside it may refine. */
const MANAGED_DEFAULTS: Record<'version' | 'deletedAt', (name: string | undefined) => ColumnOptions> = {
  version: (name) => ({ type: 'integer', default: 1, name }),
  deletedAt: (name) => ({ type: 'datetime', nullable: true, name }),
};

function nameOf(flag: boolean | string | undefined): string | undefined {
  return typeof flag === 'string' ? flag : undefined;
}

type Built = DraftColumn & { unique?: boolean | string; index?: boolean | string };

function draftColumn(cls: EntityClass, property: RawProperty, raw: RawEntity, where: string, problems: Problems): Built {
  const timestampDefaults: ColumnOptions = property.timestamp
    ? { type: 'datetime', default: sql('CURRENT_TIMESTAMP'), name: property.timestamp.options.name }
    : property.managed ? MANAGED_DEFAULTS[property.managed.kind](property.managed.options.name) : {};
  const options: ColumnOptions = { ...timestampDefaults, ...property.primaryKey, ...withoutUndefined(property.column ?? {}) };
  const primary = Boolean(property.primaryKey) || options.primary === true;
  const column: Built = {
    property: property.name,
    name: options.name ?? snakeCase(property.name),
    nullable: primary ? false : options.nullable ?? false,
    default: options.default,
    primary,
    autoIncrement: options.autoIncrement,
    renamedFrom: toArray(options.renamedFrom),
    comment: options.comment,
    timestamp: property.timestamp?.kind,
    managed: property.managed?.kind,
    unique: options.unique,
    index: options.index,
  };
  const declared = declaredType(cls, property.name);
  // Not beside a mistake in the options of the class that declares it (a base class's, said once under its name).
  if (declared?.includesNull && !problems.has(`${cls.name}.${property.name}`)) column.declaredWithNull = declared.text;
  if (primary && options.nullable === true) problems.add(where, 'a primary key column cannot be nullable; remove nullable: true.');
  if (options.type !== undefined) {
    if (!(COLUMN_TYPES as readonly string[]).includes(options.type)) {
      problems.add(where, `unknown column type '${String(options.type)}'; use one of ${COLUMN_TYPES.join(', ')}.`);
      column.typeReported = true;
    } else {
      column.type = options.type;
    }
  } else if (options.enum !== undefined) {
    column.type = 'enum';
  } else {
    const inference = inferType(designType(cls, property.name), raw.mode, declared);
    if ('type' in inference) column.type = inference.type;
    else column.typeProblem = inference.problem;
  }
  if (options.enum !== undefined) column.enumValues = enumValues(options.enum, where, problems);
  applySizes(column, options, where, problems);
  return column;
}

function enumValues(spec: NonNullable<ColumnOptions['enum']>, where: string, problems: Problems): readonly string[] {
  const values = Array.isArray(spec) ? spec : Object.values(spec);
  if (values.some((v) => typeof v !== 'string')) {
    problems.add(where, 'enum values must be strings; numeric TypeScript enums are not supported, use a string enum or an array.');
  }
  return values.filter((v): v is string => typeof v === 'string');
}

/** Length, precision and scale: defaulted where the type wants them, refused where it has no use for them. */
function applySizes(column: Built, options: ColumnOptions, where: string, problems: Problems): void {
  const type = column.type;
  if (options.length !== undefined && type !== undefined && type !== 'string') {
    problems.add(where, `length applies to string columns only, and this column is '${type}'; remove length.`);
  }
  if (options.length !== undefined && (type === undefined || type === 'string') && !isWholeNumber(options.length)) {
    problems.add(where, `length is the most characters the column holds, a whole number; got ${shown(options.length)}.`);
  }
  if (type === 'string' || (type === undefined && options.length !== undefined)) column.length = options.length ?? 255;
  const takesPrecision: readonly (ColumnType | undefined)[] = ['decimal', 'datetime'];
  if ((options.precision !== undefined || options.scale !== undefined) && !takesPrecision.includes(type)) {
    problems.add(where, `precision and scale apply to decimal columns (and precision to datetime); this column is '${type}'.`);
  }
  if (options.scale !== undefined && type !== 'decimal') {
    problems.add(where, `scale applies to decimal columns only; remove scale.`);
  }
  if (type === 'decimal' && options.scale !== undefined && options.precision === undefined) {
    problems.add(where, 'a decimal scale needs a precision too, e.g. { precision: 10, scale: 2 }.');
  }
  // Each engine bounds them further (see the dialects' limits.ts): PostgreSQL 15 allows a scale over the precision.
  if (type === 'decimal' && options.precision !== undefined && !isWholeNumber(options.precision)) {
    problems.add(where, `a decimal precision is its number of digits, a whole number; got ${shown(options.precision)}.`);
  }
  if (type === 'decimal' && options.scale !== undefined && !isWholeNumber(options.scale)) {
    problems.add(where, `a decimal scale is its number of digits after the point, a whole number; got ${shown(options.scale)}.`);
  }
  if (type === 'datetime' && options.precision !== undefined && !(Number.isInteger(options.precision) && options.precision >= 0 && options.precision <= 6)) {
    problems.add(where, `a datetime precision is the number of fractional-second digits, 0 to 6; got ${options.precision}.`);
  }
  if (options.precision !== undefined) column.precision = options.precision;
  // A value read back then compares equal to itself: the database keeps what a Date holds, no more.
  else if (type === 'datetime') column.precision = DATETIME_PRECISION;
  if (options.scale !== undefined) column.scale = options.scale;
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** A value as the user wrote it, for a message: strings quoted. */
function shown(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
