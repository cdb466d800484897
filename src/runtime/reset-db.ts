import type { Knex } from 'knex';
import { creationChanges } from '../changes/create-schema';
import type { Dialect } from '../dialects';
import { planChanges } from '../dialects/plan-changes';
import { schemasEqual } from '../schema/equality';
import type { Schema } from '../schema/model';
import { executeSteps } from '../steps/execute';

/**
 * Leaves the database holding exactly `schema`, with every table empty: truncates when the tables already
 * have that shape, otherwise drops everything in the (current) schema and creates it afresh.
 * @returns which of the two it did.
 */
export async function resetDatabase(knex: Knex, dialect: Dialect, schema: Schema): Promise<'truncated' | 'rebuilt'> {
  const actual = await dialect.introspect(knex);
  if (schemasEqual(actual, schema)) {
    await dialect.truncate(knex, schema);
    return 'truncated';
  }
  await createSchema(knex, dialect, schema);
  return 'rebuilt';
}

/** Drops everything, then creates `schema` from nothing, in one migration unit. */
export async function createSchema(knex: Knex, dialect: Dialect, schema: Schema): Promise<void> {
  await dialect.dropAll(knex);
  const planned = planChanges(dialect, { tables: [], enums: [] }, creationChanges(schema, dialect.capabilities.forwardReferences));
  await dialect.runUnit(knex, dialect.capabilities.transactionalDdl, (db) => executeSteps(db, planned.flatMap((p) => p.steps)));
}
