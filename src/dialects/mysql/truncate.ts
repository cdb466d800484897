import type { Knex } from 'knex';
import type { Schema } from '../../schema/model';
import { quoteIdentifier as q, quoteString } from '../common/sql-text';
import { onOneConnection } from './connection';

/**
 * Empties the database's tables and restarts their AUTO_INCREMENT counters. TRUNCATE recreates a table, which
 * costs milliseconds even when it is empty, so only tables holding rows are cleared, with DELETE, and only
 * counters that moved are reset. Foreign key checks are off meanwhile, which is safe because every table that
 * holds rows is emptied.
 */
export async function truncateMysql(knex: Knex, schema: Schema): Promise<void> {
  const names = schema.tables.map((t) => t.name);
  if (names.length === 0) return;
  const list = names.map(quoteString).join(', ');
  const probe = names.map((n) => `SELECT ${quoteString(n)} AS name FROM DUAL WHERE EXISTS (SELECT 1 FROM ${q(n)})`).join(' UNION ALL ');
  const counters = `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT > 1 AND TABLE_NAME IN (${list})`;
  await onOneConnection(knex, async (run) => {
    const filled = (await run(probe)).map((r) => String(r.name));
    const counted = (await run(counters)).map((r) => String(r.name));
    if (filled.length === 0 && counted.length === 0) return;
    await run('SET FOREIGN_KEY_CHECKS = 0');
    try {
      for (const name of filled) await run(`DELETE FROM ${q(name)}`);
      for (const name of counted) await run(`ALTER TABLE ${q(name)} AUTO_INCREMENT = 1`);
    } finally {
      await run('SET FOREIGN_KEY_CHECKS = 1');
    }
  });
}

/** Drops every table of the connected database. */
export async function dropAllMysql(knex: Knex): Promise<void> {
  await onOneConnection(knex, async (run) => {
    const tables = await run(`SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`);
    if (tables.length === 0) return;
    await run('SET FOREIGN_KEY_CHECKS = 0');
    try {
      await run(`DROP TABLE IF EXISTS ${tables.map((t) => q(String(t.name))).join(', ')}`);
    } finally {
      await run('SET FOREIGN_KEY_CHECKS = 1');
    }
  });
}
