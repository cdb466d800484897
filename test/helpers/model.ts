import { type EntityClass, MetadataRegistry } from 'strata-orm';
import { fromMetadata } from '../../src/schema/from-metadata';
import type { Schema, Table } from '../../src/schema/model';

/** The schema model of some entity classes (not normalized for an engine). */
export function modelOf(...classes: EntityClass[]): Schema {
  return fromMetadata(MetadataRegistry.build(classes).entities);
}

export function tableOf(schema: Schema, name: string): Table {
  const table = schema.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name} in ${schema.tables.map((t) => t.name).join(', ')}`);
  return table;
}

/** The message of the error `fn` throws, or a failure if it throws none. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}
