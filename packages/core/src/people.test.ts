import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { genders, isIsoDate, parseGender, parseRank, rankLabels, ranks } from './people.ts';

describe(isIsoDate, () => {
  it.each([
    ['2024-02-29', true], // leap year
    ['2023-02-29', false],
    ['2000-02-29', true], // divisible by 400
    ['1900-02-29', false], // divisible by 100 only
    ['2024-01-31', true],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-1-01', false],
    ['2024-01-1', false],
    ['24-01-01', false],
    ['2024/01/01', false],
    ['2024-01-01T00:00:00Z', false],
    [' 2024-01-01', false],
    ['2024-01-01 ', false],
    ['', false],
    ['abcd-ef-gh', false],
    ['2024-０1-01', false], // full-width digit
  ])('%j → %s', (text, expected) => {
    expect(isIsoDate(text)).toBe(expected);
  });

  it('accepts every real calendar day and round-trips it (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2100-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(isIsoDate(date.toISOString().slice(0, 10))).toBe(true);
        },
      ),
    );
  });

  it('rejects day 32 and above of any month (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 32, max: 99 }),
        (y, m, d) => {
          expect(isIsoDate(`${y}-${String(m).padStart(2, '0')}-${d}`)).toBe(false);
        },
      ),
    );
  });
});

describe(parseRank, () => {
  it.each([
    ['zhengke', 'zhengke'],
    ['正科级', 'zhengke'],
    ['  副科级 ', 'fuke'],
    ['中层正职', 'middle_head'],
    ['事业编', 'shiye'],
    ['Section chief (full)', 'zhengke'],
    ['section CHIEF (deputy)', 'fuke'],
    ['ordinary cadre', 'ordinary'],
    ['ZHENGKE', undefined], // codes are exact
    ['正科', undefined],
    ['', undefined],
    ['科员', undefined],
  ])('%j → %s', (text, expected) => {
    expect(parseRank(text)).toBe(expected);
  });

  it('finds every rank by its code and by both labels', () => {
    for (const rank of ranks) {
      expect(parseRank(rank)).toBe(rank);
      expect(parseRank(rankLabels[rank]['zh-CN'])).toBe(rank);
      expect(parseRank(rankLabels[rank].en)).toBe(rank);
    }
  });
});

describe(parseGender, () => {
  it.each([
    ['male', 'male'],
    ['女', 'female'],
    [' 男 ', 'male'],
    ['Female', 'female'],
    ['MALE', 'male'],
    ['m', undefined],
    ['', undefined],
  ])('%j → %s', (text, expected) => {
    expect(parseGender(text)).toBe(expected);
  });

  it('knows exactly two genders', () => {
    expect(genders).toEqual(['male', 'female']);
  });
});
