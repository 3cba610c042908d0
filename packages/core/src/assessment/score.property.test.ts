import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScaled, toPoints } from './decimal.ts';
import { effectiveFacts, score } from './score.ts';
import { orgOf, person, testPeriod } from './score-fixtures.ts';
import { departmentSchemeTemplate, hTownship2021Scheme } from './templates.ts';
import type { Fact, NodeScore, OrgSnapshot, Scheme, SchemeNode } from './types.ts';

const people = ['a', 'b', 'c', 'd'];
const org: OrgSnapshot = {
  ...orgOf(
    person('a', { rank: 'middle_head', villageIds: ['v1', 'v2'] }),
    person('b', { rank: 'middle_deputy', villageIds: ['v3'] }),
    person('c', { rank: 'shiye' }),
    person('d', { rank: 'general', unitId: 'u2', villageIds: ['v1'] }),
  ),
};

const dec = (min: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min: min * 100, max: max * 100 }).map((n) => (n / 100).toFixed(2));

/** A valid payload/value for each leaf of a scheme (and a few invalid ones, ignored with warnings). */
function factFor(leaf: SchemeNode): fc.Arbitrary<Pick<Fact, 'value' | 'payload' | 'subject'>> {
  const method = leaf.method!;
  const who = fc.constantFrom(...people).map((id) => ({ kind: 'person' as const, id }));
  const unit = fc
    .constantFrom('u1', 'u2', 'v1', 'v2', 'v3')
    .map((id) => ({ kind: 'unit' as const, id }));
  const subject = leaf.factScope === 'unit' ? unit : who;
  switch (method.kind) {
    case 'deduction':
      return fc.record({
        subject,
        payload: fc.constantFrom(...method.items.map((i) => i.key)).map((item) => ({ item })),
        value: fc.option(fc.integer({ min: 1, max: 5 }).map(String), { nil: null }),
      });
    case 'graded-choice':
      return fc.record({
        subject,
        payload: fc
          .constantFrom(...method.options.map((o) => o.key), 'bogus')
          .map((option) => ({ option })),
        value: fc.constant(null),
      });
    case 'rank-table':
      return fc.record({
        subject,
        payload: fc.integer({ min: 1, max: 4 }).map((tiedWith) => ({ tiedWith })),
        value: fc.integer({ min: 1, max: 40 }).map(String),
      });
    case 'external-lookup':
      return fc.record({
        subject: unit,
        payload: fc.constant({}),
        value: fc.integer({ min: 1, max: 200 }).map(String),
      });
    case 'rating-average':
      return fc.record({
        subject,
        payload: fc.constantFrom(...method.groups.map((g) => g.key)).map((group) => ({ group })),
        value: dec(0, 100),
      });
    case 'task-force':
      return fc.record({
        subject,
        payload: fc.record({
          taskForce: fc.constantFrom('flood', 'roads'),
          part: fc.constantFrom('base', 'allocation'),
        }),
        value: dec(-10, 30),
      });
    case 'clause':
      return fc.record({
        subject,
        payload: fc.constantFrom(...method.clauses.map((c) => c.key)).map((clause) => ({ clause })),
        value: fc.option(fc.integer({ min: 1, max: 3 }).map(String), { nil: null }),
      });
    case 'discretionary':
      return fc.record({ subject, payload: fc.constant({}), value: dec(-10, 10) });
    case 'threshold':
      return fc.record({ subject, payload: fc.constant({}), value: dec(0, 200) });
    case 'workflow':
    case 'okr':
    case 'kpi':
      return fc.record({ subject, payload: fc.constant({}), value: dec(-5, 40) });
  }
}

function leavesOf(scheme: Scheme): SchemeNode[] {
  const out: SchemeNode[] = [];
  const walk = (n: SchemeNode): void => {
    if (n.method) out.push(n);
    n.children?.forEach(walk);
  };
  scheme.dimensions.forEach(walk);
  return out;
}

