import { applyChange, applyChanges } from '../changes/apply';
import type { Change } from '../changes/change';
import type { Schema } from '../schema/model';
import type { Step } from '../steps/step';
import type { Dialect } from './dialect';

export interface PlannedChange {
  readonly change: Change;
  readonly steps: readonly Step[];
}

/** Plans each change of one migration against the schema it will run on, starting from `from`. */
export function planChanges(dialect: Dialect, from: Schema, changes: readonly Change[]): PlannedChange[] {
  const planned: PlannedChange[] = [];
  const target = applyChanges(from, changes);
  const migration = dialect.planner.begin();
  let state = from;
  for (const change of changes) {
    planned.push({ change, steps: dialect.planner.plan(change, state, target, migration) });
    state = applyChange(state, change);
  }
  return planned;
}
