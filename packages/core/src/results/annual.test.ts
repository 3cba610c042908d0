import { describe, expect, it } from 'vitest';
import type { AssessmentKind, Composition } from '../assessment/types.ts';
import { annualScoreSheet, composeAnnual } from './annual.ts';
import { sheetOf } from './fixtures.ts';

const routine60: Composition = {
  kind: 'weighted',
  parts: [
    { assessment: 'routine', weight: '0.6' },
    { assessment: 'special', weight: '0.4' },
  ],
};

const part = (
  assessment: AssessmentKind,
  rows: readonly (readonly [string, string])[],
  id: string,
) => ({
  assessment,
  sheet: sheetOf(
    rows.map(([p, v]) => [p, 'town-a', v] as const),
    id,
  ),
});

describe(composeAnnual, () => {
  it('weights the mean index of each assessment kind', () => {
    const [a] = composeAnnual(routine60, [
      part('routine', [['a', '80']], 'q1'),
      part('routine', [['a', '90']], 'q2'),
      part('special', [['a', '70']], 's1'),
    ]);
    // 0.6 × 85 + 0.4 × 70 = 79
    expect(a).toMatchObject({ personId: 'a', index: '79.00', total: '79.00', missing: [] });
    expect(a!.parts).toEqual([
      {
        assessment: 'routine',
        weight: '0.6000',
        periods: 2,
        meanIndex: '85.00',
        meanTotal: '85.00',
      },
      {
        assessment: 'special',
        weight: '0.4000',
        periods: 1,
        meanIndex: '70.00',
        meanTotal: '70.00',
      },
    ]);
  });

  it('is exact: the means are not rounded before weighting', () => {
    const composition: Composition = {
      kind: 'weighted',
      parts: [
        { assessment: 'routine', weight: '0.3' },
        { assessment: 'special', weight: '0.7' },
      ],
    };
    const [a] = composeAnnual(composition, [
      part('routine', [['a', '0.01']], 'q1'),
      part('routine', [['a', '0.02']], 'q2'),
      part('special', [['a', '0']], 's1'),
    ]);
    // 0.3 × 0.015 = 0.0045 → 0.00; rounding the mean first would give 0.3 × 0.02 = 0.006 → 0.01.
    expect(a!.index).toBe('0.00');
    expect(a!.parts[0]!.meanIndex).toBe('0.02');
  });

  it('keeps thirds exact', () => {
    const [a] = composeAnnual(routine60, [
      part('routine', [['a', '80']], 'q1'),
      part('routine', [['a', '80']], 'q2'),
      part('routine', [['a', '81']], 'q3'),
      part('special', [['a', '90']], 's1'),
    ]);
    // 0.6 × 241/3 + 0.4 × 90 = 48.2 + 36 = 84.2
    expect(a!.index).toBe('84.20');
  });

  it('spreads a missing kind’s weight over the kinds the person has', () => {
    const people = composeAnnual(routine60, [
      part(
        'routine',
        [
          ['a', '80'],
          ['b', '60'],
        ],
        'q1',
      ),
      part('routine', [['a', '90']], 'q2'),
      part('special', [['a', '70']], 's1'),
    ]);
    expect(people.map((p) => [p.personId, p.index, p.missing])).toEqual([
      ['a', '79.00', []],
      ['b', '60.00', ['special']],
    ]);
  });

  it('ignores kinds the composition does not list and zero weights', () => {
    const composition: Composition = {
      kind: 'weighted',
      parts: [
        { assessment: 'routine', weight: '1' },
        { assessment: 'special', weight: '0' },
      ],
    };
    const people = composeAnnual(composition, [
      part('routine', [['a', '80']], 'q1'),
      part(
        'special',
        [
          ['a', '10'],
          ['s', '10'],
        ],
        's1',
      ),
      part(
        'periodic',
        [
          ['a', '0'],
          ['z', '50'],
        ],
        'y1',
      ),
    ]);
    expect(people.map((p) => [p.personId, p.index])).toEqual([['a', '80.00']]);
  });

  it('takes the unit and coefficient from the latest part', () => {
    const first = part('routine', [['a', '80']], 'q1');
    const moved = {
      assessment: 'routine' as const,
      sheet: {
        ...sheetOf([['a', 'dept-c', '90']], 'q2'),
      },
    };
    const [a] = composeAnnual(routine60, [first, moved]);
    expect(a).toMatchObject({ unitId: 'dept-c', index: '85.00', missing: ['special'] });
  });

  it('refuses a facts composition and a negative weight', () => {
    expect(() => composeAnnual({ kind: 'facts' }, [])).toThrow(RangeError);
    expect(() =>
      composeAnnual({ kind: 'weighted', parts: [{ assessment: 'routine', weight: '-1' }] }, []),
    ).toThrow(RangeError);
  });

  it('handles no parts', () => {
    expect(composeAnnual(routine60, [])).toEqual([]);
  });
});

describe(annualScoreSheet, () => {
  it('carries the composed numbers as a score sheet', () => {
    const annual = composeAnnual(routine60, [part('routine', [['a', '80']], 'q1')]);
    expect(annualScoreSheet(annual, { schemeKey: 'k', schemeVersion: 2, periodId: 'y' })).toEqual({
      schemeKey: 'k',
      schemeVersion: 2,
      periodId: 'y',
      people: [
        {
          personId: 'a',
          unitId: 'town-a',
          common: '80.00',
          individual: '0.00',
          total: '80.00',
          coefficient: '1',
          index: '80.00',
          nodes: [],
        },
      ],
      warnings: [],
    });
  });
});
