import type { Column } from '../schema/model';
import { assertNever } from '../util/assert-never';
import type { Change } from './change';
import { describeType } from './describe';
import { fitRules } from './conversion';

/**
 * What a change risks. `destructive`: running it can lose data, or fail on data that does not fit.
 * `irreversible`: its inverse restores the structure but not the data that was lost.
 */
export interface Safety {
  readonly destructive: boolean;
  readonly irreversible: boolean;
  /** Why, in a sentence, when destructive. */
  readonly reason?: string;
}

const SAFE: Safety = { destructive: false, irreversible: false };

export function safetyOf(change: Change): Safety {
  switch (change.kind) {
    case 'dropTable':
      return { destructive: true, irreversible: true, reason: `drops table "${change.table.name}" and every row in it` };
    case 'dropColumn':
      return { destructive: true, irreversible: true, reason: `drops column "${change.table}.${change.column.name}" and its data` };
    case 'alterColumn': {
      // A conversion that could lose values is checked before it runs, and refused when any would be lost.
      const loss = conversionLoss(change.from, change.to);
      return loss ? { destructive: true, irreversible: false, reason: `"${change.table}.${change.to.name}": ${loss}` } : SAFE;
    }
    case 'alterEnum': {
      const removed = change.from.values.filter((v) => !change.to.values.includes(v));
      return removed.length
        ? { destructive: true, irreversible: false, reason: `removes ${removed.map((v) => `'${v}'`).join(', ')} from enum "${change.to.name}"; rows holding them make it fail` }
        : SAFE;
    }
    case 'createTable':
    case 'renameTable':
    case 'addColumn':
    case 'renameColumn':
    case 'addPrimaryKey':
    case 'dropPrimaryKey':
    case 'addUnique':
    case 'dropUnique':
    case 'addIndex':
    case 'dropIndex':
    case 'addForeignKey':
    case 'dropForeignKey':
    case 'renameConstraint':
    case 'createEnum':
    case 'dropEnum':
    case 'renameEnum':
      return SAFE;
  }
  return assertNever(change, 'change');
}

/**
 * Why converting `from` to `to` can fail on existing values, or undefined when every value fits. Enum
 * values are not known here: a conversion between two enums counts as one that can fail, unless it is the
 * same enum (whose value changes are `alterEnum`s).
 */
function conversionLoss(from: Column, to: Column): string | undefined {
  if (from.type === 'enum' && to.type === 'enum' && from.enum === to.enum) return undefined;
  const rules = fitRules(from, to, {});
  if (rules.length === 0) return undefined;
  const conversion = `${describeType(from)} → ${describeType(to)}`;
  return rules.some((r) => r.kind === 'anyValue')
    ? `no exact test tells which values survive ${conversion}, so it fails on any row holding a value; write it by hand`
    : `${conversion} fails, before changing anything, on rows whose values do not fit`;
}
