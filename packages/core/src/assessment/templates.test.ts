import { describe, expect, it } from 'vitest';
import { score } from './score.ts';
import { fact, nodeOf, orgOf, person, testPeriod } from './score-fixtures.ts';
import { departmentSchemeTemplate, hTownship2021Scheme, schemeTemplates } from './templates.ts';
import type { Fact } from './types.ts';

const about = (id: string, indicator: string, partial: Partial<Fact>): Fact =>
  fact({ subject: { kind: 'person', id }, indicator, ...partial });
const village = (id: string, rank: string): Fact =>
  fact({ subject: { kind: 'unit', id }, indicator: 'village-rank', value: rank });

describe('hTownship2021Scheme (seed 004, Table 1)', () => {
  it('has the shape of Table 1: common 20 + 40 + 40, individual uncapped', () => {
    const maxima = hTownship2021Scheme.dimensions.map((d) => [
      d.key,
      d.part,
      d.max,
      d.children?.map((c) => c.max),
    ]);
    expect(maxima).toEqual([
      ['conduct', 'common', '20', ['10', '10']],
      ['post-module', 'common', '40', ['10', '30']],
      ['area', 'common', '40', ['20', '10', '10']],
      ['individual', 'individual', null, [null, null, null, null, null, null]],
    ]);
    // Seed 004: the unit's half-month ranking, workload and red lights come from the work platform.
    expect(hTownship2021Scheme.dimensions[3]?.children?.map((c) => c.key)).toEqual([
      'task-force',
      'clauses',
      'discretionary',
      'supervision-rank',
      'workload',
      'red-lights',
    ]);
    expect(hTownship2021Scheme.work).toMatchObject({
      unitIndicator: { key: 'supervision-rank', value: 'rank' },
      workloadIndicator: 'workload',
      redLightIndicator: { key: 'red-lights', points: '-0.5' },
    });
    expect(hTownship2021Scheme.positionCoefficients.byRank).toMatchObject({
      middle_head: '1.4',
      middle_deputy: '1.2',
      general: '1',
    });
  });

  it('worked example: a middle-level head with two −3 items, rank 5 in the county', () => {
    const head = person('head', { rank: 'middle_head', villageIds: ['v1', 'v2'] });
    const facts = [
      about('head', 'political', { payload: { item: 'assigned-task' } }),
      about('head', 'political', { payload: { item: 'improper-speech' } }),
      about('head', 'post-score', { payload: { option: 'A' } }),
      about('head', 'module-rank', { value: '5' }),
      village('v1', '8'), // 1–10 → 20
      village('v2', '23'), // 21–30 → 16; mean 18
      about('head', 'difficulty', { payload: { option: 'medium' } }),
      about('head', 'evaluation', { payload: { group: 'leader' }, value: '90' }),
      about('head', 'evaluation', { payload: { group: 'village-head' }, value: '80' }),
      about('head', 'evaluation', { payload: { group: 'village-head' }, value: '70' }),
      about('head', 'task-force', { payload: { taskForce: '防汛', part: 'base' }, value: '10' }),
      about('head', 'task-force', {
        payload: { taskForce: '防汛', part: 'allocation' },
        value: '5',
      }),
      about('head', 'clauses', { payload: { clause: 'honour-city' } }),
      about('head', 'discretionary', { value: '3', evidence: { note: '招商引资成效突出' } }),
    ];
    const sheet = score(hTownship2021Scheme, facts, orgOf(head), testPeriod);
    const points = (key: string) => nodeOf(sheet, 'head', key)!.points;
    // 思想作风: 10 − 3 − 3 = 4, plus 10 = 14
    expect([points('political'), points('work-style'), points('conduct')]).toEqual([
      '4.00',
      '10.00',
      '14.00',
    ]);
    // 岗位模块: 10 + 28 (rank 5 → 4–6) = 38
    expect([points('post-score'), points('module-rank'), points('post-module')]).toEqual([
      '10.00',
      '28.00',
      '38.00',
    ]);
    // 片区协同: mean(20, 16) = 18; 8; (90 + 75) / 2 = 82.5 of 100 → 8.25; = 34.25
    expect([
      points('village-rank'),
      points('difficulty'),
      points('evaluation'),
      points('area'),
    ]).toEqual(['18.00', '8.00', '8.25', '34.25']);
    // individual: 10 + 5 + 2 + 3 = 20; total 106.25 × 1.4 = 148.75
    expect(sheet.people[0]).toMatchObject({
      common: '86.25',
      individual: '20.00',
      total: '106.25',
      coefficient: '1.4',
      index: '148.75',
    });
  });

  it('worked example: a deputy floored at 0 on work style, rank 19, out-of-county village', () => {
    const deputy = person('deputy', { rank: 'middle_deputy', villageIds: ['v3'] });
    const facts = [
      about('deputy', 'work-style', { payload: { item: 'late-early' }, value: '4' }), // −12 → 0
      about('deputy', 'political', { payload: { item: 'missed-study' }, value: '3' }), // 7
      about('deputy', 'post-score', { payload: { option: 'B' } }), // 9
      about('deputy', 'module-rank', { value: '19' }), // 15
      village('v3', '120'), // 51+ → 10
      about('deputy', 'difficulty', { payload: { option: 'easy' } }), // 5
      about('deputy', 'evaluation', { payload: { group: 'leader' }, value: '77' }), // 7.7 (renormalised)
      about('deputy', 'clauses', { payload: { clause: 'criticised' } }), // −2
    ];
    const sheet = score(hTownship2021Scheme, facts, orgOf(deputy), testPeriod);
    expect(nodeOf(sheet, 'deputy', 'work-style')).toMatchObject({ points: '0.00', raw: '0.00' });
    // common 7 + 0 + 9 + 15 + 10 + 5 + 7.7 = 53.7; individual −2; total 51.7 × 1.2 = 62.04
    expect(sheet.people[0]).toMatchObject({
      common: '53.70',
      individual: '-2.00',
      total: '51.70',
      index: '62.04',
    });
  });

  it('a general cadre with a full common score and 180 individual points (the "280-point" cadre)', () => {
    const cadre = person('star', { rank: 'general', villageIds: ['v1'] });
    const facts = [
      about('star', 'post-score', { payload: { option: 'A' } }),
      about('star', 'module-rank', { value: '1' }),
      village('v1', '1'),
      about('star', 'difficulty', { payload: { option: 'hard' } }),
      about('star', 'evaluation', { payload: { group: 'leader' }, value: '100' }),
      about('star', 'evaluation', { payload: { group: 'village-head' }, value: '100' }),
      ...Array.from({ length: 9 }, (_, i) =>
        about('star', 'task-force', { payload: { taskForce: `t${i}`, part: 'base' }, value: '20' }),
      ),
    ];
    const sheet = score(hTownship2021Scheme, facts, orgOf(cadre), testPeriod);
    expect(sheet.people[0]).toMatchObject({
      common: '100.00',
      individual: '180.00',
      index: '280.00',
    });
  });

  it('results rules follow the seed', () => {
    const r = hTownship2021Scheme.results;
    expect(r.grades.excellentQuota).toBe('0.2');
    expect(r.bonus.coefficients.byRank).toEqual({
      shiye: '0.85',
      ordinary: '1',
      general: '1',
      fugu: '1.2',
      zhenggu: '1.4',
      fuke: '1.7',
      zhengke: '2.0',
    });
    expect(r.bonus).toMatchObject({ basis: 'total', rounding: 'largest-remainder' });
    expect(r.signals.map((s) => [s.when, s.then])).toEqual([
      [
        { kind: 'top-share', share: '0.2', within: 'unit' },
        { promotionPoints: '1.5', seniorityMonths: 6 },
      ],
      [{ kind: 'last-place', within: 'tenant', consecutive: 1 }, { action: 'interview-leader' }],
      [
        { kind: 'last-place', within: 'tenant', consecutive: 2 },
        { action: 'withhold-annual-bonus' },
      ],
    ]);
  });
});

