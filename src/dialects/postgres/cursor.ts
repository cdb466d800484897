import type { CursorStatements } from '../runtime-driver';

/**
 * A named cursor, declared in SQL (`DECLARE … NO SCROLL CURSOR`, `FETCH FORWARD n`), rather than pg's
 * protocol-level portals, which need the pg-cursor package: the statements run through the same connection
 * and type parsers as every other query, take bound parameters, and work behind transaction-pooling proxies,
 * as the cursor lives in its transaction (without `WITH HOLD`, PostgreSQL allows one in a transaction only,
 * and closes it when the transaction ends).
 */
export const pgCursor: CursorStatements = {
  declare: (name, query) => `DECLARE ${name} NO SCROLL CURSOR FOR ${query}`,
  fetch: (name, rows) => `FETCH FORWARD ${rows} FROM ${name}`,
  close: (name) => `CLOSE ${name}`,
};
