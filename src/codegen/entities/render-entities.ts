import { enumName, foreignKeyName, indexName, primaryKeyName, uniqueName } from '../../schema/names';
import { findColumn, findEnum, findTable } from '../../schema/lookup';
import { type Column, DATETIME_PRECISION, type ForeignKey, type Schema, type Table } from '../../schema/model';
import type { TypeApproximation } from '../../dialects';
import { snakeCase } from '../../util/naming';
import { jsString } from '../../steps/render';
import { type EntityPlan, planEntities } from './plan';

export interface EntityFile {
  readonly path: string;
  readonly source: string;
  /** What the reader should know before using the files: the tables left out, and why. */
  readonly warnings?: readonly string[];
}

export interface RenderEntitiesOptions {
  /**
   * Ends relative import specifiers: `.js` for an ES module package, where Node and TypeScript's NodeNext
   * need the extension (`./user.js` names `./user.ts`); empty for CommonJS, where tools such as jest resolve
   * `./user` without configuration. Default empty.
   */
  readonly importExtension?: '' | '.js';
  /**
   * The database keeps a `bigint` auto-increment key's type (the dialect's `capabilities.bigintAutoIncrement`).
   * Where it does not, an auto-increment `integer` key that `bigint` foreign keys reference is written as the
   * `bigint` it was declared. Default true.
   */
  readonly bigintAutoIncrement?: boolean;
  /** The columns read as another type than their own (see IntrospectOptions.onApproximation): a note says so on each. */
  readonly approximations?: readonly TypeApproximation[];
}

/**
 * Decorated entity classes for a schema: one file per table and an index.ts listing them. A table without a primary
 * key is left out, as no entity can be declared without one; index.ts says so, and carries it as a warning.
 */
export function renderEntities(schema: Schema, options: RenderEntitiesOptions = {}): EntityFile[] {
  const extension = options.importExtension ?? '';
  const keyless = schema.tables.filter((t) => !t.primaryKey);
  const warnings = keyless.map((t) =>
    `The table "${t.name}" has no primary key, which every entity needs, so it has no entity: add a primary key to the table and run entity:generate again. ` +
      'Until then, a migration generated from these entities would drop it.');
  const plans = planEntities({ ...schema, tables: schema.tables.filter((t) => t.primaryKey) });
  const widenKeys = options.bigintAutoIncrement === false;
  const modules = new Map(plans.map((p) => [p.className, `./${p.fileName.replace(/\.ts$/, '')}${extension}`]));
  for (const a of options.approximations ?? []) {
    const plan = plans.find((p) => p.table.name === a.table);
    plan?.notes.push(`${plan.properties.get(a.column) ?? a.column} is ${a.native} in the database, a type Strata does not make: it is declared ${a.read}, which is what a migration generated from these entities creates${a.creates ? ` (${a.creates})` : ''}.`);
  }
  const files = plans.map((plan) => ({ path: plan.fileName, source: renderEntity(plan, schema, modules, widenKeys) }));
  const index = [
    ...warnings.map((w) => `// Left out: ${w}`),
    ...(warnings.length ? [''] : []),
    ...plans.map((p) => `import { ${p.className} } from '${modules.get(p.className)}';`),
    '',
    `export { ${plans.map((p) => p.className).join(', ')} };`,
    '',
    '/** Every entity, for Orm.connect({ entities }) and orm.config.ts. */',
    `export const entities = [${plans.map((p) => p.className).join(', ')}];`,
    '',
  ].join('\n');
  return [...files, { path: 'index.ts', source: index, ...(warnings.length && { warnings }) }];
}

