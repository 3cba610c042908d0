import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GradeRules } from '../assessment/types.ts';
import { person, sheetOf, testOrg } from './fixtures.ts';
import { assignGrades, excellentQuota } from './grades.ts';

describe(excellentQuota, () => {
  it.each([
    ['0.2', 10, 2],
    ['0.2', 9, 1],
    ['0.2', 4, 0],
    ['0.2', 5, 1],
    ['0.2', 0, 0],
    ['0.25', 7, 1],
    ['0.15', 20, 3],
    ['1', 3, 3],
    ['0', 50, 0],
  ])('%s × %i → %i (rounded down)', (share, headcount, quota) => {
    expect(excellentQuota(share, headcount)).toBe(quota);
  });

  it.each(['1.01', '-0.1', 'a'])('refuses a share of %j', (share) => {
    expect(() => excellentQuota(share, 10)).toThrow(RangeError);
  });
});

const rules: GradeRules = { excellentQuota: '0.2' };

/** A unit of `values.length` people p0, p1, … in town-a with the given indices. */
function unitOf(values: readonly string[]) {
  const ids = values.map((_, i) => `p${i}`);
  return {
    sheet: sheetOf(values.map((v, i) => [ids[i]!, 'town-a', v] as const)),
    org: testOrg(ids.map((id) => person(id, 'town-a'))),
  };
}

const ten = (head: readonly string[]): string[] => [
  ...head,
  ...Array.from({ length: 10 - head.length }, () => '50.00'),
];

