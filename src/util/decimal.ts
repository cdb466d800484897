/**
 * Exact decimal text, without floating point: parsing (with an exponent, as JavaScript prints large and
 * small numbers), rounding to a scale and counting digits. Decimal values travel as strings so that no
 * digit is lost; these functions only move the point and round the digit string.
 */

/** A decimal number: `sign` × `digits` × 10^-`scale`, `digits` without leading zeros ('0' for zero). */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly scale: number;
}

const PATTERN = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;
/** Exponents beyond this are refused rather than expanded into a string of that many zeros. */
const MAX_EXPONENT = 1000;

/** Parses `12.50`, `-0.5`, `.5`, `1e+21`, `1.5E-7`; undefined for anything else. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return undefined;
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  let digits = whole + fraction;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  digits = digits.replace(/^0+(?=\d)/, '');
  return { negative: m[1] === '-' && /[1-9]/.test(digits), digits, scale };
}

/** The value with at most `scale` digits after the point, rounded half away from zero (as PostgreSQL rounds). */
export function roundDecimal(value: Decimal, scale: number): Decimal {
  if (value.scale <= scale) return value;
  const drop = value.scale - scale;
  const padded = value.digits.padStart(drop + 1, '0');
  let kept = padded.slice(0, padded.length - drop);
  if (padded.charCodeAt(padded.length - drop) >= 53 /* '5' */) kept = increment(kept);
  kept = kept.replace(/^0+(?=\d)/, '');
  return { negative: value.negative && /[1-9]/.test(kept), digits: kept, scale };
}

function increment(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] !== '9') {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return `1${chars.join('')}`;
}

/** Digits before the point, leading zeros not counted (0 for `0.5`). */
export function integerDigits(value: Decimal): number {
  const whole = value.digits.slice(0, Math.max(0, value.digits.length - value.scale)).replace(/^0+/, '');
  return whole.length;
}

/** Digits from the first non-zero one to the last non-zero one: what a binary float must hold exactly. */
export function significantDigits(value: Decimal): number {
  return value.digits.replace(/^0+/, '').replace(/0+$/, '').length;
}

/** Plain text with exactly `value.scale` digits after the point: `-12.50`, `0.05`, `100`. */
export function formatDecimal(value: Decimal): string {
  const digits = value.digits.padStart(value.scale + 1, '0');
  const point = digits.length - value.scale;
  const text = value.scale > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : digits;
  return value.negative ? `-${text}` : text;
}

/** Decimal text in any accepted form (with an exponent, say) as plain text; the input when it is not a number. */
export function plainDecimal(text: string): string {
  const value = parseDecimal(text);
  return value ? formatDecimal(value) : text;
}
