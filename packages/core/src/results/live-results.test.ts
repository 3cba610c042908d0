import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PersonScore, ResultRules, Scheme, TieRule } from '../assessment/types.ts';
import { person, sheetOf, testOrg } from './fixtures.ts';
import { LiveResults } from './live-results.ts';
import { buildPeriodResults } from './period-results.ts';

const rules = (tieRule: TieRule): ResultRules => ({
  tieRule,
  grades: { excellentQuota: '0.2', basicBelow: '60', incompetentBelow: '40' },
  bonus: {
    coefficients: { byRank: { zhengke: '2.0', fuke: '1.7', shiye: '0.85' }, default: '1' },
    basis: 'total',
    rounding: 'largest-remainder',
  },
  signals: [],
});

const schemeOf = (tieRule: TieRule): Scheme => ({
  key: 'test',
  version: 1,
  name: { 'zh-CN': '测试', en: 'Test' },
  audience: 'township',
  commonCap: '100',
  dimensions: [],
  positionCoefficients: { byRank: {}, default: '1' },
  composition: { kind: 'facts' },
  results: rules(tieRule),
});

/** Twelve people over two towns, a section, a department and a task force, some on lines. */
const units = ['town-a', 'section-a1', 'town-b', 'dept-c', 'tf'] as const;
const ranks = ['zhengke', 'fuke', 'shiye', 'ordinary'] as const;
const ids = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, '0')}`);
const org = testOrg(
  ids.map((id, i) =>
    person(id, units[i % units.length]!, {
      rank: ranks[i % ranks.length]!,
      lines: i % 3 === 0 ? ['line-x'] : i % 3 === 1 ? ['line-x', 'line-y'] : [],
    }),
  ),
);
const unitOf = new Map(org.people.map((p) => [p.id, p.unitId]));
const pools = new Map<string, bigint>([
  ['town-a', 1_000_000n],
  ['dept-c', 333_333n],
  ['tf', 0n],
]);

/** Indices from a small set, so ties (and boundary ties) are common. */
const indexArb = fc.constantFrom('35.00', '45.50', '60.00', '72.25', '90.00', '90.00', '120.10');

const scoreOf = (personId: string, index: string, total = index): PersonScore =>
  sheetOf([[personId, unitOf.get(personId)!, index, total]]).people[0]!;

/** Every row `buildPeriodResults` gives for these scores, by person. */
function fullRows(tieRule: TieRule, scores: ReadonlyMap<string, PersonScore>) {
  const sheet = { ...sheetOf([]), people: [...scores.values()] };
  const results = buildPeriodResults(schemeOf(tieRule), sheet, org, { pools, history: [] });
  return new Map(results.people.map((r) => [r.personId, r]));
}

describe(LiveResults, () => {
  it.each<TieRule>(['competition', 'dense'])(
    'gives every person the row of a full build after random updates (%s)',
    (tieRule) => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.constantFrom(...ids), indexArb), { minLength: 1, maxLength: 12 }),
          fc.array(fc.tuple(fc.constantFrom(...ids), fc.option(indexArb, { nil: undefined })), {
            maxLength: 15,
          }),
          (initial, updates) => {
            const scores = new Map<string, PersonScore>();
            for (const [id, index] of initial) scores.set(id, scoreOf(id, index));
            const live = new LiveResults(rules(tieRule), org, pools, scores.values());
            for (const [id, index] of updates) {
              // undefined: the person is no longer scored.
              if (index === undefined) {
                scores.delete(id);
                live.remove(id);
              } else {
                const s = scoreOf(id, index);
                scores.set(id, s);
                live.set(s);
              }
              const expected = fullRows(tieRule, scores);
              expect(live.size).toBe(expected.size);
              for (const id of ids) expect(live.personResult(id)).toEqual(expected.get(id));
            }
          },
        ),
        { numRuns: 150 },
      );
    },
  );

  it('follows new pools', () => {
    const scores = ids.map((id, i) => scoreOf(id, `${50 + i * 5}.00`));
    const live = new LiveResults(rules('competition'), org, new Map(), scores);
    expect(live.personResult('p00')?.bonusCents).toBeNull();
    live.setPools(pools);
    const expected = fullRows('competition', new Map(scores.map((s) => [s.personId, s])));
    for (const id of ids) expect(live.personResult(id)).toEqual(expected.get(id));
  });

  it('refuses a duplicate person', () => {
    expect(
      () =>
        new LiveResults(rules('competition'), org, pools, [
          scoreOf('p00', '50.00'),
          scoreOf('p00', '60.00'),
        ]),
    ).toThrow(RangeError);
  });
});
