import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkFactRecording,
  schemeLeaves,
  schemeTemplates,
  type Fact,
  type Method,
  type NewFactInput,
  type OrgSnapshot,
  type Period,
  type Scheme,
} from '@tianheng/core';
import { WorkingSet, type WorkingSetInputs } from './working-set.ts';
import { detailChoices, detailKey } from './fact-rows.ts';

const org: OrgSnapshot = {
  units: [
    { id: 'u-county', parentId: null, kind: 'county', name: '县' },
    { id: 'u-town', parentId: 'u-county', kind: 'town', name: '镇' },
    { id: 'u-sec', parentId: 'u-town', kind: 'section', name: '股室' },
    { id: 'u-vil', parentId: 'u-town', kind: 'village', name: '村' },
    { id: 'u-dept', parentId: 'u-county', kind: 'department', name: '局' },
  ],
  people: Array.from({ length: 10 }, (_, i) => ({
    id: `p${i}`,
    name: `人${i}`,
    unitId: ['u-town', 'u-sec', 'u-dept'][i % 3]!,
    post: '科员',
    rank: ['ordinary', 'fuke', 'zhengke', 'shiye'][i % 4]!,
    lines: i % 2 === 0 ? ['line-a'] : [],
    villageIds: i % 3 === 0 ? ['u-vil'] : [],
  })),
};
const period: Period = {
  id: 'period-1',
  kind: 'quarter',
  assessment: 'routine',
  startsOn: '2026-01-01',
  endsOn: '2026-03-31',
  name: 'Q1',
};

/** A value and payload that fit a method, from a seed. */
function valueFor(method: Method, seed: number): Pick<NewFactInput, 'value' | 'payload'> {
  const payload: Record<string, unknown> = {};
  const choices = detailChoices(method);
  const key = detailKey(method);
  if (key !== null && choices.length > 0) payload[key] = choices[seed % choices.length];
  switch (method.kind) {
    case 'graded-choice':
      return { value: null, payload };
    case 'external-lookup':
      return method.grades ? { value: null, payload } : { value: String(1 + (seed % 12)), payload };
    case 'rating-average':
      return { value: String(seed % 11), payload: { ...payload, rater: `r${seed % 3}` } };
    case 'task-force':
      return {
        value: String(1 + (seed % 4)),
        payload: { taskForce: `tf${seed % 2}`, part: seed % 2 ? 'base' : 'allocation' },
      };
    case 'discretionary':
      return { value: String((seed % 5) - 2), payload };
    case 'rank-table':
      return { value: String(1 + (seed % 15)), payload };
    case 'deduction':
    case 'clause':
      return { value: String(1 + (seed % 3)), payload };
    case 'threshold':
    case 'workflow':
    case 'okr':
    case 'kpi':
      return { value: String(1 + (seed % 40)), payload };
  }
}

/** Valid facts from seeds: each seed picks a leaf, a subject and a value; invalid picks are dropped. */
function factsFrom(scheme: Scheme, seeds: readonly [number, number, number, boolean][]): Fact[] {
  const leaves = [...schemeLeaves(scheme).values()];
  const facts: Fact[] = [];
  seeds.forEach(([leafSeed, subjectSeed, valueSeed, correct], i) => {
    const leaf = leaves[leafSeed % leaves.length]!;
    const method = leaf.method!;
    const person = org.people[subjectSeed % org.people.length]!;
    const subjects = [
      { kind: 'person' as const, id: person.id },
      { kind: 'unit' as const, id: person.unitId },
      { kind: 'unit' as const, id: 'u-vil' },
    ];
    const earlier = correct
      ? facts.find(
          (f) =>
            f.indicator === leaf.key &&
            !facts.some((g) => g.supersedes === f.id) &&
            subjects.some((s) => s.id === f.subject.id),
        )
      : undefined;
    for (const subject of earlier ? [earlier.subject] : subjects) {
      const input: NewFactInput = {
        periodId: period.id,
        subject,
        indicator: leaf.key,
        ...valueFor(method, valueSeed),
        source: 'manual',
        evidence: { note: '依据' },
        supersedes: earlier?.id ?? null,
      };
      if (!checkFactRecording(scheme, input, null, org).ok) continue;
      facts.push({
        ...input,
        id: `f${String(i).padStart(4, '0')}`,
        recordedBy: null,
        recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      });
      break;
    }
  });
  return facts;
}

const inputs = (scheme: Scheme, facts: readonly Fact[]): WorkingSetInputs => ({
  scheme,
  period,
  org,
  facts,
  pools: new Map([
    ['u-town', 1_000_000n],
    ['u-dept', 777_777n],
  ]),
  history: [],
});

