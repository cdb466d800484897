import type { Column, ColumnType } from '../schema/model';
import { assertNever } from '../util/assert-never';

/**
 * What a value must be to survive a column's type change. Changing a column's type keeps every value only
 * when each one fits the new type; which values do not is a SQL predicate each engine writes for each rule
 * (see the dialects' `misfits.ts`), checked before anything is changed.
 */
export type FitRule =
  /** Its text is at most `length` characters: a `string(length)` column. */
  | { readonly kind: 'maxLength'; readonly length: number }
  /** A whole number within a signed integer of `bits` bits. */
  | { readonly kind: 'wholeNumber'; readonly bits: 32 | 64 }
  /** A number with at most `scale` digits after the point and `precision - scale` before it. */
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  /** A number (written as one, when the value is text) that an unconstrained decimal holds exactly. */
  | { readonly kind: 'number' }
  /** A number that a `float` (`single`) or a `double` gives back the same, as the application reads it. */
  | { readonly kind: 'floatingPoint'; readonly single: boolean }
  /** One of an enum's values. */
  | { readonly kind: 'oneOf'; readonly values: readonly string[] }
  /** A time whose fractional seconds need at most `precision` digits. */
  | { readonly kind: 'fractionalSeconds'; readonly precision: number }
  /** No exact test exists for the conversion: any value may be lost or rejected, so every one is refused. */
  | { readonly kind: 'anyValue' };

/** The values of the enums the two sides of a conversion use, where they are enums; unknown when absent. */
export interface EnumValues {
  readonly from?: readonly string[];
  readonly to?: readonly string[];
}

const INTEGER_DIGITS = { integer: 10, bigint: 19 } as const;

/**
 * The rules a value must satisfy to survive converting a `from` column into a `to` column: none for a
 * conversion that keeps every value (integer → bigint, a longer string, anything → text). `enums` gives
 * the values of the enums involved; without them, an enum target is taken to cover nothing.
 */
export function fitRules(from: Column, to: Column, enums: EnumValues): FitRule[] {
  switch (to.type) {
    case 'string': {
      // A string without a length (a database's unbounded varchar; an entity's always has one) takes any text.
      const length = to.length ?? Infinity;
      if (from.type === 'binary') return [{ kind: 'anyValue' }];
      return longestText(from, enums.from) <= length ? [] : [{ kind: 'maxLength', length }];
    }
    case 'text':
      return from.type === 'binary' ? [{ kind: 'anyValue' }] : [];
    case 'integer':
    case 'bigint':
      return toWholeNumber(from.type, to.type);
    case 'float':
    case 'double':
      return toFloatingPoint(from.type, to.type === 'float');
    case 'decimal':
      return toDecimal(from, to);
    case 'datetime':
      if (from.type === 'date') return [];
      if (from.type !== 'datetime') return [{ kind: 'anyValue' }];
      // PostgreSQL keeps microseconds when no precision is declared.
      return (to.precision ?? 6) < (from.precision ?? 6) ? [{ kind: 'fractionalSeconds', precision: to.precision ?? 6 }] : [];
    case 'enum': {
      if (from.type === 'binary') return [{ kind: 'anyValue' }];
      const covered = from.type === 'enum' && enums.from !== undefined && enums.to !== undefined && enums.from.every((v) => enums.to!.includes(v));
      return covered ? [] : [{ kind: 'oneOf', values: enums.to ?? [] }];
    }
    case 'boolean':
    case 'date':
    case 'time':
    case 'json':
    case 'uuid':
    case 'binary':
      // Either the same type, or no test short of the engine's own cast tells which values convert.
      return from.type === to.type ? [] : [{ kind: 'anyValue' }];
    default:
      return assertNever(to.type, 'column type');
  }
}

/** The most characters a value of the column can take as text; Infinity when it has no bound. */
function longestText(column: Column, enumValues: readonly string[] | undefined): number {
  switch (column.type) {
    case 'string': return column.length ?? Infinity;
    case 'integer': return '-2147483648'.length;
    case 'bigint': return '-9223372036854775808'.length;
    case 'boolean': return 'false'.length;
    case 'date': return 'YYYY-MM-DD'.length;
    case 'time': return 'HH:MM:SS.ssssss'.length;
    case 'uuid': return 36;
    case 'decimal': return column.precision === undefined ? Infinity : column.precision + 2;
    case 'text':
    case 'float':
    case 'double':
    case 'datetime':
    case 'enum':
      return enumValues ? Math.max(0, ...enumValues.map((v) => v.length)) : Infinity;
    case 'json':
    case 'binary':
      return Infinity;
    default:
      return assertNever(column.type, 'column type');
  }
}

