import { describe, expect, it } from 'vitest';
import { checkFactRecording, type Period } from '@tianheng/core';
import { generateDemoCounty } from './demo-county.ts';
import {
  DEMO_ASSESSMENT_SEED,
  demoOrgSnapshot,
  planAssessmentYear,
  planResults,
  plannedFacts,
} from './assessment-year.ts';

const county = generateDemoCounty();
const plan = planAssessmentYear(county);
const org = demoOrgSnapshot(county);
const periodsById = new Map(plan.periods.map((p) => [p.id, p]));
const schemes = new Map(plan.schemes.map((s) => [s.key, s]));

describe(planAssessmentYear, () => {
  it('is deterministic for the county and seed', () => {
    expect(planAssessmentYear(county, DEMO_ASSESSMENT_SEED)).toEqual(plan);
    expect(planAssessmentYear(county, DEMO_ASSESSMENT_SEED + 1).facts).not.toEqual(plan.facts);
  });

  it.each([
    ['h-township-2021', 'month', 12, 10],
    ['h-township-2021', 'quarter', 4, 3],
    ['h-township-2021', 'year', 1, 0],
    ['department-2021', 'month', 12, 10],
    ['department-2021', 'quarter', 4, 3],
    ['department-2021', 'year', 1, 0],
  ])('%s has %s periods × %i of which %i closed', (schemeKey, kind, count, closed) => {
    const periods = plan.periods.filter((p) => p.schemeKey === schemeKey && p.kind === kind);
    expect(periods).toHaveLength(count);
    expect(periods.filter((p) => p.closed)).toHaveLength(closed);
    // Closed ones come first in the year: January–October, Q1–Q3.
    for (const p of periods) expect(p.closed).toBe(p.endsOn <= '2026-10-31');
  });

  it('passes every fact through the recording rules of core (value, payload, reason, not about the recorder)', () => {
    const problems: string[] = [];
    plan.facts.forEach((fact, i) => {
      const period = periodsById.get(fact.periodId);
      const scheme = schemes.get(period?.schemeKey ?? '');
      if (!period || !scheme) throw new Error(`fact ${i} has no period`);
      const { recordedBy, periodId, subject, indicator, value, payload, evidence } = fact;
      const input = { periodId, subject, indicator, value, payload, evidence };
      const checked = checkFactRecording(
        scheme,
        { ...input, source: 'manual', supersedes: null },
        recordedBy,
        org,
      );
      if (!checked.ok) problems.push(`${i} ${fact.indicator}: ${checked.reason} ${checked.field}`);
    });
    expect(problems).toEqual([]);
  });

  it('records each fact inside its period', () => {
    for (const fact of plan.facts) {
      const period = periodsById.get(fact.periodId);
      const day = fact.recordedAt.slice(0, 10);
      expect(
        day >= (period?.startsOn ?? '') && day <= (period?.endsOn ?? ''),
        fact.recordedAt,
      ).toBe(true);
    }
  });

  it.each([
    ['deduction with a note', 'political', (f: (typeof plan.facts)[number]) => !!f.evidence.note],
    [
      'graded choice',
      'post-score',
      (f: (typeof plan.facts)[number]) => f.payload.option !== undefined,
    ],
    ['module rank', 'module-rank', (f: (typeof plan.facts)[number]) => Number(f.value) >= 1],
    [
      'village rank (unit fact)',
      'village-rank',
      (f: (typeof plan.facts)[number]) => f.subject.kind === 'unit',
    ],
    [
      'leader rating',
      'evaluation',
      (f: (typeof plan.facts)[number]) => f.payload.group === 'leader',
    ],
    [
      'village-head rating',
      'evaluation',
      (f: (typeof plan.facts)[number]) => f.payload.group === 'village-head',
    ],
    [
      'task-force base',
      'task-force',
      (f: (typeof plan.facts)[number]) => f.payload.part === 'base',
    ],
    [
      'task-force allocation',
      'task-force',
      (f: (typeof plan.facts)[number]) => f.payload.part === 'allocation',
    ],
    ['clause', 'clauses', (f: (typeof plan.facts)[number]) => f.payload.clause !== undefined],
    [
      'discretionary with a reason',
      'discretionary',
      (f: (typeof plan.facts)[number]) => (f.evidence.note ?? '') !== '',
    ],
    ['hotline metric', 'hotline-response', () => true],
    [
      'section grade flowing to members',
      'section-score',
      (f: (typeof plan.facts)[number]) => f.subject.kind === 'unit',
    ],
    ['peer rating', 'peer-rating', () => true],
  ])('has %s facts', (_what, indicator, test) => {
    expect(plan.facts.filter((f) => f.indicator === indicator && test(f)).length).toBeGreaterThan(
      0,
    );
  });

  it('corrects a few facts of closed periods, each once, on the same period, subject and indicator', () => {
    const corrections = plan.facts.filter((f) => f.correctionOf !== undefined);
    expect(corrections.length).toBeGreaterThanOrEqual(5);
    const targets = new Set(corrections.map((f) => f.correctionOf));
    expect(targets.size).toBe(corrections.length);
    for (const c of corrections) {
      const original = plan.facts[c.correctionOf ?? -1];
      expect(original).toMatchObject({
        periodId: c.periodId,
        subject: c.subject,
        indicator: c.indicator,
      });
      expect(original?.correctionOf).toBeUndefined();
      expect(periodsById.get(c.periodId)?.closed).toBe(true);
    }
  });

  it('gives every grassroots and department unit a pool in every quarter and the year', () => {
    const units = county.units.filter((u) =>
      ['street', 'town', 'township', 'department'].includes(u.kind),
    );
    const nonMonths = plan.periods.filter((p) => p.kind !== 'month');
    // Each unit is in one scheme's periods: 5 pools per unit.
    expect(plan.pools).toHaveLength(units.length * (nonMonths.length / 2));
    for (const pool of plan.pools) expect(pool.amountCents > 0n).toBe(true);
  });

  it('arranges a tie at the excellent-quota boundary in a closed quarter, and signals fire', () => {
    expect(plan.boundaryTie).not.toBeNull();
    const period = periodsById.get(plan.boundaryTie?.periodKey ?? '') as Period & {
      schemeKey: string;
    };
    const scheme = schemes.get(period.schemeKey);
    if (!scheme) throw new Error('no scheme');
    const unitKinds = new Map(org.units.map((u) => [u.id, u.kind]));
    const grassroots = new Set(
      org.people
        .filter((p) => {
          let unit = org.units.find((u) => u.id === p.unitId);
          while (unit && !['street', 'town', 'township', 'department'].includes(unit.kind))
            unit = org.units.find((u) => u.id === unit?.parentId);
          return unit !== undefined && unitKinds.get(unit.id) !== 'department';
        })
        .map((p) => p.id),
    );
    const results = planResults(scheme, plan.facts, org, period, grassroots);
    const tied = results.people.filter(
      (p) => p.boundaryTie && p.assessmentUnitId === plan.boundaryTie?.unitCode,
    );
    expect(tied.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tied.map((p) => p.index)).size).toBe(1);
    expect(results.signals.some((s) => s.kind === 'promotion')).toBe(true);
    expect(results.signals.some((s) => s.kind === 'accountability')).toBe(true);
  });

  it('turns planned corrections into supersedes links the scorer follows', () => {
    const facts = plannedFacts(plan.facts, 'X-2026-Q3');
    const ids = new Set(facts.map((f) => f.id));
    for (const f of facts) if (f.supersedes !== null) expect(ids.has(f.supersedes)).toBe(true);
  });
});
