import type { Orm } from '../runtime/orm';

/**
 * Empties the database and gives it exactly the entities' schema; the same as `orm.resetDb()`.
 * @example beforeEach(() => reset_db(orm));
 */
export function reset_db(orm: Orm): Promise<void> {
  return orm.resetDb();
}

export { reset_db as resetDb };
