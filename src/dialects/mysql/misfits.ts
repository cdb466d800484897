import type { FitRule } from '../../changes/conversion';
import type { Column } from '../../schema/model';
import { assertNever } from '../../util/assert-never';
import { quoteString } from '../common/sql-text';

/**
 * MariaDB/MySQL's test of which values break a rule of a type change (see `fitRules`): SQL over the quoted column
 * `x`, true for a non-null value the conversion would lose or reject, checked right before the MODIFY. Text is
 * matched before it is cast, so the migration stops with the check's message, not a truncation warning.
 */
export function mysqlMisfit(rule: FitRule, from: Column, x: string): string {
  switch (rule.kind) {
    case 'maxLength':
      return `CHAR_LENGTH(${asText(x)}) > ${rule.length}`;
    case 'wholeNumber': {
      const bound = 2n ** BigInt(rule.bits - 1);
      // `>= 2^63`, not `> 2^63 - 1`: compared with a double, 2^63 - 1 is rounded to 2^63, which MODIFY would clamp.
      return numberTest(from, x, INTEGER_TEXT, (v) => `${v} <> TRUNCATE(${v}, 0) OR ${v} < ${-bound} OR ${v} >= ${bound}`);
    }
    case 'decimal':
      // The bound as an exact literal: `1e18` would be a double, which 999999999999999999 rounds up to.
      return numberTest(from, x, NUMBER_TEXT, (v) => `ROUND(${v}, ${rule.scale}) <> ${v} OR ABS(${v}) >= ${exactPowerOfTen(rule.precision - rule.scale)}`);
    case 'number':
      return numberTest(from, x, NUMBER_TEXT, () => 'FALSE');
    case 'floatingPoint':
      return floatingPointTest(from, x, rule.single);
    case 'oneOf':
      // Compared as binary strings: an enum keeps a value only in the exact case of one of its values.
      return rule.values.length ? `BINARY ${asText(x)} NOT IN (${rule.values.map((v) => `BINARY ${quoteString(v)}`).join(', ')})` : 'TRUE';
    case 'fractionalSeconds':
      return `${x} <> CAST(${x} AS DATETIME(${rule.precision}))`;
    case 'anyValue':
      return 'TRUE';
    default:
      return assertNever(rule, 'fit rule');
  }
}

/** A value as text, for tests and for the example a refused change shows. */
export function asText(x: string): string {
  return `CAST(${x} AS CHAR)`;
}

// knex reads `?` in a statement as a placeholder for a bound value, even without bindings: the patterns
// write an optional part as {0,1}.
const INTEGER_TEXT = quoteString('^[[:space:]]*[+-]{0,1}[0-9]+[[:space:]]*$');
const NUMBER_TEXT = quoteString('^[[:space:]]*[+-]{0,1}([0-9]+[.]{0,1}[0-9]*|[.][0-9]+)([eE][+-]{0,1}[0-9]+){0,1}[[:space:]]*$');

/** 10^n as an exact DECIMAL literal (up to MariaDB's 65 digits; beyond, no DECIMAL reaches it). */
function exactPowerOfTen(n: number): string {
  return n < 65 ? `1${'0'.repeat(n)}` : `1e${n}`;
}

/**
 * A value the floating-point type would give back different, tested on the value's text as mysql2 reads it
 * (MariaDB prints a FLOAT with 6 significant digits, a DOUBLE with the shortest text that gives it back):
 * `0.1` survives FLOAT, `0.123456789`, `1e-50` (which becomes 0) and `1e39` (which MODIFY refuses) do not. An exact
 * number (integer, bigint, decimal) going to DOUBLE must come back as the same decimal, which 2^53 + 1 does not.
 * MariaDB 10.4.5+ and MySQL 8.0.17+ cast to FLOAT and DOUBLE.
 */
function floatingPointTest(from: Column, x: string, single: boolean): string {
  const asFloat = (v: string): string => `CAST(CAST(${v} AS FLOAT) AS CHAR) <> CAST(CAST(${v} AS DOUBLE) AS CHAR)`;
  switch (from.type) {
    case 'integer':
    case 'bigint':
    case 'decimal':
      return single ? asFloat(x) : `CAST(CAST(${x} AS DOUBLE) AS DECIMAL(65, 30)) <> ${x}`;
    case 'float':
    case 'double':
      return asFloat(x);
    case 'string':
    case 'text':
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
    case 'json':
    case 'uuid':
    case 'binary':
    case 'enum': {
      // Text past a double's range reads as its largest value; text too small for it reads as 0 though its digits are not.
      const d = `CAST(${asText(x)} AS DOUBLE)`;
      const lost = `ABS(${d}) >= ${DOUBLE_MAX} OR (${d} = 0 AND ${asText(x)} REGEXP '^[^eE]*[1-9]')${single ? ` OR ${asFloat(d)}` : ''}`;
      return `CASE WHEN ${asText(x)} REGEXP ${NUMBER_TEXT} THEN ${lost} ELSE TRUE END`;
    }
    default:
      return assertNever(from.type, 'column type');
  }
}

const DOUBLE_MAX = '1.7976931348623157e308';

/**
 * `exact` over the value as a number, for numeric columns and for text that reads as a number (anything else breaks
 * the rule). Integers are compared as DECIMAL, on which ABS(-2^63) does not overflow.
 */
function numberTest(from: Column, x: string, pattern: string, exact: (v: string) => string): string {
  switch (from.type) {
    case 'integer':
    case 'bigint':
      return exact(`CAST(${x} AS DECIMAL(65, 0))`);
    case 'decimal':
    case 'float':
    case 'double':
      return exact(x);
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
      return `CASE WHEN ${asText(x)} REGEXP ${pattern} THEN ${exact(`CAST(${asText(x)} AS DECIMAL(65, 30))`)} ELSE TRUE END`;
    default:
      return assertNever(from.type, 'column type');
  }
}
