import type { ForeignKey, Schema, Table } from '../../schema/model';
import { camelCase, identifier, lowerLeadingCapitals, pascalCase, pluralize, singularize, snakeCase, words } from '../../util/naming';

/** An entity to write for a table: its class, and the relations found from foreign keys. */
export interface EntityPlan {
  readonly table: Table;
  readonly className: string;
  readonly fileName: string;
  /** Column name → property name. */
  readonly properties: ReadonlyMap<string, string>;
  readonly belongsTo: readonly { property: string; target: string; foreignKey: ForeignKey }[];
  readonly hasMany: readonly { property: string; target: string; foreignKeyProperty: string; one: boolean; needsForeignKey: boolean }[];
  readonly belongsToMany: readonly { property: string; target: string; through: string; foreignKey: string; otherKey: string }[];
  /** Why something in the database could not be expressed on the entity, a line each. */
  readonly notes: string[];
}

/**
 * Plans one entity per table. A foreign key to a single-column primary key becomes a `@BelongsTo` (its column
 * stays declared), with a `@HasMany` (or `@HasOne`, when the key column is unique) on the other side. A table
 * whose primary key is exactly two such foreign keys, and which has no other column, is a junction: its two
 * sides get `@BelongsToMany` through it.
 */
export function planEntities(schema: Schema): EntityPlan[] {
  // Unique by file name: two classes must not write one file (`User` and `USER` would both write user.ts).
  const classNames = uniqueNames(schema.tables.map((t) => className(t.name)), fileBase);
  const plans = schema.tables.map((table, i): EntityPlan & { belongsTo: EntityPlan['belongsTo'][number][]; hasMany: EntityPlan['hasMany'][number][]; belongsToMany: EntityPlan['belongsToMany'][number][] } => {
    const className = classNames[i]!;
    const props = uniqueNames(table.columns.map((c) => propertyName(c.name)));
    return {
      table, className, fileName: `${fileBase(className)}.ts`,
      properties: new Map(table.columns.map((c, k) => [c.name, props[k]!])), belongsTo: [], hasMany: [], belongsToMany: [], notes: [],
    };
  });
  const byTable = new Map(plans.map((p) => [p.table.name, p]));
  const taken = (plan: EntityPlan, name: string): boolean => [...plan.properties.values()].includes(name)
    || plan.belongsTo.some((r) => r.property === name) || plan.hasMany.some((r) => r.property === name) || plan.belongsToMany.some((r) => r.property === name);
  const free = (plan: EntityPlan, name: string): string => {
    let candidate = name;
    for (let n = 2; taken(plan, candidate); n++) candidate = `${name}${n}`;
    return candidate;
  };

  for (const plan of plans) {
    const relational = plan.table.foreignKeys.filter((fk) => {
      const target = byTable.get(fk.referencedTable);
      const ok = fk.columns.length === 1 && target?.table.primaryKey?.columns.length === 1 && target.table.primaryKey.columns[0] === fk.referencedColumns[0];
      if (!ok) plan.notes.push(`The foreign key ${fk.name} (${fk.columns.join(', ')}) → ${fk.referencedTable} (${fk.referencedColumns.join(', ')}) does not reference a single-column primary key; Strata cannot express it, and a migration generated from these entities would drop it.`);
      return ok;
    });
    const junction = isJunction(plan.table, relational);
    for (const fk of relational) {
      const column = fk.columns[0]!;
      const target = byTable.get(fk.referencedTable)!;
      const property = free(plan, propertyName(column.replace(/_id$|(?<=[a-z0-9])Id$/, '') || singularize(target.table.name)));
      plan.belongsTo.push({ property, target: target.className, foreignKey: fk });
      if (junction) continue;
      const siblings = relational.filter((other) => other.referencedTable === fk.referencedTable).length;
      const one = plan.table.primaryKey?.columns.join() === column || plan.table.uniques.some((u) => u.columns.length === 1 && u.columns[0] === column);
      const base = relationName(one ? singularize(plan.table.name) : pluralize(plan.table.name));
      const name = target === plan && property === 'parent' ? 'children' : siblings > 1 ? `${base}By${pascalCase(property)}` : base;
      (target.hasMany as EntityPlan['hasMany'][number][]).push({
        property: free(target, name), target: plan.className, foreignKeyProperty: plan.properties.get(column)!, one, needsForeignKey: siblings > 1,
      });
    }
    if (junction) {
      const [a, b] = junction.map((fk) => ({ fk, plan: byTable.get(fk.referencedTable)! }));
      for (const [self, other] of [[a!, b!], [b!, a!]] as const) {
        (self.plan.belongsToMany as EntityPlan['belongsToMany'][number][]).push({
          property: free(self.plan, relationName(pluralize(other.plan.table.name))), target: other.plan.className, through: plan.className,
          foreignKey: plan.properties.get(self.fk.columns[0]!)!, otherKey: plan.properties.get(other.fk.columns[0]!)!,
        });
      }
    }
  }
  return plans;
}

