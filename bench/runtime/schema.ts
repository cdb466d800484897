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
    // MariaDB's datetime keeps no fractional seconds unless told: milliseconds, as every contender writes them.
    const stamp = engine === 'mysql' ? { useTz: true, precision: 3 } : { useTz: true };
    const now = knex.raw(engine === 'mysql' ? 'CURRENT_TIMESTAMP(3)' : 'CURRENT_TIMESTAMP');
    t.datetime('created_at', stamp).notNullable().defaultTo(now);
    t.datetime('updated_at', stamp).notNullable().defaultTo(now);
  });
  await knex.schema.createTable('posts', (t) => {
    t.increments('id');
    // knex's increments() is unsigned on MariaDB, and a key must have the type of the column it references.
    (engine === 'mysql' ? t.integer('user_id').unsigned() : t.integer('user_id')).notNullable().references('id').inTable('users').onDelete('CASCADE');
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
}

/** Empties both tables and restarts their ids. */
export async function emptyTables(knex: Knex, engine: Engine): Promise<void> {
  if (engine === 'postgres') await knex.raw('TRUNCATE posts, users RESTART IDENTITY CASCADE');
  else if (engine === 'mysql') {
    // On one connection: FOREIGN_KEY_CHECKS is a session setting.
    await knex.transaction(async (trx) => {
      await trx.raw('SET FOREIGN_KEY_CHECKS = 0');
      await trx.raw('TRUNCATE TABLE posts');
      await trx.raw('TRUNCATE TABLE users');
      await trx.raw('SET FOREIGN_KEY_CHECKS = 1');
    });
  } else {
    await knex.raw('DELETE FROM posts');
    await knex.raw('DELETE FROM users');
    await knex.raw(`DELETE FROM sqlite_sequence WHERE name IN ('users', 'posts')`);
  }
}

/**
 * Fresh statistics for the rows just written, before the reads: otherwise the server's background analyze
 * (PostgreSQL's autovacuum, InnoDB's persistent statistics) lands at a random moment of some contender's turn and
 * changes its plans mid-run (W3's two queries went from 12 to 23 ms and back on PostgreSQL). SQLite keeps no
 * statistics unless told, so its plans do not change.
 */
export async function analyzeTables(knex: Knex, engine: Engine): Promise<void> {
  if (engine === 'postgres') await knex.raw('ANALYZE users, posts');
  else if (engine === 'mysql') await knex.raw('ANALYZE TABLE users, posts');
}
