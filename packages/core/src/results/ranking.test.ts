import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TieRule } from '../assessment/types.ts';
import { person, sheetOf, testOrg } from './fixtures.ts';
import { assessmentUnitOf, rank, rankings, standings } from './ranking.ts';

const entries = (values: readonly number[]) =>
  values.map((v, i) => ({ id: String.fromCharCode(97 + i), value: BigInt(v) }));

describe(rank, () => {
  it.each<[string, readonly number[], TieRule, readonly number[]]>([
    ['empty group', [], 'competition', []],
    ['one person', [5], 'competition', [1]],
    ['no ties', [30, 20, 10], 'competition', [1, 2, 3]],
    ['tie in the middle', [10, 9, 9, 8], 'competition', [1, 2, 2, 4]],
    ['tie in the middle, dense', [10, 9, 9, 8], 'dense', [1, 2, 2, 3]],
    ['tie at the top', [9, 9, 9, 1], 'competition', [1, 1, 1, 4]],
    ['tie at the top, dense', [9, 9, 9, 1], 'dense', [1, 1, 1, 2]],
    ['tie at the bottom', [5, 1, 1], 'competition', [1, 2, 2]],
    ['everyone tied', [7, 7, 7], 'dense', [1, 1, 1]],
    ['negative values and zero', [0, -150, 25, -150], 'competition', [2, 3, 1, 3]],
    ['unsorted input', [1, 3, 2, 3], 'dense', [3, 1, 2, 1]],
  ])('%s', (_, values, rule, expected) => {
    const ranks = rank(entries(values), rule);
    expect(entries(values).map((e) => ranks.get(e.id))).toEqual(expected);
  });

  it('refuses a duplicate id', () => {
    expect(() =>
      rank(
        [
          { id: 'a', value: 1n },
          { id: 'a', value: 2n },
        ],
        'competition',
      ),
    ).toThrow(RangeError);
  });

  const groups = fc.uniqueArray(
    fc.record({ id: fc.string({ maxLength: 4 }), value: fc.bigInt({ min: -50n, max: 50n }) }),
    { selector: (e) => e.id, maxLength: 40 },
  );

  it('competition rank = 1 + count of strictly greater values', () => {
    fc.assert(
      fc.property(groups, (group) => {
        const ranks = rank(group, 'competition');
        expect(ranks.size).toBe(group.length);
        for (const e of group) {
          expect(ranks.get(e.id)).toBe(1 + group.filter((o) => o.value > e.value).length);
        }
      }),
    );
  });

  it('dense rank = 1 + count of distinct strictly greater values', () => {
    fc.assert(
      fc.property(groups, (group) => {
        const ranks = rank(group, 'dense');
        for (const e of group) {
          const greater = new Set(group.filter((o) => o.value > e.value).map((o) => o.value));
          expect(ranks.get(e.id)).toBe(1 + greater.size);
        }
      }),
    );
  });

  it('is a permutation with ties: equal values share a rank, a higher value ranks strictly better', () => {
    fc.assert(
      fc.property(groups, fc.constantFrom<TieRule>('competition', 'dense'), (group, rule) => {
        const ranks = rank(group, rule);
        for (const a of group) {
          for (const b of group) {
            const [ra, rb] = [ranks.get(a.id)!, ranks.get(b.id)!];
            if (a.value === b.value) expect(ra).toBe(rb);
            if (a.value > b.value) expect(ra).toBeLessThan(rb);
          }
        }
      }),
    );
  });

  it('does not depend on the input order', () => {
    fc.assert(
      fc.property(
        groups.chain((g) =>
          fc.tuple(fc.constant(g), fc.shuffledSubarray(g, { minLength: g.length })),
        ),
        fc.constantFrom<TieRule>('competition', 'dense'),
        ([group, shuffled], rule) => {
          const a = rank(group, rule);
          const b = rank(shuffled, rule);
          expect(new Map([...b].sort())).toEqual(new Map([...a].sort()));
        },
      ),
    );
  });
});

