import type { Orm } from 'strata-orm';
import type { Engine } from './contender';

type Knex = Orm['knex'];

/** The workload tables, created the same way for every contender. */
export async function createTables(knex: Knex, engine: Engine): Promise<void> {
  await knex.schema.dropTableIfExists('orders');
  await knex.schema.dropTableIfExists('posts');
  await knex.schema.dropTableIfExists('users');
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('email', 255).notNullable().unique({ indexName: 'users_email_unique' });
    t.integer('age').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.datetime('created_at', { useTz: true }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP'));
    t.datetime('updated_at', { useTz: true }).notNullable().defaultTo(knex.raw('CURRENT_TIMESTAMP'));
  });
  await knex.schema.createTable('posts', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('title', 200).notNullable();
    t.text('body').notNullable();
    t.index(['user_id'], 'posts_user_id_index');
  });
  // W6's table: no foreign key, so emptying users and posts between runs leaves its 100,000 rows in place.
  await knex.schema.createTable('orders', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable();
    t.integer('amount').notNullable();
  });
  void engine;
}

/** Empties both tables and restarts their ids. */
export async function emptyTables(knex: Knex, engine: Engine): Promise<void> {
  if (engine === 'postgres') await knex.raw('TRUNCATE posts, users RESTART IDENTITY CASCADE');
  else {
    await knex.raw('DELETE FROM posts');
    await knex.raw('DELETE FROM users');
    await knex.raw(`DELETE FROM sqlite_sequence WHERE name IN ('users', 'posts')`);
  }
}
