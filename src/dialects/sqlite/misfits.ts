import type { FitRule } from '../../changes/conversion';
import type { Column } from '../../schema/model';
import { assertNever } from '../../util/assert-never';
import { quoteString } from '../common/sql-text';

/**
 * Where a rebuild tests a rule: on the old table before the copy, for what the new table's constraints
 * would reject during the copy (an enum's CHECK), or on the copy, where each value has been through the new
 * column's type affinity, before the old table is dropped.
 */
export type MisfitPhase = 'beforeCopy' | 'afterCopy';

/** One test of a rule, and when it runs. */
export interface MisfitTest {
  readonly phase: MisfitPhase;
  readonly where: string;
}

/** Integers beyond ±2^53 may have been rounded on their way into a REAL; SQLite cannot tell which. */
const EXACT_DOUBLE = '9007199254740992';

/**
 * SQLite's test of which values break a rule of a type change (see `fitRules`): SQL over the quoted column
 * `x`, true for a non-null value that does not fit. SQLite converts what it can as it copies a row (type
 * affinity) and keeps the rest as it was, so `typeof()` of the copied value tells whether it converted;
 * the same logical limits as PostgreSQL's then apply. Empty when this engine loses nothing.
 */
export function sqliteMisfit(rule: FitRule, from: Column, x: string): MisfitTest[] {
  const after = (where: string): MisfitTest[] => [{ phase: 'afterCopy', where }];
  const number = `typeof(${x}) NOT IN ('integer', 'real')`;
  switch (rule.kind) {
    case 'maxLength':
      return after(`length(CAST(${x} AS TEXT)) > ${rule.length}`);
    case 'wholeNumber': {
      const bound = 2n ** BigInt(rule.bits - 1);
      const copied = after(`typeof(${x}) <> 'integer' OR ${x} NOT BETWEEN ${-bound} AND ${bound - 1n}`);
      // SQLite makes an integer of '12.0' or '1e3' too; PostgreSQL cannot, so neither takes them.
      return isText(from) ? [{ phase: 'beforeCopy', where: notIntegerText(x) }, ...copied] : copied;
    }
    case 'decimal': {
      const limit = `1e${rule.precision - rule.scale}`;
      // round() returns a REAL, which would differ from a large INTEGER it leaves whole.
      const fraction = `(typeof(${x}) = 'real' AND round(${x}, ${rule.scale}) <> ${x})`;
      return [...after(`${number} OR ${fraction} OR ${x} >= ${limit} OR ${x} <= -${limit}`), ...roundedIntegers(from, x, false)];
    }
    case 'number':
      return [...after(number), ...roundedIntegers(from, x, false)];
    case 'floatingPoint':
      // SQLite stores a float in 8 bytes, as a double: it loses no digit that a double keeps.
      return [...after(number), ...roundedIntegers(from, x, true)];
    case 'oneOf':
      return [{ phase: 'beforeCopy', where: rule.values.length ? `CAST(${x} AS TEXT) NOT IN (${rule.values.map(quoteString).join(', ')})` : '1' }];
    case 'fractionalSeconds':
      // SQLite keeps a datetime as it was written, whatever precision the column declares.
      return [];
    case 'anyValue':
      return [{ phase: 'beforeCopy', where: '1' }];
    default:
      return assertNever(rule, 'fit rule');
  }
}

/**
 * Numbers beyond ±2^53 that went through a REAL and may have been rounded. A REAL column (`intoReal`) turns
 * every integer into one: checked exactly on the old values. A NUMERIC column (decimal) keeps integers, but
 * reads text through a REAL when it has a fraction or more digits than an integer holds, and may store the
 * result as an integer: where the value was text, the check is on the copy and refuses every number that
 * large, since SQLite cannot tell which were rounded. A float or double was a REAL already. (Comparisons
 * rather than abs(), which fails on -2^63.)
 */
function roundedIntegers(from: Column, x: string, intoReal: boolean): MisfitTest[] {
  switch (from.type) {
    case 'float':
    case 'double':
      return [];
    case 'string':
    case 'text':
      return [{ phase: 'afterCopy', where: `typeof(${x}) IN ('integer', 'real') AND (${x} >= ${EXACT_DOUBLE} OR ${x} <= -${EXACT_DOUBLE})` }];
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
    case 'json':
    case 'uuid':
    case 'binary':
    case 'enum':
      return intoReal ? [{ phase: 'beforeCopy', where: `typeof(${x}) = 'integer' AND (${x} > ${EXACT_DOUBLE} OR ${x} < -${EXACT_DOUBLE})` }] : [];
    default:
      return assertNever(from.type, 'column type');
  }
}

function isText(column: Column): boolean {
  return column.type === 'string' || column.type === 'text';
}

/** Whitespace as PostgreSQL's number input skips it around a number. */
const SPACE = "' ' || char(9, 10, 11, 12, 13)";

/** Text that is not an optional sign followed by digits, as PostgreSQL's integer input reads it. */
function notIntegerText(x: string): string {
  const trimmed = `trim(CAST(${x} AS TEXT), ${SPACE})`;
  const digits = `CASE WHEN substr(${trimmed}, 1, 1) IN ('+', '-') THEN substr(${trimmed}, 2) ELSE ${trimmed} END`;
  return `${digits} = '' OR ${digits} GLOB '*[^0-9]*'`;
}
