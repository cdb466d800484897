import type { Knex } from 'knex';
import { assertNever } from '../util/assert-never';
import { type Arg, type Chain, foreignKeysOnMessage, RawSql, type Step } from './step';

/** Runs steps in order on a knex instance or transaction. */
export async function executeSteps(knex: Knex | Knex.Transaction, steps: readonly Step[]): Promise<void> {
  const savedTriggers = new Map<number, string[]>();
  for (const step of steps) await executeStep(knex, step, savedTriggers);
}

/** Runs one step; `savedTriggers` holds what `keepTriggers` steps saved, by slot. */
export async function executeStep(knex: Knex | Knex.Transaction, step: Step, savedTriggers = new Map<number, string[]>()): Promise<void> {
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
    case 'requireForeignKeysOff': {
      const rows = (await knex.raw('PRAGMA foreign_keys')) as { foreign_keys: number }[];
      if (rows[0]?.foreign_keys) throw new Error(foreignKeysOnMessage(step.table));
      return;
    }
    case 'keepTriggers': {
      if (step.phase === 'save') {
        savedTriggers.set(step.slot, await knex('sqlite_master').where({ type: 'trigger' }).whereRaw('tbl_name = ? COLLATE NOCASE', [step.table]).orderBy('rowid').pluck('sql'));
        return;
      }
      const saved = savedTriggers.get(step.slot);
      if (!saved) throw new Error(`No triggers of "${step.table}" were saved in slot ${step.slot} before this step.`);
      for (const sql of saved) await knex.raw(sql);
      return;
    }
    default:
      assertNever(step, 'step');
  }
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
