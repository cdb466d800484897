import type { ForeignKey, Schema, Table } from '../../schema/model';
import { camelCase, pascalCase, pluralize, singularize, snakeCase } from '../../util/naming';

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
  const classNames = uniqueNames(schema.tables.map((t) => pascalCase(singularize(t.name)) || 'Entity'));
  const plans = schema.tables.map((table, i): EntityPlan & { belongsTo: EntityPlan['belongsTo'][number][]; hasMany: EntityPlan['hasMany'][number][]; belongsToMany: EntityPlan['belongsToMany'][number][] } => {
    const className = classNames[i]!;
    const props = uniqueNames(table.columns.map((c) => camelCase(c.name)));
    return {
      table, className, fileName: `${snakeCase(className).replace(/_/g, '-')}.ts`,
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
      const property = free(plan, camelCase(column.replace(/_id$/, '')) || camelCase(singularize(target.table.name)));
      plan.belongsTo.push({ property, target: target.className, foreignKey: fk });
      if (junction) continue;
      const siblings = relational.filter((other) => other.referencedTable === fk.referencedTable).length;
      const one = plan.table.primaryKey?.columns.join() === column || plan.table.uniques.some((u) => u.columns.length === 1 && u.columns[0] === column);
      const base = camelCase(one ? singularize(plan.table.name) : pluralize(plan.table.name));
      const name = target === plan && property === 'parent' ? 'children' : siblings > 1 ? `${base}By${pascalCase(property)}` : base;
      (target.hasMany as EntityPlan['hasMany'][number][]).push({
        property: free(target, name), target: plan.className, foreignKeyProperty: plan.properties.get(column)!, one, needsForeignKey: siblings > 1,
      });
    }
    if (junction) {
      const [a, b] = junction.map((fk) => ({ fk, plan: byTable.get(fk.referencedTable)! }));
      for (const [self, other] of [[a!, b!], [b!, a!]] as const) {
        (self.plan.belongsToMany as EntityPlan['belongsToMany'][number][]).push({
          property: free(self.plan, camelCase(pluralize(other.plan.table.name))), target: other.plan.className, through: plan.className,
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

/** Names made unique by numbering repeats: `User`, `User2`. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}${count}`;
  });
}