describe(standings, () => {
  it.each<[string, readonly number[], readonly boolean[], readonly number[]]>([
    ['a group of one has no last place', [5], [false], [1]],
    ['everyone tied: nobody is last', [4, 4], [false, false], [2, 2]],
    ['tied at the bottom: all are last', [9, 2, 2], [false, true, true], [1, 2, 2]],
    ['a single last', [9, 8, 2], [false, false, true], [1, 1, 1]],
  ])('%s', (_, values, last, tied) => {
    const table = standings(entries(values), 'competition');
    expect(entries(values).map((e) => table.get(e.id)!.last)).toEqual(last);
    expect(entries(values).map((e) => table.get(e.id)!.tied)).toEqual(tied);
  });

  it('counts the people ahead whatever the tie rule', () => {
    const table = standings(entries([10, 9, 9, 8]), 'dense');
    expect(['a', 'b', 'c', 'd'].map((id) => table.get(id)!.ahead)).toEqual([0, 1, 1, 3]);
    expect(['a', 'b', 'c', 'd'].map((id) => table.get(id)!.rank)).toEqual([1, 2, 2, 3]);
  });
});

describe(assessmentUnitOf, () => {
  const org = testOrg([
    person('in-town', 'town-a'),
    person('in-section', 'section-a1'),
    person('in-village', 'village-a1v'),
    person('in-township', 'town-b'),
    person('in-dept', 'dept-c'),
    person('in-county', 'county'),
    person('in-task-force', 'tf'),
    person('in-unknown-unit', 'gone'),
  ]);

  it.each([
    ['in-town', 'town-a'],
    ['in-section', 'town-a'],
    ['in-village', 'town-a'],
    ['in-township', 'town-b'],
    ['in-dept', 'dept-c'],
    ['in-county', 'county'],
    ['in-task-force', 'tf'],
    ['in-unknown-unit', 'gone'],
  ])('%s → %s', (personId, unitId) => {
    expect(assessmentUnitOf(org, personId)).toBe(unitId);
  });

  it('is null for a person outside the snapshot', () => {
    expect(assessmentUnitOf(org, 'nobody')).toBeNull();
  });

  it('stops on a cycle in a damaged snapshot', () => {
    const cyclic = {
      units: [
        { id: 'x', parentId: 'y', kind: 'section', name: 'x' },
        { id: 'y', parentId: 'x', kind: 'section', name: 'y' },
      ],
      people: [person('p', 'x')],
    };
    expect(assessmentUnitOf(cyclic, 'p')).toBe('x');
  });
});

describe(rankings, () => {
  const org = testOrg([
    person('a', 'town-a', { lines: ['agri', 'safety'] }),
    person('b', 'section-a1', { lines: ['agri'] }),
    person('c', 'town-a'),
    person('d', 'dept-c', { lines: ['agri'] }),
  ]);
  const sheet = sheetOf([
    ['a', 'town-a', '90.00'],
    ['b', 'section-a1', '95.50'],
    ['c', 'town-a', '90.00'],
    ['d', 'dept-c', '80.00'],
    ['e', 'dept-c', '70.00'],
  ]);

  it('ranks within the assessment unit, each line and the tenant', () => {
    const result = rankings(sheet, org, 'competition');
    const byId = new Map(result.people.map((p) => [p.personId, p]));
    expect(result.people.map((p) => p.personId)).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(byId.get('b')!.unit).toMatchObject({ groupId: 'town-a', rank: 1, groupSize: 3 });
    expect(byId.get('c')!.unit).toMatchObject({ rank: 2, tied: 2, groupSize: 3, last: true });
    expect(byId.get('a')!.lines).toEqual([
      expect.objectContaining({ groupId: 'agri', rank: 2, groupSize: 3 }),
      expect.objectContaining({ groupId: 'safety', rank: 1, groupSize: 1, last: false }),
    ]);
    expect(byId.get('d')!.lines[0]).toMatchObject({ groupId: 'agri', rank: 3, last: true });
    expect(byId.get('e')!.lines).toEqual([]);
    expect(byId.get('e')!.unit).toMatchObject({ groupId: 'dept-c', rank: 2, groupSize: 2 });
    expect(byId.get('e')!.tenant).toMatchObject({ rank: 5, groupSize: 5, last: true });
  });

  it('follows the tie rule', () => {
    const result = rankings(sheet, org, 'dense');
    expect(result.people.map((p) => p.tenant.rank)).toEqual([1, 2, 2, 3, 4]);
  });

  it('handles an empty sheet', () => {
    expect(rankings(sheetOf([]), org, 'competition').people).toEqual([]);
  });

  it('refuses a person scored twice', () => {
    const twice = sheetOf([
      ['a', 'town-a', '1.00'],
      ['a', 'town-a', '2.00'],
    ]);
    expect(() => rankings(twice, org, 'competition')).toThrow(RangeError);
  });
});
