import type { EntityMetadata } from '../metadata/types';
import { fromMetadata } from '../schema/from-metadata';
import type { Schema } from '../schema/model';
import type { Dialect } from './dialect';

/** The schema the entities describe, in the dialect's canonical form. */
export function desiredSchema(dialect: Dialect, entities: readonly EntityMetadata[]): Schema {
  return dialect.schema.normalize(fromMetadata(entities));
}
