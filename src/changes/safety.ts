import type { Column, ColumnType } from '../schema/model';
import type { Change } from './change';

/**
 * What a change risks. `destructive`: running it can lose data (or fail on data that no longer fits).
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
      const loss = conversionLoss(change.from, change.to);
      return loss ? { destructive: true, irreversible: true, reason: `"${change.table}.${change.to.name}": ${loss}` } : SAFE;
    }
    case 'alterEnum': {
      const removed = change.from.values.filter((v) => !change.to.values.includes(v));
      return removed.length
        ? { destructive: true, irreversible: false, reason: `removes ${removed.map((v) => `'${v}'`).join(', ')} from enum "${change.to.name}"; rows holding them make it fail` }
        : SAFE;
    }
    default:
      return SAFE;
  }
}

/** Conversions that keep every value exactly. */
const WIDENING: Readonly<Partial<Record<ColumnType, readonly ColumnType[]>>> = {
  integer: ['bigint', 'double', 'decimal', 'string', 'text'],
  bigint: ['decimal', 'string', 'text'],
  float: ['double', 'text'],
  double: ['text'],
  decimal: ['text'],
  string: ['text'],
  enum: ['string', 'text'],
  uuid: ['string', 'text'],
  boolean: ['text'],
  date: ['datetime', 'text'],
  time: ['text'],
  json: ['text'],
};

/** Why converting `from` to `to` can lose values, or undefined when it cannot. */
function conversionLoss(from: Column, to: Column): string | undefined {
  if (from.type === to.type) {
    if (to.type === 'string' && (to.length ?? 255) < (from.length ?? 255)) {
      return `length shrinks from ${from.length} to ${to.length}; longer values are cut`;
    }
    if (to.type === 'decimal' && to.precision !== undefined) {
      const intDigits = (c: Column): number => (c.precision ?? Infinity) - (c.scale ?? 0);
      if (from.precision === undefined || intDigits(to) < intDigits(from) || (to.scale ?? 0) < (from.scale ?? 0)) {
        return `precision or scale shrinks to (${to.precision}, ${to.scale ?? 0}); values are rounded or rejected`;
      }
    }
    return undefined;
  }
  if (WIDENING[from.type]?.includes(to.type)) {
    const shortString = to.type === 'string' && (to.length ?? 255) < 40;
    return shortString ? `converting ${from.type} to string(${to.length}) can cut values` : undefined;
  }
  return `converting ${from.type} to ${to.type} can lose or reject values`;
}
