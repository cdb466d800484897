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
      return numberTest(from, x, INTEGER_TEXT, (v) => `${v} <> TRUNCATE(${v}, 0) OR ${v} < ${-bound} OR ${v} > ${bound - 1n}`);
    }
    case 'decimal':
      return numberTest(from, x, NUMBER_TEXT, (v) => `ROUND(${v}, ${rule.scale}) <> ${v} OR ABS(${v}) >= 1e${rule.precision - rule.scale}`);
    case 'number':
      return numberTest(from, x, NUMBER_TEXT, () => 'FALSE');
    case 'floatingPoint':
      // A value the narrower type gives back different (MariaDB 10.4.5+ and MySQL 8.0.17+ cast to FLOAT and DOUBLE).
      return numberTest(from, x, NUMBER_TEXT, (v) => `CAST(${v} AS ${rule.single ? 'FLOAT' : 'DOUBLE'}) <> ${v}`);
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

/** `exact` over the value as a number, for numeric columns and for text that reads as a number (anything else breaks the rule). */
function numberTest(from: Column, x: string, pattern: string, exact: (v: string) => string): string {
  switch (from.type) {
    case 'integer':
    case 'bigint':
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
