import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  daysInMonth,
  halfMonthEnd,
  halfMonthOf,
  halfMonthStart,
  isInstant,
  isLocalDate,
  localDate,
  monthEnd,
  monthOf,
  monthRange,
  nextHalfMonth,
  parseHalfMonth,
  previousHalfMonth,
  startOfLocalDay,
} from './time.ts';

const shanghai = 480;

describe(localDate, () => {
  it.each<[string, number, string]>([
    ['2026-11-30T15:59:59Z', shanghai, '2026-11-30'],
    ['2026-11-30T15:59:59.999Z', shanghai, '2026-11-30'],
    ['2026-11-30T16:00:00Z', shanghai, '2026-12-01'],
    ['2026-12-31T15:59:59Z', shanghai, '2026-12-31'],
    ['2026-12-31T16:00:00Z', shanghai, '2027-01-01'],
    ['2028-02-28T16:00:00Z', shanghai, '2028-02-29'],
    ['2027-02-28T16:00:00Z', shanghai, '2027-03-01'],
    ['2026-11-30T23:59:59Z', 0, '2026-11-30'],
    ['2026-12-01T00:00:00Z', -300, '2026-11-30'],
    ['2026-12-01T05:00:00Z', -300, '2026-12-01'],
    ['2026-12-01T00:00:00+08:00', shanghai, '2026-12-01'],
  ])('%s at %i → %s', (at, offset, expected) => {
    expect(localDate(at, offset)).toBe(expected);
  });

  it('takes a Date too', () => {
    expect(localDate(new Date('2026-11-30T16:00:00Z'), shanghai)).toBe('2026-12-01');
  });

  it('refuses what is not an instant or an offset', () => {
    expect(() => localDate('2026-11-30', shanghai)).toThrow(RangeError);
    expect(() => localDate('yesterday', shanghai)).toThrow(RangeError);
    expect(() => localDate('2026-11-30T16:00:00Z', 2000)).toThrow(RangeError);
  });
});

describe(startOfLocalDay, () => {
  it.each<[string, number, string]>([
    ['2026-12-01', shanghai, '2026-11-30T16:00:00.000Z'],
    ['2026-01-01', shanghai, '2025-12-31T16:00:00.000Z'],
    ['2028-02-29', shanghai, '2028-02-28T16:00:00.000Z'],
    ['2026-12-01', 0, '2026-12-01T00:00:00.000Z'],
  ])('%s at %i → %s', (date, offset, expected) => {
    expect(startOfLocalDay(date, offset)).toBe(expected);
  });

  it('is the inverse of localDate at midnight, and one ms earlier is the day before', () => {
    const day = fc.integer({ min: -20_000, max: 40_000 }).map((n) => addDays('1970-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: -720, max: 840 }), (date, offset) => {
        const start = startOfLocalDay(date, offset);
        expect(localDate(start, offset)).toBe(date);
        const before = new Date(Date.parse(start) - 1);
        expect(localDate(before, offset)).toBe(addDays(date, -1));
      }),
    );
  });
});

