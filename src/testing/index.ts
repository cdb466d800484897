import type { Orm } from '../runtime/orm';
import type { ResetDbOptions } from '../runtime/reset-db';

/**
 * Empties the database and gives it exactly the entities' schema; the same as `orm.resetDb(options)`. With
 * `NODE_ENV=production`, a database that holds a migration history is refused unless `{ force: true }`.
 * @example beforeEach(() => reset_db(orm));
 */
export function reset_db(orm: Orm, options: ResetDbOptions = {}): Promise<void> {
  return orm.resetDb(options);
}

export { reset_db as resetDb };
