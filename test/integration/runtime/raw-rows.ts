/**
 * The rows of a `knex.raw` result on any engine: pg gives `{ rows }`, SQLite the rows themselves, mysql2
 * `[rows, fields]` (an array whose first item is the array of rows).
 */
export function rawRows<R = Record<string, unknown>>(result: unknown): R[] {
  if (!Array.isArray(result)) return (result as { rows: R[] }).rows;
  if (result.length === 2 && Array.isArray(result[0]) && Array.isArray(result[1])) return result[0] as R[];
  // mysql2's result of a statement that returns no rows: [header, undefined].
  if (result.length === 2 && result[1] === undefined && !Array.isArray(result[0])) return [];
  return result as R[];
}