describe(assignGrades, () => {
  it.each<[string, readonly string[], GradeRules, readonly string[]]>([
    ['quota 2, no ties', ten(['99', '98', '97']), rules, ['excellent', 'excellent', 'competent']],
    [
      'quota 2, ranks 1,2,2: the tied pair is undecided',
      ten(['99', '98', '98', '97']),
      rules,
      ['excellent', 'undecided', 'undecided', 'competent'],
    ],
    [
      'quota 2, three tied at the top: all undecided',
      ten(['99', '99', '99', '97']),
      rules,
      ['undecided', 'undecided', 'undecided', 'competent'],
    ],
    [
      'quota 2, a tie that fills the quota exactly',
      ten(['99', '99', '98']),
      rules,
      ['excellent', 'excellent', 'competent'],
    ],
    [
      'quota 2, a tie just outside the quota',
      ten(['99', '98', '97', '97']),
      rules,
      ['excellent', 'excellent', 'competent', 'competent'],
    ],
    [
      'quota rounds down: 9 × 0.2 → 1',
      ['99', '98', '97', '50', '50', '50', '50', '50', '50'],
      rules,
      ['excellent', 'competent', 'competent'],
    ],
    ['one person: quota 0', ['99'], rules, ['competent']],
    [
      'minimum index for excellent',
      ten(['99', '80', '79']),
      { excellentQuota: '0.2', excellentMinIndex: '85' },
      ['excellent', 'competent', 'competent'],
    ],
    [
      'minimum index met exactly',
      ten(['99', '85']),
      { excellentQuota: '0.2', excellentMinIndex: '85' },
      ['excellent', 'excellent'],
    ],
    [
      'a boundary tie below the minimum is not flagged',
      ten(['99', '80', '80']),
      { excellentQuota: '0.2', excellentMinIndex: '85' },
      ['excellent', 'competent', 'competent'],
    ],
    [
      'lower grades by thresholds',
      ['99', '70', '59.99', '60', '40', '39.99'],
      { excellentQuota: '0.2', basicBelow: '60', incompetentBelow: '40' },
      ['excellent', 'competent', 'basic', 'competent', 'basic', 'incompetent'],
    ],
    [
      'thresholds win over the quota',
      ['50', '10', '5', '5', '5'],
      { excellentQuota: '0.4', basicBelow: '60' },
      ['basic', 'basic', 'basic', 'basic', 'basic'],
    ],
  ])('%s', (_, values, gradeRules, expected) => {
    const { sheet, org } = unitOf(values);
    const table = assignGrades(sheet, org, gradeRules);
    expect(expected.map((_g, i) => table.people.get(`p${i}`)!.grade)).toEqual(expected);
  });

  it('flags a boundary tie with the places left and explains it', () => {
    const { sheet, org } = unitOf(ten(['99', '98', '98', '97']));
    const table = assignGrades(sheet, org, rules);
    const tied = table.people.get('p1')!;
    expect(tied).toMatchObject({ boundaryTie: true, placesLeft: 1, grade: 'undecided' });
    expect(tied.reason).toMatchObject({
      code: 'boundary-tie',
      position: 2,
      quota: 2,
      index: '98.00',
    });
    expect(tied.reason.text['zh-CN']).toContain('剩余 1 个名额由 2 人并列');
    expect(tied.reason.text.en).toContain('1 place(s) left for 2 people');
    expect(table.people.get('p0')!.reason.code).toBe('within-quota');
    expect(table.people.get('p3')!.reason.code).toBe('outside-quota');
    expect(table.units).toEqual([
      {
        unitId: 'town-a',
        headcount: 10,
        quota: 2,
        excellent: 1,
        competent: 7,
        basic: 0,
        incompetent: 0,
        undecided: 2,
        placesLeft: 1,
      },
    ]);
  });

  it('grades per assessment unit: a section counts with its town', () => {
    const org = testOrg([
      ...['a', 'b', 'c', 'd'].map((id) => person(id, 'town-a')),
      person('s', 'section-a1'),
      ...['x', 'y', 'z', 'w'].map((id) => person(id, 'dept-c')),
    ]);
    const sheet = sheetOf([
      ['a', 'town-a', '10'],
      ['b', 'town-a', '20'],
      ['c', 'town-a', '30'],
      ['d', 'town-a', '40'],
      ['s', 'section-a1', '50'],
      ['x', 'dept-c', '99'],
      ['y', 'dept-c', '98'],
      ['z', 'dept-c', '97'],
      ['w', 'dept-c', '96'],
    ]);
    const table = assignGrades(sheet, org, rules);
    expect(table.people.get('s')).toMatchObject({ unitId: 'town-a', grade: 'excellent' });
    expect(table.people.get('x')!.grade).toBe('competent');
    expect(table.units.map((u) => [u.unitId, u.headcount, u.quota])).toEqual([
      ['dept-c', 4, 0],
      ['town-a', 5, 1],
    ]);
  });

  it('handles an empty sheet', () => {
    const table = assignGrades(sheetOf([]), testOrg([]), rules);
    expect(table.people.size).toBe(0);
    expect(table.units).toEqual([]);
  });

  const indices = fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 30 });
  const shares = fc.constantFrom('0', '0.1', '0.2', '0.25', '0.5', '1');

  it('never grades more people excellent than the quota, boundary places included', () => {
    fc.assert(
      fc.property(indices, shares, (values, share) => {
        const { sheet, org } = unitOf(values.map((v) => `${v}.00`));
        const table = assignGrades(sheet, org, { excellentQuota: share });
        for (const unit of table.units) {
          expect(unit.excellent + unit.placesLeft).toBeLessThanOrEqual(unit.quota);
          expect(unit.undecided > 0).toBe(unit.placesLeft > 0);
          if (unit.undecided > 0) expect(unit.undecided).toBeGreaterThan(unit.placesLeft);
          expect(
            unit.excellent + unit.competent + unit.basic + unit.incompetent + unit.undecided,
          ).toBe(unit.headcount);
        }
        const grades = [...table.people.values()];
        for (const a of grades) {
          for (const b of grades) {
            if (a.reason.index === b.reason.index) expect(a.grade).toBe(b.grade);
          }
        }
      }),
    );
  });

  it('gives identical grades for shuffled input', () => {
    fc.assert(
      fc.property(
        indices.chain((values) =>
          fc.tuple(
            fc.constant(values.map((v, i) => [`p${i}`, 'town-a', `${v}.00`] as const)),
            fc.shuffledSubarray(
              values.map((v, i) => [`p${i}`, 'town-a', `${v}.00`] as const),
              { minLength: values.length },
            ),
          ),
        ),
        ([rows, shuffled]) => {
          const org = testOrg(rows.map(([id]) => person(id, 'town-a')));
          const a = assignGrades(sheetOf(rows), org, rules);
          const b = assignGrades(sheetOf(shuffled), org, rules);
          expect(new Map([...b.people].sort())).toEqual(new Map([...a.people].sort()));
          expect(b.units).toEqual(a.units);
        },
      ),
    );
  });
});