describe('date arithmetic', () => {
  it.each<[string, number, string]>([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-15', 0, '2026-11-15'],
  ])('%s + %i → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('knows the days of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('validates dates', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-04-31')).toBe(false);
    expect(isLocalDate('2026-4-1')).toBe(false);
    expect(isInstant('2026-11-30T16:00:00Z')).toBe(true);
    expect(isInstant('2026-11-30T16:00:00')).toBe(false);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('months', () => {
  it.each<[string, string, string]>([
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2028-02', '2028-02-01', '2028-02-29'],
    ['2026-04', '2026-04-01', '2026-04-30'],
    ['2026-12', '2026-12-01', '2026-12-31'],
  ])('%s runs %s … %s', (month, startsOn, endsOn) => {
    expect(monthRange(month)).toEqual({ startsOn, endsOn });
    expect(monthOf(endsOn)).toBe(month);
  });

  it('steps months and ends them at local midnight', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthEnd('2026-11', shanghai)).toBe('2026-11-30T16:00:00.000Z');
    expect(() => monthRange('2026-13')).toThrow(RangeError);
  });
});

describe('half-month windows', () => {
  it.each<[string, string]>([
    ['2026-11-01', '2026-11-H1'],
    ['2026-11-15', '2026-11-H1'],
    ['2026-11-16', '2026-11-H2'],
    ['2026-11-30', '2026-11-H2'],
    ['2026-02-28', '2026-02-H2'],
    ['2028-02-29', '2028-02-H2'],
    ['2026-12-31', '2026-12-H2'],
  ])('%s is in %s', (date, key) => {
    expect(halfMonthOf(date)).toBe(key);
  });

  it.each<[string, string, string]>([
    ['2026-11-H1', '2026-11-01', '2026-11-15'],
    ['2026-11-H2', '2026-11-16', '2026-11-30'],
    ['2026-02-H2', '2026-02-16', '2026-02-28'],
    ['2028-02-H2', '2028-02-16', '2028-02-29'],
    ['2026-12-H2', '2026-12-16', '2026-12-31'],
  ])('%s runs %s … %s', (key, startsOn, endsOn) => {
    expect(parseHalfMonth(key)).toEqual({ key, startsOn, endsOn });
  });

  it('refuses malformed keys', () => {
    for (const key of ['2026-11', '2026-11-H3', '2026-13-H1', '2026-11-h1', 'x']) {
      expect(parseHalfMonth(key)).toBeNull();
    }
    expect(() => previousHalfMonth('2026-11-H3')).toThrow(RangeError);
  });

  it('ends a window at the local midnight after its last day', () => {
    expect(halfMonthEnd('2026-11-H1', shanghai)).toBe('2026-11-15T16:00:00.000Z');
    expect(halfMonthEnd('2026-11-H2', shanghai)).toBe('2026-11-30T16:00:00.000Z');
    expect(halfMonthStart('2026-12-H1', shanghai)).toBe('2026-11-30T16:00:00.000Z');
    expect(localDate('2026-11-15T15:59:59Z', shanghai)).toBe('2026-11-15');
    expect(halfMonthOf(localDate('2026-11-15T16:00:00Z', shanghai))).toBe('2026-11-H2');
  });

  it('steps to the neighbouring window across months and years', () => {
    expect(previousHalfMonth('2026-01-H1')).toBe('2025-12-H2');
    expect(previousHalfMonth('2026-01-H2')).toBe('2026-01-H1');
    expect(nextHalfMonth('2025-12-H2')).toBe('2026-01-H1');
  });

  it('partitions every month into two windows, back to back (property)', () => {
    const month = fc
      .tuple(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }))
      .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(month, fc.integer({ min: -720, max: 840 }), (m, offset) => {
        const range = monthRange(m);
        const h1 = parseHalfMonth(`${m}-H1`)!;
        const h2 = parseHalfMonth(`${m}-H2`)!;
        expect(h1.startsOn).toBe(range.startsOn);
        expect(addDays(h1.endsOn, 1)).toBe(h2.startsOn);
        expect(h2.endsOn).toBe(range.endsOn);
        // Every day of the month falls in exactly the window halfMonthOf names.
        for (let d = range.startsOn; d <= range.endsOn; d = addDays(d, 1)) {
          const inH1 = d >= h1.startsOn && d <= h1.endsOn;
          const inH2 = d >= h2.startsOn && d <= h2.endsOn;
          expect(inH1 !== inH2).toBe(true);
          expect(halfMonthOf(d)).toBe(inH1 ? h1.key : h2.key);
        }
        expect(halfMonthEnd(h1.key, offset)).toBe(halfMonthStart(h2.key, offset));
        expect(halfMonthEnd(h2.key, offset)).toBe(halfMonthStart(nextHalfMonth(h2.key), offset));
        expect(previousHalfMonth(nextHalfMonth(h1.key))).toBe(h1.key);
      }),
    );
  });
});