/** The two foreign keys of a junction table, or undefined when the table is not one. */
function isJunction(table: Table, foreignKeys: readonly ForeignKey[]): [ForeignKey, ForeignKey] | undefined {
  const key = table.primaryKey?.columns ?? [];
  if (key.length !== 2 || table.columns.length !== 2 || foreignKeys.length !== 2) return undefined;
  const [x, y] = foreignKeys as [ForeignKey, ForeignKey];
  if (x.referencedTable === y.referencedTable) return undefined;
  return key.every((c) => foreignKeys.some((fk) => fk.columns[0] === c)) ? [x, y] : undefined;
}

/**
 * Names made unique by numbering repeats, by `key`: `User`, `User2`. A number is never one another name already
 * has: tables `user`, `users` and `user2` give `User`, `User3` and `User2`.
 */
function uniqueNames(names: readonly string[], key: (name: string) => string = (name) => name): string[] {
  const wanted = new Set(names.map(key));
  const given = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; given.has(key(candidate)) || (candidate !== name && wanted.has(key(candidate))); n++) candidate = `${name}${n}`;
    given.add(key(candidate));
    return candidate;
  });
}

/**
 * What an entity file imports from strata-orm, and the global types its properties may have: a class of one of these
 * names would hide the one the file means (a table `columns` is written as `ColumnEntity`).
 */
const TAKEN_CLASS_NAMES = new Set([
  'Table', 'Column', 'PrimaryKey', 'Unique', 'Index', 'Defaults', 'CreatedAt', 'UpdatedAt', 'Version', 'DeletedAt', 'BelongsTo',
  'HasMany', 'HasOne', 'BelongsToMany', 'Relation', 'Decimal', 'Date', 'Buffer', 'Object', 'Array', 'String', 'Number', 'Boolean',
  'BigInt', 'Symbol', 'Function', 'Promise', 'Error', 'Map', 'Set', 'JSON', 'Math',
]);

/** The class of a table: `order_items` → `OrderItem`, `order items` → `OrderItem`, `2fa_codes` → `_2faCode`. */
function className(table: string): string {
  const name = identifier(pascalCase(singularize(words(table))), 'Entity');
  return TAKEN_CLASS_NAMES.has(name) ? `${name}Entity` : name;
}

/** The property of a column: `user_id` → `userId`, `display name` → `displayName`, `2nd` → `_2nd`. */
function propertyName(column: string): string {
  const name = identifier(camelCase(words(column)), 'column');
  // A class body cannot declare a property of that name.
  return name === 'constructor' ? 'constructor_' : name;
}

/**
 * A relation's property named after a table, starting in lower case as properties do: `user_profiles` →
 * `userProfiles`, `Users` → `users`, `HTTPRequests` → `httpRequests`.
 */
function relationName(table: string): string {
  return propertyName(lowerLeadingCapitals(camelCase(words(table))));
}

/** The file of a class, without its extension: `OrderItem` → `order-item`. */
function fileBase(className: string): string {
  return snakeCase(className).replace(/_/g, '-').replace(/^-+/, '');
}
