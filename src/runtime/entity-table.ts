import type { EntityClass } from '../decorators/options';
import type { Dialect } from '../dialects';
import type { Row, RuntimeDriver } from '../dialects/runtime-driver';
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from '../metadata/types';
import { QueryError } from './errors';
import { valueChecks } from './value-check';

/** A column as the runtime uses it, with its SQL prepared once. */
export interface ColumnPlan {
  readonly property: string;
  readonly name: string;
  readonly quoted: string;
  readonly meta: ColumnMetadata;
  /**
   * A value written to the column (insert, update) as a bind parameter: checked against the column's type and
   * limits, then encoded by the driver; a QueryError naming `Entity.property` when it does not fit. `usage`
   * names the operation in that message.
   */
  readonly write: (value: unknown, usage: string) => unknown;
  /** A value compared with the column (a where, a key lookup), checked against its type and encoded. */
  readonly compare: (value: unknown, usage: string) => unknown;
}

/** Some of an entity's columns: what a `select` reads, and how such rows become instances. */
export interface Projection<T> {
  readonly columns: readonly ColumnPlan[];
  /** The select list, its columns qualified by `alias` when given. */
  selectColumns(alias?: string): string;
  readonly hydrate: (row: Row) => T;
}

/**
 * What the runtime needs of an entity, computed once: quoted names, the select list, the primary key,
 * and hydration of rows into instances of the class.
 */
export class EntityTable<T = unknown> {
  readonly name: string;
  readonly quoted: string;
  readonly columns: readonly ColumnPlan[];
  readonly primaryKey: readonly ColumnPlan[];
  /** `"id", "name", …`: the columns as the driver must select them. */
  readonly selectList: string;
  private readonly byProperty: ReadonlyMap<string, ColumnPlan>;
  /** Projections by the set of properties they read, built once each. */
  private readonly projections = new Map<string, Projection<T>>();
  /** Turns a row into an instance: generated once per entity, see {@link compileHydrator}. */
  readonly hydrate: (row: Row) => T;

  readonly driver: RuntimeDriver;

  constructor(readonly meta: EntityMetadata, dialect: Dialect, private readonly tables: (entity: EntityClass) => EntityTable) {
    const driver = (this.driver = dialect.runtime);
    this.name = meta.tableName;
    this.quoted = dialect.quote(meta.tableName);
    this.columns = meta.columns.map((c): ColumnPlan => {
      const checks = valueChecks(c, meta.className, dialect.capabilities);
      return {
        property: c.property, name: c.name, quoted: dialect.quote(c.name), meta: c,
        write: (value, usage) => driver.toDb(c.type, checks.write(value, usage)),
        compare: (value, usage) => driver.toDb(c.type, checks.compare(value, usage)),
      };
    });
    this.byProperty = new Map(this.columns.map((c) => [c.property, c]));
    this.primaryKey = meta.primaryKey.map((p) => this.byProperty.get(p)!);
    this.selectList = this.selectColumns();
    this.hydrate = compileHydrator((meta.target as EntityClass).prototype as object, this.columns, driver) as (row: Row) => T;
  }

  get className(): string {
    return this.meta.className;
  }

  /** The select list, its columns qualified by `alias` when given. */
  selectColumns(alias?: string): string {
    return selectList(this.columns, this.driver, alias);
  }

  /**
   * The columns of `properties` (validated, in declaration order), and a hydrator that sets only those on the
   * instance; the whole entity when `properties` is undefined.
   */
  projection(properties: readonly string[] | undefined, usage = 'select'): Projection<T> {
    if (properties === undefined) return this;
    const wanted = new Set(properties.map((p) => this.column(p, usage).property));
    const key = [...wanted].sort().join('\u0000');
    let projection = this.projections.get(key);
    if (!projection) {
      const columns = this.columns.filter((c) => wanted.has(c.property));
      const hydrate = compileHydrator((this.meta.target as EntityClass).prototype as object, columns, this.driver) as (row: Row) => T;
      this.projections.set(key, (projection = { columns, hydrate, selectColumns: (alias) => selectList(columns, this.driver, alias) }));
    }
    return projection;
  }

  /** The column of a property, or a QueryError naming the entity, the property and where it was used. */
  column(property: string, usage: string): ColumnPlan {
    const column = this.byProperty.get(property);
    if (column) return column;
    const relation = this.meta.relations.find((r) => r.property === property);
    if (relation) {
      throw new QueryError(`${this.className}.${property} is a relation, not a column (in ${usage}); ${relation.kind === 'belongsTo' ? `use its foreign key ${relation.foreignKey}` : 'load it with include'}.`);
    }
    throw new QueryError(`${this.className} has no column property '${property}' (in ${usage}); its column properties are ${this.columns.map((c) => c.property).join(', ')}.`);
  }

  findColumn(property: string): ColumnPlan | undefined {
    return this.byProperty.get(property);
  }

  findRelation(property: string): RelationMetadata | undefined {
    return this.meta.relations.find((r) => r.property === property);
  }

  /** The relation of a property, or a QueryError naming the entity, the property and where it was used. */
  relation(property: string, usage = 'include'): RelationMetadata {
    const relation = this.findRelation(property);
    if (relation) return relation;
    const hint = this.meta.relations.length ? `its relations are ${this.meta.relations.map((r) => r.property).join(', ')}` : 'it has no relations';
    throw new QueryError(`${this.className} has no relation '${property}' (in ${usage}); ${hint}.`);
  }

  /** The plan of another entity of the same Orm (a relation's target). */
  tableOf(entity: EntityClass): EntityTable {
    return this.tables(entity);
  }
}

function selectList(columns: readonly ColumnPlan[], driver: RuntimeDriver, alias?: string): string {
  return columns.map((c) => driver.selectColumn(c.name, c.meta.type, alias)).join(', ');
}

/**
 * A function that makes an instance of the class from a row (its constructor is not run): one assignment
 * per column, in a fixed order so every instance shares one shape, and a conversion only for the columns
 * whose driver values are not already the documented JavaScript type. The row is an array in select-list
 * order where the driver returns positional rows (see `Executor.entityRows`). Names are passed as data,
 * never spliced into the code.
 */
function compileHydrator(prototype: object, columns: readonly ColumnPlan[], driver: RuntimeDriver): (row: Row) => unknown {
  const decoders = columns.map((c) => driver.decoder(c.meta.type, c.meta.scale));
  const body = columns.map((_, i) => {
    const value = driver.positionalRows ? `row[${i}]` : `row[names[${i}]]`;
    return decoders[i]
      ? `o[props[${i}]] = ${value} == null ? null : decoders[${i}](${value});`
      : `o[props[${i}]] = ${value} === undefined ? null : ${value};`;
  });
  const factory = new Function('proto', 'names', 'props', 'decoders', `return function hydrate(row) {\n  const o = Object.create(proto);\n  ${body.join('\n  ')}\n  return o;\n};`);
  return factory(prototype, columns.map((c) => c.name), columns.map((c) => c.property), decoders) as (row: Row) => unknown;
}
