/**
 * Exact decimal arithmetic for points and money. Values travel as decimal strings and are
 * computed as scaled integers (`bigint`): points at scale 2 (hundredths), coefficients and
 * weights at scale 4, money in cents. The one rounding rule is half away from zero.
 */
import type { Decimal } from './types.ts';

/** Scale of points: hundredths. */
export const POINT_SCALE = 2;
/** Scale of coefficients, weights and shares: ten-thousandths. */
export const RATIO_SCALE = 4;

const decimalPattern = /^-?\d{1,13}(\.\d{1,4})?$/;

/** Whether `text` is a decimal the engine accepts: optional minus, ≤ 13 integer digits, ≤ 4 decimals. */
export function isDecimal(text: string): boolean {
  return decimalPattern.test(text);
}

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/**
 * Parse a decimal string into an integer at `scale` (e.g. `"3.456"` at scale 2 → 346n),
 * rounding half away from zero when the text has more decimals than the scale.
 * @throws RangeError when the text is not a decimal (validate input before scoring).
 */
export function parseScaled(text: Decimal, scale: number): bigint {
  if (!isDecimal(text)) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = BigInt(whole + fraction.padEnd(4, '0')); // scale 4
  const magnitude = scale >= 4 ? digits * pow10(scale - 4) : divRound(digits, pow10(4 - scale));
  return negative ? -magnitude : magnitude;
}

/** Integer division rounding half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** Rescale an integer from one scale to another, rounding half away from zero. */
export function rescale(value: bigint, from: number, to: number): bigint {
  return to >= from ? value * pow10(to - from) : divRound(value, pow10(from - to));
}

/** Format a scaled integer as a decimal string with exactly `scale` decimals (`346n, 2` → `"3.46"`). */
export function formatScaled(value: bigint, scale: number): Decimal {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Points (scale 2) from a decimal string. */
export function toPoints(text: Decimal): bigint {
  return parseScaled(text, POINT_SCALE);
}

/** Decimal string with 2 places from points (scale 2). */
export function formatPoints(points: bigint): Decimal {
  return formatScaled(points, POINT_SCALE);
}

/** Multiply points (scale 2) by a ratio (scale 4) and round back to points. */
export function mulRatio(points: bigint, ratio: bigint): bigint {
  return divRound(points * ratio, pow10(RATIO_SCALE));
}

/** Compare two scaled integers (for sorting). */
export function compareScaled(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}