/** `modules`: each class's import specifier. */
function renderEntity(plan: EntityPlan, schema: Schema, modules: ReadonlyMap<string, string>, widenKeys: boolean): string {
  const { table } = plan;
  const used = new Set<string>(['Table']);
  const use = (name: string): string => (used.add(name), name);
  const lines: string[] = [];
  const prop = (column: string): string => plan.properties.get(column)!;

  const classDecorators = [`@${use('Table')}(${jsString(table.name)})`];
  for (const u of table.uniques.filter((x) => x.columns.length > 1)) {
    classDecorators.push(`@${use('Unique')}([${u.columns.map((c) => jsString(prop(c))).join(', ')}]${u.name === uniqueName(table.name, u.columns) ? '' : `, { name: ${jsString(u.name)} }`})`);
  }
  for (const i of table.indexes.filter((x) => x.columns.length > 1)) {
    classDecorators.push(`@${use('Index')}([${i.columns.map((c) => jsString(prop(c))).join(', ')}]${i.name === indexName(table.name, i.columns) ? '' : `, { name: ${jsString(i.name)} }`})`);
  }
  if (table.primaryKey && table.primaryKey.name !== primaryKeyName(table.name)) {
    plan.notes.push(`The primary key is named ${table.primaryKey.name}; Strata names it ${primaryKeyName(table.name)}, and the next migration will rename it.`);
  }

  // What an insert may leave out, for the repository's insert types.
  const defaulted = table.columns.filter((c) => assigned(table, c) || c.default !== undefined).map((c) => jsString(prop(c.name)));
  if (defaulted.length) lines.push(`  declare [${use('Defaults')}]?: ${defaulted.join(' | ')};`);
  for (const column of inKeyOrder(table)) {
    const decorators: string[] = [];
    const single = (list: readonly { name: string; columns: readonly string[] }[], naming: (t: string, c: readonly string[]) => string, decorator: string): void => {
      for (const x of list.filter((u) => u.columns.length === 1 && u.columns[0] === column.name)) {
        decorators.push(`@${use(decorator)}(${x.name === naming(table.name, x.columns) ? '' : `{ name: ${jsString(x.name)} }`})`);
      }
    };
    single(table.uniques, uniqueName, 'Unique');
    single(table.indexes, indexName, 'Index');
    const property = prop(column.name);
    const primary = table.primaryKey?.columns.includes(column.name) ?? false;
    const own = widenKeys ? keyType(column, table.name, schema) : column;
    const reference = plan.belongsTo.find((r) => r.foreignKey.columns[0] === column.name);
    const declared = reference ? referencing(own, property, reference.foreignKey, schema, widenKeys, plan) : own;
    const timestamp = timestampKind(column, property);
    if (timestamp && !primary) {
      decorators.push(`@${use(timestamp)}(${snakeCase(property) === column.name ? '' : `{ name: ${jsString(column.name)} }`})`);
    } else {
      decorators.push(`@${use(primary ? 'PrimaryKey' : 'Column')}(${columnOptions(declared, property, primary, plan, schema, use)})`);
    }
    lines.push(`  ${decorators.join(' ')} ${property}!: ${tsType(declared, schema, use)};`);
  }

  for (const r of plan.belongsTo) {
    const fkProperty = prop(r.foreignKey.columns[0]!);
    const options: string[] = [];
    if (fkProperty !== `${r.property}Id`) options.push(`foreignKey: ${jsString(fkProperty)}`);
    if (r.foreignKey.onDelete !== 'no action') options.push(`onDelete: ${jsString(r.foreignKey.onDelete)}`);
    if (r.foreignKey.onUpdate !== 'no action') options.push(`onUpdate: ${jsString(r.foreignKey.onUpdate)}`);
    if (r.foreignKey.name !== foreignKeyName(table.name, r.foreignKey.columns)) {
      plan.notes.push(`The foreign key ${r.foreignKey.name} will be renamed ${foreignKeyName(table.name, r.foreignKey.columns)} by the next migration.`);
    }
    // A nullable key may reference nothing: the relation loads as null then.
    const optional = findColumn(table, r.foreignKey.columns[0]!)?.nullable ? ' | null' : '';
    lines.push(`  @${use('BelongsTo')}(() => ${r.target}${options.length ? `, { ${options.join(', ')} }` : ''}) ${r.property}?: ${use('Relation')}<${r.target}${optional}>;`);
  }
  for (const r of plan.hasMany) {
    const decorator = use(r.one ? 'HasOne' : 'HasMany');
    lines.push(`  @${decorator}(() => ${r.target}${r.needsForeignKey ? `, { foreignKey: ${jsString(r.foreignKeyProperty)} }` : ''}) ${r.property}?: ${use('Relation')}<${r.target}${r.one ? ' | null' : '[]'}>;`);
  }
  for (const r of plan.belongsToMany) {
    lines.push(`  @${use('BelongsToMany')}(() => ${r.target}, { through: () => ${r.through}, foreignKey: ${jsString(r.foreignKey)}, otherKey: ${jsString(r.otherKey)} }) ${r.property}?: ${use('Relation')}<${r.target}[]>;`);
  }

  const related = [...new Set([...plan.belongsTo.map((r) => r.target), ...plan.hasMany.map((r) => r.target), ...plan.belongsToMany.flatMap((r) => [r.target, r.through])])]
    .filter((name) => name !== plan.className).sort();
  const strata = [...used].sort((a, b) => a.localeCompare(b)).map((n) => (TYPE_ONLY.has(n) ? `type ${n}` : n));
  return [
    `// Generated by \`orm entity:generate\` from the table "${table.name}". Edit it as your own code.`,
    ...plan.notes.map((note) => `// Note: ${note}`),
    `import { ${strata.join(', ')} } from 'strata-orm';`,
    ...related.map((name) => `import { ${name} } from '${modules.get(name)}';`),
    '',
    ...classDecorators,
    `export class ${plan.className} {`,
    ...lines,
    '}',
    '',
  ].join('\n');
}