const byPerson = (set: WorkingSet) =>
  [...set.sheet.people].sort((a, b) => a.personId.localeCompare(b.personId));

describe(WorkingSet, () => {
  const schemes = Object.values(schemeTemplates);
  const seed = fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.boolean());

  it.each(schemes.map((s) => [s.key, s] as const))(
    '%s: adding facts one batch at a time gives the full build (property)',
    (_key, scheme) => {
      fc.assert(
        fc.property(
          fc.array(seed, { maxLength: 40 }),
          fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
          (seeds, batches) => {
            const facts = factsFrom(scheme, seeds);
            const full = WorkingSet.build(inputs(scheme, facts));
            const step = WorkingSet.build(inputs(scheme, []));
            let at = 0;
            for (let b = 0; at < facts.length; b++) {
              const size = batches[b % batches.length]!;
              step.addFacts(facts.slice(at, at + size));
              at += size;
            }
            expect(byPerson(step)).toEqual(byPerson(full));
            expect(step.results).toEqual(full.results);
            expect(step.factCount).toBe(facts.length);
          },
        ),
        { numRuns: 25 },
      );
    },
  );

  it.each(schemes.map((s) => [s.key, s] as const))(
    '%s: after each single fact every row (ranks, grade, bonus) equals a full recompute (property)',
    (_key, scheme) => {
      fc.assert(
        fc.property(fc.array(seed, { maxLength: 30 }), fc.nat(1000), (seeds, poolSeed) => {
          const facts = factsFrom(scheme, seeds);
          const step = WorkingSet.build(inputs(scheme, []));
          for (let i = 0; i < facts.length; i++) {
            step.addFacts([facts[i]!]);
            if (i === 3) step.setPools(new Map([['u-town', BigInt(poolSeed)]]));
            const full = WorkingSet.build(inputs(scheme, facts.slice(0, i + 1)));
            if (i >= 3) full.setPools(new Map([['u-town', BigInt(poolSeed)]]));
            for (const p of org.people)
              expect(step.resultOf(p.id)).toEqual(
                full.results.people.find((r) => r.personId === p.id),
              );
          }
        }),
        { numRuns: 20 },
      );
    },
  );

  it('undoes an addition exactly', () => {
    const scheme = schemes[0]!;
    const facts = factsFrom(
      scheme,
      Array.from({ length: 60 }, (_, i) => [i * 7, i * 3, i * 11, i % 5 === 4] as const),
    );
    expect(facts.length).toBeGreaterThan(20);
    const set = WorkingSet.build(inputs(scheme, facts.slice(0, 20)));
    const sheet = byPerson(set);
    const results = set.results;
    const rows = org.people.map((p) => set.resultOf(p.id));
    const { affected, undo } = set.addFacts(facts.slice(20));
    expect(affected.length).toBeGreaterThan(0);
    undo();
    expect(byPerson(set)).toEqual(sheet);
    expect(set.results).toBe(results);
    expect(org.people.map((p) => set.resultOf(p.id))).toEqual(rows);
    expect(set.factCount).toBe(20);
  });

  it('re-scores only the people a fact reaches', () => {
    const scheme = schemes[0]!;
    const facts = factsFrom(scheme, [[0, 4, 1, false]]);
    const set = WorkingSet.build(inputs(scheme, []));
    const { affected } = set.addFacts(facts);
    const subject = facts[0]!.subject;
    if (subject.kind === 'person') expect(affected).toEqual([subject.id]);
    else expect(affected.length).toBeLessThan(org.people.length + 1);
  });

  it('ignores a fact it already holds', () => {
    const scheme = schemes[0]!;
    const facts = factsFrom(scheme, [[0, 1, 1, false]]);
    const set = WorkingSet.build(inputs(scheme, facts));
    expect(set.addFacts(facts).affected).toEqual([]);
    expect(set.factCount).toBe(1);
  });

  it('rebuilds the bonus when pools change, and undoes it', () => {
    const scheme = schemes[0]!;
    const set = WorkingSet.build(inputs(scheme, []));
    const before = set.results;
    const undo = set.setPools(new Map([['u-town', 5000n]]));
    const town = set.results.units.find((u) => u.unitId === 'u-town');
    expect(town?.bonus?.poolCents).toBe(5000n);
    expect(set.results.units.find((u) => u.unitId === 'u-dept')?.bonus).toBeNull();
    undo();
    expect(set.results).toBe(before);
  });
});
