import type { Knex } from 'knex';
import { assertNever } from '../util/assert-never';
import { type Arg, type Chain, MISFIT_ERROR_NAME, misfitMessage, RawSql, rawRows, type Step } from './step';

/** The row a `refuseMisfits` query returns; a count may come as a string, where the driver reads bigint so. */
interface MisfitRow {
  readonly misfits: number | string;
  readonly example: unknown;
}

/** Runs steps in order on a knex instance or transaction. */
export async function executeSteps(knex: Knex | Knex.Transaction, steps: readonly Step[]): Promise<void> {
  const saved = new Map<number, string[]>();
  for (const step of steps) await executeStep(knex, step, saved);
}

/** Runs one step; `saved` holds what `saveStatements` steps kept, by slot. */
async function executeStep(knex: Knex | Knex.Transaction, step: Step, saved: Map<number, string[]>): Promise<void> {
  switch (step.kind) {
    case 'createTable':
    case 'alterTable':
      await knex.schema[step.kind](step.table, (t) => {
        for (const chain of step.body) applyChain(knex, t, chain);
      });
      return;
    case 'schema':
      await (applyChain(knex, knex.schema, step.chain) as Promise<unknown>);
      return;
    case 'raw':
      await knex.raw(step.sql);
      return;
    case 'refuseWhen': {
      const [row] = rawRows<Record<string, unknown>>(await knex.raw(step.query));
      if (row?.[step.column]) throw new Error(step.message);
      return;
    }
    case 'saveStatements': {
      const rows = (await knex.raw(step.query, [...step.bindings])) as { sql: string }[];
      saved.set(step.slot, rows.map((row) => row.sql));
      return;
    }
    case 'runSaved': {
      const statements = saved.get(step.slot);
      if (!statements) throw new Error(`No statements were saved in slot ${step.slot} before this step.`);
      for (const sql of statements) await knex.raw(sql);
      return;
    }
    case 'refuseMisfits': {
      const [row] = rawRows<MisfitRow>(await knex.raw(step.query));
      const misfits = Number(row?.misfits ?? 0);
      if (misfits === 0) return;
      const error = new Error(misfitMessage(step.message, misfits, row!.example));
      error.name = MISFIT_ERROR_NAME;
      throw error;
    }
  }
  assertNever(step, 'step');
}

function applyChain(knex: Knex | Knex.Transaction, receiver: unknown, chain: Chain): unknown {
  let current = receiver as Record<string, (...args: unknown[]) => unknown>;
  for (const { method, args } of chain) {
    const fn = current[method];
    if (typeof fn !== 'function') throw new Error(`knex has no method ${method}()`);
    current = fn.apply(current, args.map((a) => toValue(knex, a))) as typeof current;
  }
  return current;
}

function toValue(knex: Knex | Knex.Transaction, arg: Arg): unknown {
  if (arg instanceof RawSql) return knex.raw(arg.sql);
  if (Array.isArray(arg)) return arg.map((a) => toValue(knex, a));
  if (arg !== null && typeof arg === 'object') {
    return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, toValue(knex, v as Arg)]));
  }
  return arg;
}
