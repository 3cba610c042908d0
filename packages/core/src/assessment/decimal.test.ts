import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, formatScaled, isDecimal, parseScaled, rescale } from './decimal.ts';

describe(parseScaled, () => {
  it.each([
    ['3', 2, 300n],
    ['-3', 2, -300n],
    ['0.85', 4, 8500n],
    ['3.455', 2, 346n],
    ['-3.455', 2, -346n],
    ['3.4549', 2, 345n],
    ['0', 2, 0n],
    ['12.5', 0, 13n],
  ])('%s at scale %i is %s', (text, scale, expected) => {
    expect(parseScaled(text, scale)).toBe(expected);
  });

  it.each(['', '1.23456', 'abc', '1e3', '--1', '.5', ' 1'])('rejects %j', (text) => {
    expect(isDecimal(text)).toBe(false);
    expect(() => parseScaled(text, 2)).toThrow(RangeError);
  });
});

describe(divRound, () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 3n, 1n],
    [5n, 3n, 2n],
    [5n, -2n, -3n],
  ])('%s / %s → %s', (n, d, q) => {
    expect(divRound(n, d)).toBe(q);
  });

  it('is within half a unit of the exact quotient', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (n, d) => {
          const q = divRound(n, d);
          const diff = 2n * (n - q * d);
          return diff <= d && diff >= -d;
        },
      ),
    );
  });
});

describe(formatScaled, () => {
  it.each([
    [346n, 2, '3.46'],
    [-5n, 2, '-0.05'],
    [0n, 2, '0.00'],
    [7n, 0, '7'],
  ])('%s at scale %i is %s', (value, scale, text) => {
    expect(formatScaled(value, scale)).toBe(text);
  });

  it('round-trips through parseScaled', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
        (v) => parseScaled(formatScaled(v, 4), 4) === v,
      ),
    );
  });

  it('rescale down then up loses at most half a unit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), (v) => {
        const back = rescale(rescale(v, 4, 2), 2, 4);
        const diff = v - back;
        return diff <= 50n && diff >= -50n;
      }),
    );
  });
});
