import type { Schema } from '../schema/model';
import { creationOrder } from '../schema/order';
import type { Change } from './change';

/** The changes that create `schema` in an empty database: enums, tables in foreign-key order, deferred keys. */
export function creationChanges(schema: Schema, forwardReferences: boolean): Change[] {
  const order = creationOrder(schema.tables, forwardReferences);
  return [
    ...schema.enums.map((e): Change => ({ kind: 'createEnum', enum: e })),
    ...order.tables.map((table): Change => ({ kind: 'createTable', table })),
    ...order.deferred.map((d): Change => ({ kind: 'addForeignKey', table: d.table, foreignKey: d.foreignKey })),
  ];
}
