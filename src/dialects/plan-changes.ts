import { applyChange, applyChanges } from '../changes/apply';
import type { Change } from '../changes/change';
import type { Schema } from '../schema/model';
import type { Step } from '../steps/step';
import type { Dialect } from './dialect';

export interface PlannedChange {
  readonly change: Change;
  readonly steps: readonly Step[];
}

/**
 * Plans each change against the schema it will run on, starting from `from`. A migration needs its
 * foreign-keys-off check once: later copies are left out. Each rebuild's saved triggers get a slot of
 * their own, numbered from 1 (a dialect plans every save with its restore, before the next save).
 */
export function planChanges(dialect: Dialect, from: Schema, changes: readonly Change[]): PlannedChange[] {
  const planned: PlannedChange[] = [];
  const target = applyChanges(from, changes);
  let state = from;
  let checked = false;
  let slot = 0;
  for (const change of changes) {
    const steps = dialect.plan(change, state, target).filter((step) => {
      if (step.kind !== 'requireForeignKeysOff') return true;
      if (checked) return false;
      return (checked = true);
    }).map((step) => (step.kind === 'keepTriggers' ? { ...step, slot: step.phase === 'save' ? ++slot : slot } : step));
    planned.push({ change, steps });
    state = applyChange(state, change);
  }
  return planned;
}
