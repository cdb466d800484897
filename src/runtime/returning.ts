import type { Capabilities } from '../dialects';
import { QueryError } from './errors';

/** The statements the runtime asks to return the rows they wrote. */
export type WritingStatement = keyof Capabilities['returning'];

/**
 * ` RETURNING <select list>` for a statement that must resolve to the rows it wrote, '' for one that need not.
 * Refuses, before any SQL runs, where the engine cannot return rows from that kind of statement.
 */
export function returningClause(
  capabilities: Capabilities, statement: WritingStatement, table: { readonly className: string; readonly selectList: string }, wanted: boolean, operation: string,
): string {
  if (!wanted) return '';
  if (!capabilities.returning[statement]) {
    throw new QueryError(`${operation} on ${table.className} cannot resolve to the rows it wrote: this database's ${statement.toUpperCase()} statements cannot return rows. ` +
      'Leave out returning: true, and read the rows with find().');
  }
  return ` RETURNING ${table.selectList}`;
}