function toWholeNumber(from: ColumnType, to: 'integer' | 'bigint'): FitRule[] {
  const bits = to === 'integer' ? 32 : 64;
  switch (from) {
    case 'integer':
      return [];
    case 'bigint':
      return to === 'bigint' ? [] : [{ kind: 'wholeNumber', bits }];
    case 'float':
    case 'double':
    case 'decimal':
    case 'string':
    case 'text':
      return [{ kind: 'wholeNumber', bits }];
    case 'boolean':
      // PostgreSQL casts a boolean to integer (0, 1), not to bigint.
      return to === 'integer' ? [] : [{ kind: 'anyValue' }];
    case 'date':
    case 'datetime':
    case 'time':
    case 'json':
    case 'uuid':
    case 'binary':
    case 'enum':
      return [{ kind: 'anyValue' }];
    default:
      return assertNever(from, 'column type');
  }
}

function toFloatingPoint(from: ColumnType, single: boolean): FitRule[] {
  switch (from) {
    case 'integer':
      return single ? [{ kind: 'floatingPoint', single }] : [];
    case 'float':
      return [];
    case 'double':
      return single ? [{ kind: 'floatingPoint', single }] : [];
    case 'bigint':
    case 'decimal':
    case 'string':
    case 'text':
      return [{ kind: 'floatingPoint', single }];
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
    case 'json':
    case 'uuid':
    case 'binary':
    case 'enum':
      return [{ kind: 'anyValue' }];
    default:
      return assertNever(from, 'column type');
  }
}

function toDecimal(from: Column, to: Column): FitRule[] {
  const rule: FitRule = to.precision === undefined ? { kind: 'number' } : { kind: 'decimal', precision: to.precision, scale: to.scale ?? 0 };
  const integerDigits = to.precision === undefined ? Infinity : to.precision - (to.scale ?? 0);
  switch (from.type) {
    case 'integer':
    case 'bigint':
      return integerDigits >= INTEGER_DIGITS[from.type] ? [] : [rule];
    case 'decimal': {
      if (to.precision === undefined) return [];
      if (from.precision === undefined) return [rule];
      const kept = (to.scale ?? 0) >= (from.scale ?? 0) && integerDigits >= from.precision - (from.scale ?? 0);
      return kept ? [] : [rule];
    }
    case 'float':
    case 'double':
    case 'string':
    case 'text':
      return [rule];
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
    case 'json':
    case 'uuid':
    case 'binary':
    case 'enum':
      return [{ kind: 'anyValue' }];
    default:
      return assertNever(from.type, 'column type');
  }
}

/** What the rows that break a rule hold, after "<n> row(s)", for messages. */
export function describeMisfit(rule: FitRule): string {
  switch (rule.kind) {
    case 'maxLength':
      return `hold values that do not fit in ${rule.length} characters`;
    case 'wholeNumber': {
      const max = 2n ** BigInt(rule.bits - 1);
      return `hold values that are not whole numbers from ${-max} to ${max - 1n}`;
    }
    case 'decimal':
      return `hold values that are not numbers of at most ${rule.precision - rule.scale} digit(s) before the point and ${rule.scale} after it`;
    case 'number':
      return 'hold values that are not numbers a decimal holds exactly';
    case 'floatingPoint':
      return `hold values that are not numbers a ${rule.single ? 'float' : 'double'} gives back unchanged`;
    case 'oneOf':
      return 'hold values that are not among the enum\'s';
    case 'fractionalSeconds':
      return `hold times with more than ${rule.precision} fractional-second digit(s)`;
    case 'anyValue':
      return 'hold values, and no exact test tells whether each would convert';
    default:
      return assertNever(rule, 'fit rule');
  }
}

/** What to do instead, for messages. */
export function adviseMisfit(rule: FitRule): string {
  switch (rule.kind) {
    case 'maxLength':
      return 'Shorten or fix those values in an earlier migration, or keep the wider type.';
    case 'anyValue':
      return 'Write this conversion by hand (convert the values in an earlier migration, or add a new column, fill it and drop the old one), or keep the current type.';
    case 'wholeNumber':
    case 'decimal':
    case 'number':
    case 'floatingPoint':
    case 'oneOf':
    case 'fractionalSeconds':
      return 'Fix those values in an earlier migration, or keep the current type.';
    default:
      return assertNever(rule, 'fit rule');
  }
}
