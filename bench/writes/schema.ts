import type { Orm } from 'strata-orm';
import type { Engine } from './contender';

type Knex = Orm['knex'];

/** The write workloads' tables, created the same way for every contender. */
export async function createWriteTables(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('accounts');
  await knex.schema.dropTableIfExists('jobs');
  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('email', 255).notNullable().unique({ indexName: 'accounts_email_unique' });
    t.string('name', 100).notNullable();
    t.integer('balance').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('jobs', (t) => {
    t.increments('id');
    t.string('payload', 100).notNullable();
    t.integer('worker').nullable();
    t.datetime('done_at', { useTz: true }).nullable();
  });
}

/** Empties both tables and restarts their ids. */
export async function emptyWriteTables(knex: Knex, engine: Engine): Promise<void> {
  if (engine === 'postgres') await knex.raw('TRUNCATE accounts, jobs RESTART IDENTITY');
  else {
    await knex.raw('DELETE FROM accounts');
    await knex.raw('DELETE FROM jobs');
    await knex.raw(`DELETE FROM sqlite_sequence WHERE name IN ('accounts', 'jobs')`);
  }
}

/** Inserts rows 400 at a time (knex's SQLite insert is a compound SELECT, capped at 500 terms). */
export async function seed(knex: Knex, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) await knex(table).insert(rows.slice(i, i + 400));
}