describe('departmentSchemeTemplate', () => {
  it('layers indicators for managers and executors and lets the section score flow to members', () => {
    const org = {
      ...orgOf(),
      units: [
        { id: 'dept', parentId: null, kind: 'department', name: '局' },
        { id: 'sec', parentId: 'dept', kind: 'section', name: '股室' },
      ],
      people: [
        person('chief', { unitId: 'sec', rank: 'middle_head' }),
        person('clerk', { unitId: 'sec', rank: 'general' }),
      ],
    };
    const facts = [
      fact({
        subject: { kind: 'unit', id: 'sec' },
        indicator: 'section-score',
        payload: { option: 'B' },
      }),
      about('chief', 'line-rank', { value: '7', payload: { tiedWith: 2 } }),
      about('clerk', 'task-completion', { value: '0.9' }),
      about('clerk', 'hotline-response', { value: '25' }),
      about('clerk', 'hotline-response', { value: '45' }),
      about('clerk', 'workflow', { value: '42', source: 'workflow' }),
    ];
    const sheet = score(departmentSchemeTemplate, facts, org, testPeriod);
    const keys = (id: string) =>
      nodeOf(sheet, id, 'line-performance')!.children.map((c) => [c.key, c.points]);
    expect(keys('chief')).toEqual([
      ['hotline-response', '0.00'],
      ['line-rank', '17.00'],
      ['section-score', '12.00'],
    ]);
    expect(keys('clerk')).toEqual([
      ['hotline-response', '12.00'], // mean 35 → [30, 60)
      ['task-completion', '16.00'],
      ['section-score', '12.00'],
    ]);
    expect(nodeOf(sheet, 'clerk', 'workflow')!.points).toBe('4.20');
    expect(nodeOf(sheet, 'chief', 'workflow')).toBeUndefined();
  });

  it.each(Object.entries(schemeTemplates))(
    '%s scores an empty period without warnings',
    (_key, scheme) => {
      const sheet = score(scheme, [], orgOf(person('p1')), testPeriod);
      expect(sheet.warnings).toEqual([]);
      expect(sheet.people).toHaveLength(1);
    },
  );
});