/**
 * The table's columns, those of a composite primary key in the key's order: an entity's key is its `@PrimaryKey`
 * properties in the order they are declared. The order of the other columns, which no comparison counts, is kept.
 */
function inKeyOrder(table: Table): readonly Column[] {
  const key = table.primaryKey?.columns ?? [];
  if (key.length < 2) return table.columns;
  const keyColumns = key.map((name) => findColumn(table, name)!);
  let next = 0;
  return table.columns.map((c) => (key.includes(c.name) ? keyColumns[next++]! : c));
}

/**
 * An auto-increment integer key that `bigint` foreign keys reference was a `bigint` key, on an engine that
 * declares every auto-increment key as its one integer type: the database no longer says so, but the references do.
 */
function keyType(column: Column, table: string, schema: Schema): Column {
  if (column.type !== 'integer' || !column.autoIncrement) return column;
  const references = schema.tables.flatMap((t) => t.foreignKeys.filter((fk) => fk.referencedTable === table && fk.referencedColumns.length === 1 && fk.referencedColumns[0] === column.name)
    .map((fk) => findColumn(t, fk.columns[0]!)));
  return references.length > 0 && references.every((c) => c?.type === 'bigint') ? { ...column, type: 'bigint' } : column;
}

/**
 * A `@BelongsTo`'s key column, declared with the type of the key it references, as an entity must be: where the
 * database's differs (an integer referencing a bigint key), with a note that the next migration changes it.
 */
function referencing(column: Column, property: string, fk: ForeignKey, schema: Schema, widenKeys: boolean, plan: EntityPlan): Column {
  const parent = findTable(schema, fk.referencedTable);
  const key = parent && findColumn(parent, fk.referencedColumns[0]!);
  if (!parent || !key) return column;
  const wanted = widenKeys ? keyType(key, parent.name, schema) : key;
  if (wanted.type === column.type) return column;
  plan.notes.push(`${property} is ${column.type} in the database and references ${parent.name}.${key.name}, a ${wanted.type}; a foreign key has the type of the key it references, so it is declared ${wanted.type}, and the next migration will change the column to that.`);
  return { ...column, type: wanted.type, length: wanted.length, precision: wanted.precision, scale: wanted.scale, enum: wanted.enum };
}

/** `@CreatedAt`, `@UpdatedAt`, `@Version` or `@DeletedAt` for the columns those decorators would create, else undefined. */
function timestampKind(column: Column, property: string): 'CreatedAt' | 'UpdatedAt' | 'Version' | 'DeletedAt' | undefined {
  if (column.comment !== undefined) return undefined;
  if (property === 'version') {
    return column.type === 'integer' && !column.nullable && column.default?.kind === 'literal' && column.default.value === 1 ? 'Version' : undefined;
  }
  if (property === 'deletedAt') return column.type === 'datetime' && column.nullable && defaultPrecision(column) && column.default === undefined ? 'DeletedAt' : undefined;
  const kind = property === 'createdAt' ? 'CreatedAt' : property === 'updatedAt' ? 'UpdatedAt' : undefined;
  const shape = column.type === 'datetime' && !column.nullable && defaultPrecision(column) && column.default?.kind === 'sql' && currentTime(column.default.expression, column.precision);
  return kind && shape ? kind : undefined;
}

