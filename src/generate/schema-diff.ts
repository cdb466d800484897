import type { Knex } from 'knex';
import type { Change } from '../changes/change';
import type { Dialect } from '../dialects';
import { desiredSchema } from '../dialects/desired-schema';
import { diffSchemas } from '../diff/diff';
import type { MetadataRegistry } from '../metadata/registry';
import type { Schema } from '../schema/model';
import { renamesFromMetadata } from './renames';

export interface SchemaDiff {
  /** The database as it is (without the migration history table). */
  readonly actual: Schema;
  /** The schema the entities describe. */
  readonly desired: Schema;
  /** What takes the database to the entities' schema; empty when they are in sync. */
  readonly changes: readonly Change[];
}

/** Compares the connected database with the entities. */
export async function diffDatabase(knex: Knex, dialect: Dialect, metadata: MetadataRegistry, historyTable: string): Promise<SchemaDiff> {
  return diffSchema(await dialect.schema.introspect(knex, { exclude: [historyTable] }), dialect, metadata);
}

/** Compares a schema (a database's, or a snapshot's) with the entities. */
export function diffSchema(actual: Schema, dialect: Dialect, metadata: MetadataRegistry): SchemaDiff {
  const desired = desiredSchema(dialect, metadata.entities);
  const changes = diffSchemas(actual, desired, {
    renames: renamesFromMetadata(metadata.entities),
    forwardReferences: dialect.capabilities.forwardReferences,
    foreignKeysPinTypes: dialect.capabilities.foreignKeysPinTypes,
  });
  return { actual, desired, changes };
}
