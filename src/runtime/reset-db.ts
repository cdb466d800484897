import type { Knex } from 'knex';
import { creationChanges } from '../changes/create-schema';
import type { Dialect } from '../dialects';
import { planChanges } from '../dialects/plan-changes';
import { refuseOverLimits } from '../generate/engine-limits';
import type { EntityMetadata } from '../metadata/types';
import { countRows } from '../migrator/count-data';
import { type DataLossGuardOptions, guardDataLoss, NO_LOSS } from '../migrator/data-loss';
import { isHistoryTable } from '../migrator/history';
import { schemasEqual } from '../schema/equality';
import type { Schema } from '../schema/model';
import { executeSteps } from '../steps/execute';

/**
 * Options of `orm.resetDb()` and `reset_db(orm, …)`. In production (`NODE_ENV=production`) a reset of a database
 * that holds a migration history (a history table with rows: a database migrated with `orm db:migrate`, not a
 * test database) is refused with a DataLossError, unless `force`.
 */
export type ResetDbOptions = DataLossGuardOptions;

/**
 * Leaves the database holding exactly `schema`, with every table empty: truncates when the tables already
 * have that shape, otherwise drops everything in the (current) schema and creates it afresh.
 * A schema the engine cannot create is refused before anything is dropped, naming the entities' properties
 * (`entities`), as `migrate:generate` refuses it.
 * @returns which of the two it did.
 */
export async function resetDatabase(knex: Knex, dialect: Dialect, schema: Schema, options: ResetDbOptions = {}, entities: readonly EntityMetadata[] = []): Promise<'truncated' | 'rebuilt'> {
  const actual = await dialect.schema.introspect(knex);
  await guardDataLoss('reset_db, on a database that holds a migration history,', options, async () => {
    const history = await countRows(knex, actual.tables.filter(isHistoryTable).map((t) => t.name));
    if (![...history.values()].some((rows) => rows > 0)) return NO_LOSS;
    const rows = await countRows(knex, actual.tables.map((t) => t.name));
    return { tables: [...rows].filter(([, n]) => n > 0).map(([table, n]) => ({ table, rows: n })), columns: [] };
  });
  if (schemasEqual(actual, schema)) {
    await dialect.migrations.truncate(knex, schema);
    return 'truncated';
  }
  refuseOverLimits(dialect, entities, schema, new Set(schema.tables.map((t) => t.name)));
  await createSchema(knex, dialect, schema);
  return 'rebuilt';
}

/** Drops everything, then creates `schema` from nothing, in one migration unit. */
export async function createSchema(knex: Knex, dialect: Dialect, schema: Schema): Promise<void> {
  await dialect.migrations.dropAll(knex);
  const planned = planChanges(dialect, { tables: [], enums: [] }, creationChanges(schema, dialect.capabilities.forwardReferences));
  await dialect.migrations.runUnit(knex, dialect.capabilities.transactionalDdl, (db) => executeSteps(db, planned.flatMap((p) => p.steps)));
}
