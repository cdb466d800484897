import type { FitRule } from '../../changes/conversion';
import type { Column } from '../../schema/model';
import { assertNever } from '../../util/assert-never';
import { quoteString } from '../common/sql-text';

/**
 * PostgreSQL's test of which values break a rule of a type change (see `fitRules`): SQL over the quoted
 * column `x`, true for a non-null value the conversion would lose or reject, checked on the table right
 * before the ALTER. The test itself never fails: text is matched before it is cast, and a float is range
 * checked before it is narrowed, so the migration stops with the check's message, not a cast error.
 */
export function postgresMisfit(rule: FitRule, from: Column, x: string): string {
  switch (rule.kind) {
    case 'maxLength':
      return `char_length(CAST(${x} AS text)) > ${rule.length}`;
    case 'wholeNumber': {
      const bound = 2n ** BigInt(rule.bits - 1);
      const f = `CAST(${x} AS double precision)`;
      return numberTest(from, x, INTEGER_TEXT, (v) => `${v} <> trunc(${v}) OR ${v} NOT BETWEEN ${-bound} AND ${bound - 1n}`,
        // Compared with 2^(bits-1) itself, which a double holds exactly, unlike 2^63 - 1.
        () => `${f} <> trunc(${f}) OR ${f} < ${-bound} OR ${f} >= ${bound}`);
    }
    case 'decimal': {
      const exact = (v: string): string => `round(${v}, ${rule.scale}) <> ${v} OR abs(${v}) >= 1e${rule.precision - rule.scale}`;
      return numberTest(from, x, NUMBER_TEXT, exact, (t) => `${roundTrip(x, t)} OR ${exact(`CAST(${x} AS numeric)`)}`);
    }
    case 'number':
      return numberTest(from, x, NUMBER_TEXT, () => 'false', (t) => roundTrip(x, t));
    case 'floatingPoint': {
      const target = rule.single ? FLOAT : DOUBLE;
      const outOfRange = (v: string): string => `abs(${v}) > ${target.max} OR (${v} <> 0 AND abs(${v}) < ${target.min})`;
      // A float reads back as the shortest text that gives it back (extra_float_digits >= 1, the default).
      const changes = (v: string, type: string): string => `CAST(CAST(CAST(${v} AS ${target.type}) AS text) AS ${type}) <> ${v}`;
      return numberTest(from, x, NUMBER_TEXT, (v) => `CASE WHEN ${outOfRange(v)} THEN true ELSE ${changes(v, 'numeric')} END`,
        () => `CASE WHEN ${x} IN ('NaN', 'Infinity', '-Infinity') THEN false WHEN ${outOfRange(x)} THEN true ELSE ${changes(`CAST(${x} AS double precision)`, 'double precision')} END`);
    }
    case 'oneOf':
      return rule.values.length ? `CAST(${x} AS text) NOT IN (${rule.values.map(quoteString).join(', ')})` : 'true';
    case 'fractionalSeconds':
      return `${x} <> CAST(${x} AS timestamptz(${rule.precision}))`;
    case 'anyValue':
      return 'true';
    default:
      return assertNever(rule, 'fit rule');
  }
}

// knex reads `?` in a statement as a placeholder for a bound value, even without bindings: the patterns
// write an optional part as {0,1}.

/** What PostgreSQL's integer input accepts (PostgreSQL 16 also takes `1_000` and `0x1F`, refused here). */
const INTEGER_TEXT = quoteString('^\\s*[+-]{0,1}[0-9]+\\s*$');
/** A decimal number, as numeric input reads it (without NaN and Infinity). */
const NUMBER_TEXT = quoteString('^\\s*[+-]{0,1}([0-9]+[.]{0,1}[0-9]*|[.][0-9]+)([eE][+-]{0,1}[0-9]+){0,1}\\s*$');

const FLOAT = { type: 'real', max: '3.4028234663852886e38', min: '1.1754943508222875e-38' };
const DOUBLE = { type: 'double precision', max: '1.7976931348623157e308', min: '2.2250738585072014e-308' };

/**
 * A test on a column's values as numbers: `exact` over a numeric expression for integer and decimal
 * columns, and for text that reads as a number (anything else breaks the rule); `floating` for float and
 * double columns, which converting to numeric would round to 15 digits, given the column's type.
 */
function numberTest(from: Column, x: string, pattern: string, exact: (v: string) => string, floating: (type: string) => string): string {
  switch (from.type) {
    case 'integer':
    case 'bigint':
    case 'decimal':
      return exact(`CAST(${x} AS numeric)`);
    case 'float':
      return floating(FLOAT.type);
    case 'double':
      return floating(DOUBLE.type);
    case 'string':
    case 'text':
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
    case 'json':
    case 'uuid':
    case 'binary':
    case 'enum':
      return `CASE WHEN CAST(${x} AS text) ~ ${pattern} THEN ${exact(`CAST(CAST(${x} AS text) AS numeric)`)} ELSE true END`;
    default:
      return assertNever(from.type, 'column type');
  }
}

/** A float or double value that numeric would not give back unchanged. */
function roundTrip(x: string, type: string): string {
  return `CAST(CAST(${x} AS numeric) AS ${type}) <> ${x}`;
}
