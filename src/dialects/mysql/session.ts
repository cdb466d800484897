import type { Knex } from 'knex';

/** The part of a mysql2 connection (callback API, as knex holds it) this file uses. */
interface MysqlSession {
  query(sql: string, callback: (error: Error | null) => void): void;
}

/**
 * What every connection gets before knex hands it out: identifiers quoted with double quotes, as the shared
 * SQL of Strata writes them (ANSI_QUOTES; backticks keep working), and UTC as the session's time zone, so that
 * CURRENT_TIMESTAMP and the driver's dates agree.
 */
const SETUP = "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES'), time_zone = '+00:00'";

export function mysqlPool(pool: Knex.PoolConfig | undefined): Knex.PoolConfig {
  const userSetup = pool?.afterCreate as ((connection: unknown, done: (error: Error | null, connection: unknown) => void) => void) | undefined;
  return {
    min: 0,
    max: 10,
    ...pool,
    afterCreate(connection: unknown, done: (error: Error | null, connection: unknown) => void) {
      (connection as MysqlSession).query(SETUP, (error) => {
        if (error) done(error, connection);
        else if (userSetup) userSetup(connection, done);
        else done(null, connection);
      });
    },
  };
}

/**
 * mysql2's settings that make values cross as the model documents them: BIGINT and DECIMAL as exact strings,
 * DATETIME in UTC, DATE as its `YYYY-MM-DD` text, JSON as text, and 4-byte UTF-8. Settings the user gave win.
 */
export const DRIVER_SETTINGS = {
  charset: 'utf8mb4',
  timezone: 'Z',
  supportBigNumbers: true,
  bigNumberStrings: true,
  decimalNumbers: false,
  dateStrings: ['DATE'],
  // JSON as its text, which Strata parses as on the other engines (mysql2 would parse it, big numbers as strings).
  jsonStrings: true,
} as const;