/**
 * `CURRENT_TIMESTAMP`, or `CURRENT_TIMESTAMP(3)` on a datetime(3) column, as MariaDB writes the default of one. An
 * engine's other words for the same time (PostgreSQL's `now()`) are brought to these by its normalize.
 */
function currentTime(expression: string, precision: number | undefined): boolean {
  return expression === 'CURRENT_TIMESTAMP' || (precision !== undefined && expression === `CURRENT_TIMESTAMP(${precision})`);
}

/** No precision, or the one a datetime gets when it declares none. */
function defaultPrecision(column: Column): boolean {
  return column.precision === undefined || (column.type === 'datetime' && column.precision === DATETIME_PRECISION);
}

function columnOptions(column: Column, property: string, primary: boolean, plan: EntityPlan, schema: Schema, use: (name: string) => string): string {
  const options: string[] = [`type: ${jsString(column.type)}`];
  if (snakeCase(property) !== column.name) options.push(`name: ${jsString(column.name)}`);
  if (column.type === 'string' && column.length !== undefined && column.length !== 255) options.push(`length: ${column.length}`);
  if (column.type === 'string' && column.length === undefined) plan.notes.push(`${property} has no maximum length in the database; Strata's strings have one (255 unless given).`);
  if (!defaultPrecision(column)) options.push(`precision: ${column.precision}`);
  if (column.scale !== undefined && column.scale !== 0) options.push(`scale: ${column.scale}`);
  if (column.nullable && !primary) options.push('nullable: true');
  if (column.type === 'enum') {
    const values = findEnum(schema, column.enum!)?.values ?? [];
    options.push(`enum: [${values.map(jsString).join(', ')}]`);
    if (column.enum !== enumName(plan.table.name, column.name)) {
      plan.notes.push(`The enum type of ${property} is named ${column.enum}; Strata names it ${enumName(plan.table.name, column.name)}, and the next migration will rename it.`);
    }
  }
  if (column.default) options.push(`default: ${column.default.kind === 'sql' ? `${use('sql')}(${jsString(column.default.expression)})` : literal(column)}`);
  if ((column.type === 'integer' || column.type === 'bigint') && soleKey(plan.table, column) && !assigned(plan.table, column)) options.push('autoIncrement: false');
  if (column.autoIncrement && !soleKey(plan.table, column)) {
    plan.notes.push(`${property} takes its values from a sequence in the database (serial, identity or auto-increment), which Strata declares on a table's one integer key only: ` +
      'the next migration will make it a plain column, which every insert must then give.');
  }
  if (column.comment !== undefined) options.push(`comment: ${jsString(column.comment)}`);
  return `{ ${options.join(', ')} }`;
}

/**
 * Whether the database gives `column` its value when an insert leaves it out: the table's auto-incremented key,
 * unless it is also a foreign key, whose value must be another table's (a profile keyed by its user's id).
 */
function assigned(table: Table, column: Column): boolean {
  return column.autoIncrement && soleKey(table, column) && !table.foreignKeys.some((fk) => fk.columns.includes(column.name));
}

/** Whether `column` is the table's whole primary key, the one column an entity may auto-increment. */
function soleKey(table: Table, column: Column): boolean {
  return table.primaryKey?.columns.length === 1 && table.primaryKey.columns[0] === column.name;
}

function literal(column: Column): string {
  const value = column.default!.kind === 'literal' ? column.default!.value : '';
  if (column.type === 'json' && typeof value === 'string') return value;
  return typeof value === 'string' ? jsString(value) : String(value);
}

/** What the rendered files import from strata-orm as types only. */
const TYPE_ONLY = new Set(['Relation', 'Decimal']);

/** A column's TypeScript type; `use` records a type imported from strata-orm. */
function tsType(column: Column, schema: Schema, use: (name: string) => string): string {
  const base = ((): string => {
    switch (column.type) {
      // A decimal's exact digits, typed so that sum and avg take it (see Decimal).
      case 'decimal': return use('Decimal');
      case 'integer': case 'float': case 'double': return 'number';
      case 'bigint': return 'bigint';
      case 'boolean': return 'boolean';
      case 'datetime': return 'Date';
      case 'json': return 'unknown';
      case 'binary': return 'Buffer';
      case 'enum': return (findEnum(schema, column.enum!)?.values ?? []).map(jsString).join(' | ') || 'string';
      default: return 'string';
    }
  })();
  return column.nullable && column.type !== 'json' ? `${base} | null` : base;
}
