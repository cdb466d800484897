import type { Knex } from 'knex';
import type { Schema } from '../../schema/model';
import { creationOrder } from '../../schema/order';
import { filledTables } from '../common/filled-tables';
import { quoteIdentifier as q } from '../common/sql-text';
import { concurrently } from './concurrently';

const USED_SEQUENCES = `SELECT sequencename AS name FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL`;

const rowsOf = (result: unknown): { name: string }[] => (result as { rows: { name: string }[] }).rows;

/**
 * Empties the schema's tables. TRUNCATE costs a few milliseconds per table even when it is empty, so only
 * tables holding rows are cleared, with DELETE, children before parents; only when foreign keys form a
 * cycle does it fall back to TRUNCATE … CASCADE. Sequences that were used restart at 1.
 */
export async function truncatePostgres(knex: Knex, schema: Schema): Promise<void> {
  const [filled, sequences] = await concurrently(knex, [
    () => filledTables(knex, schema.tables.map((t) => t.name), rowsOf),
    async () => rowsOf(await knex.raw(USED_SEQUENCES)),
  ] as const);
  const order = creationOrder(schema.tables, false);
  const statements = order.deferred.length > 0
    ? (filled.size > 0 ? [`TRUNCATE TABLE ${[...filled].map(q).join(', ')} CASCADE`] : [])
    : [...order.tables].reverse().filter((t) => filled.has(t.name)).map((t) => `DELETE FROM ${q(t.name)}`);
  statements.push(...sequences.map((s) => `ALTER SEQUENCE ${q(s.name)} RESTART`));
  if (statements.length > 0) await knex.raw(statements.join(';\n'));
}
