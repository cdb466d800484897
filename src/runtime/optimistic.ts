import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';
import type { Assignment } from './update-values';

/** An update through `updateVersioned` found that another writer changed (or deleted) the row since it was read. */
export class StaleEntityError extends Error {
  override readonly name = 'StaleEntityError';
  constructor(
    /** The entity's class name. */
    readonly entity: string,
    /** The row's primary key values, by property. */
    readonly key: Readonly<Record<string, unknown>>,
    /** The version the entity was read at. */
    readonly expectedVersion: unknown,
    /** The row's version now; null when the row is gone. */
    readonly actualVersion: unknown,
  ) {
    super(
      `${entity} ${JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))} was ${actualVersion === null ? 'deleted' : `changed by another writer (it has version ${String(actualVersion)})`} ` +
        `after it was read at version ${String(expectedVersion)}, so the update was not made. Read it again, and apply the change to what is there now.`,
    );
  }
}

/** The `@Version` column of an entity, if it has one. */
export function versionColumn(table: EntityTable): ColumnPlan | undefined {
  return table.columns.find((c) => c.meta.managed === 'version');
}

/** Every update adds 1 to the version, unless the update sets it itself. */
export function bumpVersion(table: EntityTable, data: Map<ColumnPlan, Assignment>): void {
  const version = versionColumn(table);
  if (version && !data.has(version)) data.set(version, { kind: 'arithmetic', operator: '+', amount: version.write(1, 'update') });
}

/** The version assignment of an upsert's DO UPDATE: the existing row's version plus 1. */
export function upsertVersionBump(table: EntityTable): string[] {
  const version = versionColumn(table);
  return version ? [`${version.quoted} = ${table.quoted}.${version.quoted} + 1`] : [];
}

/** The where of `updateVersioned`: the entity's primary key, and its version. */
export function versionedWhere(table: EntityTable, entity: object): { key: Record<string, unknown>; version: ColumnPlan; expected: unknown } {
  const version = versionColumn(table);
  if (!version) throw new QueryError(`updateVersioned needs a @Version() column on ${table.className}; add one, or use update.`);
  if (typeof entity !== 'object' || entity === null) throw new QueryError(`updateVersioned on ${table.className} takes the entity as it was read.`);
  const values = entity as Record<string, unknown>;
  const key: Record<string, unknown> = {};
  for (const column of [...table.primaryKey, version]) {
    const value = values[column.property];
    if (value === undefined || value === null) {
      throw new QueryError(`updateVersioned on ${table.className} needs the entity's ${column.property}, which it does not have: pass an entity read with every key and its version.`);
    }
    if (column !== version) key[column.property] = value;
  }
  return { key, version, expected: values[version.property] };
}