/** Facts for a scheme: valid-looking facts plus corrections that supersede earlier ones. */
function factsFor(scheme: Scheme): fc.Arbitrary<Fact[]> {
  const leaves = leavesOf(scheme);
  const one = fc
    .constantFrom(...leaves)
    .chain((leaf) => factFor(leaf).map((f) => ({ ...f, indicator: leaf.key })));
  return fc
    .record({
      facts: fc.array(fc.tuple(one, fc.integer({ min: 0, max: 50 }), fc.nat()), { maxLength: 60 }),
    })
    .map(({ facts }) =>
      facts.map(([f, second, pick], i): Fact => {
        const supersedes = i > 0 && pick % 4 === 0 ? `f${String(pick % i).padStart(3, '0')}` : null;
        return {
          id: `f${String(i).padStart(3, '0')}`,
          periodId: 'q1',
          subject: f.subject,
          indicator: f.indicator,
          value: f.value,
          payload: f.payload,
          source: 'manual',
          evidence: { note: 'reason' },
          recordedBy: 'x',
          recordedAt: `2021-02-01T00:00:${String(second).padStart(2, '0')}.000Z`,
          supersedes,
        };
      }),
    );
}

const schemes = [hTownship2021Scheme, departmentSchemeTemplate];

function* allNodes(nodes: readonly NodeScore[]): Generator<NodeScore> {
  for (const n of nodes) {
    yield n;
    yield* allNodes(n.children);
  }
}

function maxima(scheme: Scheme): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const walk = (n: SchemeNode): void => {
    out.set(n.key, n.max);
    n.children?.forEach(walk);
  };
  scheme.dimensions.forEach(walk);
  return out;
}

describe.each(schemes)('score properties under $key', (scheme) => {
  const caps = maxima(scheme);

  it('caps hold for every node; total = capped common + individual; index ≈ total × coefficient', () => {
    fc.assert(
      fc.property(factsFor(scheme), (facts) => {
        const sheet = score(scheme, facts, org, testPeriod);
        for (const p of sheet.people) {
          for (const node of allNodes(p.nodes)) {
            const max = caps.get(node.key);
            if (max !== null && max !== undefined)
              expect(toPoints(node.points)).toBeLessThanOrEqual(toPoints(max));
            expect(node.capped).toBe(node.points !== node.raw);
          }
          const common = toPoints(p.common);
          expect(common).toBeLessThanOrEqual(toPoints(scheme.commonCap));
          expect(toPoints(p.total)).toBe(common + toPoints(p.individual));
          // |index − total × coefficient| ≤ 0.005, computed at scale 6
          const exact = toPoints(p.total) * parseScaled(p.coefficient, 4);
          const diff = toPoints(p.index) * 10_000n - exact;
          expect(diff <= 5000n && diff >= -5000n).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same facts in any order give the identical sheet', () => {
    fc.assert(
      fc.property(
        factsFor(scheme).chain((facts) =>
          fc.tuple(fc.constant(facts), fc.shuffledSubarray(facts, { minLength: facts.length })),
        ),
        ([facts, shuffled]) => {
          const reversedOrg = { ...org, people: [...org.people].reverse() };
          expect(score(scheme, shuffled, reversedOrg, testPeriod)).toEqual(
            score(scheme, facts, org, testPeriod),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a superseded fact never counts, and no fact counts twice', () => {
    fc.assert(
      fc.property(factsFor(scheme), (facts) => {
        const sheet = score(scheme, facts, org, testPeriod);
        const superseded = new Set(facts.flatMap((f) => (f.supersedes ? [f.supersedes] : [])));
        for (const p of sheet.people) {
          const ids = [...allNodes(p.nodes)].flatMap((n) => n.factIds);
          expect(new Set(ids).size).toBe(ids.length);
          for (const id of ids) expect(superseded.has(id)).toBe(false);
        }
        expect(score(scheme, effectiveFacts(facts), org, testPeriod)).toEqual(sheet);
      }),
      { numRuns: 100 },
    );
  });

  it("detail 'totals' gives the full sheet's numbers and warnings, without breakdowns", () => {
    fc.assert(
      fc.property(factsFor(scheme), (facts) => {
        const full = score(scheme, facts, org, testPeriod);
        const totals = score(scheme, facts, org, testPeriod, { detail: 'totals' });
        expect(totals).toEqual({
          ...full,
          people: full.people.map((p) => ({ ...p, nodes: [] })),
        });
      }),
      { numRuns: 150 },
    );
  });
});
