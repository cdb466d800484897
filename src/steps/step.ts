/**
 * The vocabulary between planning and output: what a migration does, as data. A dialect plans each
 * change into steps; the same steps are either rendered into a migration file (codegen) or executed
 * on a knex instance (reset_db, tests), so the two can never disagree.
 */

/** A SQL fragment passed to knex as `knex.raw(…)`, e.g. an expression default. */
export class RawSql {
  constructor(readonly sql: string) {}
}

/** An argument of a knex builder call. */
export type Arg = string | number | boolean | null | RawSql | readonly Arg[] | { readonly [key: string]: Arg };

/** One method call: `string('name', 100)`. */
export interface Call {
  readonly method: string;
  readonly args: readonly Arg[];
}

/** Calls chained on one receiver: `t.string('name', 100).notNullable()`. */
export type Chain = readonly Call[];

export type Step =
  /** `knex.schema.createTable(table, (t) => { …body })` or `alterTable`. */
  | { readonly kind: 'createTable' | 'alterTable'; readonly table: string; readonly body: readonly Chain[]; readonly comment?: string }
  /** A chain on `knex.schema`, e.g. `dropTable('users')`. */
  | { readonly kind: 'schema'; readonly chain: Chain; readonly comment?: string }
  /** `knex.raw(sql)`: one statement, with every value already escaped. */
  | { readonly kind: 'raw'; readonly sql: string; readonly comment?: string }
  /**
   * Refuses to go on while the connection is in a state the rest of the migration must not run in: `query`
   * returns one row, and a true value in its `column` fails the migration with `message`. The engine's planner
   * writes all three: a table rebuild that must run with foreign keys off, say, or dropping the old table would
   * delete every `ON DELETE CASCADE` child row. Engine-neutral, like `refuseMisfits` (see render.ts).
   */
  | { readonly kind: 'refuseWhen'; readonly query: string; readonly column: string; readonly message: string; readonly comment?: string }
  /**
   * Runs `query` and keeps the statements it returns (column `sql`, one per row; rows as an array, as knex
   * returns them on SQLite) under `slot`, for a `runSaved` step later in the same migration: how a SQLite
   * rebuild keeps the triggers that dropping the table drops. In a migration file, `savedVariable(slot)`.
   */
  | { readonly kind: 'saveStatements'; readonly query: string; readonly bindings: readonly string[]; readonly slot: number; readonly comment?: string }
  /** Runs, in order, the statements a `saveStatements` step kept under `slot`. */
  | { readonly kind: 'runSaved'; readonly slot: number; readonly comment?: string }
  /**
   * Fails, before the change it guards touches anything, when rows hold values the change would lose or
   * reject. `query` returns one row: `misfits`, how many rows, and `example`, one of their values as text
   * (or NULL). Engine-neutral: the migration file runs it through a function of its own (see render.ts).
   */
  | { readonly kind: 'refuseMisfits'; readonly query: string; readonly message: MisfitMessage; readonly comment?: string };

/**
 * What a `refuseMisfits` step says, in three parts around the count and the example:
 * `<action>: <n> row(s) <problem> (for example '<value>'); nothing was changed. <advice>`
 */
export interface MisfitMessage {
  /** What cannot be done, naming the table and column: `Cannot change "users"."name" from string(255) to string(10)`. */
  readonly action: string;
  /** What the rows hold, after "<n> row(s)": `hold values that do not fit`. */
  readonly problem: string;
  /** What to do instead, as a sentence. */
  readonly advice: string;
}

/** The `name` of the error a `refuseMisfits` step throws, executed or rendered (which cannot import a class). */
export const MISFIT_ERROR_NAME = 'MigrationDataError';

/** How many characters of an example value a misfit message shows. */
export const EXAMPLE_LENGTH = 40;

/** The message of a failed `refuseMisfits` step; the function a migration file defines builds the same text. */
export function misfitMessage(message: MisfitMessage, misfits: number, example: unknown): string {
  const text = example === null || example === undefined ? undefined : String(example);
  const shown = text === undefined ? '' : ` (for example '${text.length > EXAMPLE_LENGTH ? `${text.slice(0, EXAMPLE_LENGTH)}…` : text}')`;
  return `${message.action}: ${misfits} row(s) ${message.problem}${shown}; nothing was changed. ${message.advice}`;
}

export function call(method: string, ...args: Arg[]): Call {
  return { method, args };
}

export function raw(sql: string, comment?: string): Step {
  return comment === undefined ? { kind: 'raw', sql } : { kind: 'raw', sql, comment };
}

export function schemaCall(...chain: Call[]): Step {
  return { kind: 'schema', chain };
}

/** The variable of a migration file that holds the statements a `saveStatements` step kept. */
export function savedVariable(slot: number): string {
  return `saved${slot}`;
}

/**
 * The rows `knex.raw` resolved to, as the driver returns them: `{ rows }`, the rows themselves, or `[rows, fields]`.
 * A migration file's functions read them the same way (see render.ts).
 */
export function rawRows<R>(result: unknown): R[] {
  if (!Array.isArray(result)) return (result as { rows: R[] }).rows;
  return (Array.isArray(result[0]) ? result[0] : result) as R[];
}
