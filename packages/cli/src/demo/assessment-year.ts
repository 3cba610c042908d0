import {
  assessmentUnitOf,
  buildPeriodResults,
  departmentSchemeTemplate,
  formatPoints,
  toPoints,
  hTownship2021Scheme,
  score,
  type AssessmentKind,
  type Fact,
  type OrgSnapshot,
  type Period,
  type PeriodKind,
  type PeriodResults,
  type Scheme,
  type ScoreSheet,
} from '@tianheng/core';
import {
  instantIn,
  leafApplies,
  personLeafFacts,
  methodLeaves,
  villageFacts,
  type FactDraft,
  type FactPeriod,
  type FactPerson,
  type GenerateOptions,
} from './assessment-facts.ts';
import type { DemoCounty } from './demo-county.ts';
import { mulberry32, type Prng } from './prng.ts';

/**
 * The demo county's assessment year 2026, planned in memory before anything is written:
 * schemes, periods, facts (ids are the county's codes: staff numbers and unit codes), bonus
 * pools, and the corrections and adjustments that make every results page show something
 * (a boundary tie, promotion and accountability signals). The loader maps codes to database
 * ids and writes it through the services.
 *
 * Decisions (documented here and in the demo's README section):
 * - Grassroots units (streets, towns, townships) are scored by the seed's H-township scheme,
 *   county departments by the department template; each scheme gets its own 17 periods.
 * - Months are routine assessment (平时考核): incidents as they happen — deductions, clauses,
 *   discretionary adjustments, task-force allocations, and the departments' monthly metrics.
 *   Quarters are periodic assessment (定期考核): graded choices, module and village ranks,
 *   ratings, task-force bases. The year is composed as each scheme says.
 * - It is 2026-11-22 in the demo: January–October and Q1–Q3 are closed, November, December,
 *   Q4 and the year are open.
 */

/** Seed of the assessment year (the county has its own). */
export const DEMO_ASSESSMENT_SEED = 20261122;
/** The demo's year. */
export const DEMO_YEAR = 2026;

/** A period of the plan; `key` is unique across both schemes. */
export interface PlannedPeriod extends FactPeriod {
  readonly key: string;
  readonly name: string;
  readonly assessment: AssessmentKind;
  readonly schemeKey: string;
  /** Closed periods are closed by the loader after their facts are in. */
  readonly closed: boolean;
}

/** A planned fact: subject ids are staff numbers or unit codes, `periodId` a period key. */
export interface PlannedFact extends FactDraft {
  /** Index (in the plan's facts) of the fact this one corrects. */
  readonly correctionOf?: number;
  /** Staff number of the person who records it (never the subject). */
  readonly recordedBy: string;
}

/** A bonus pool of an assessment unit in a period. */
export interface PlannedPool {
  readonly periodKey: string;
  readonly unitCode: string;
  readonly amountCents: bigint;
}

/** The whole year. */
export interface DemoAssessmentYear {
  readonly schemes: readonly Scheme[];
  readonly periods: readonly PlannedPeriod[];
  readonly facts: readonly PlannedFact[];
  readonly pools: readonly PlannedPool[];
  /** The period where a boundary tie was arranged and the unit it is in. */
  readonly boundaryTie: { readonly periodKey: string; readonly unitCode: string } | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Units whose people the township scheme scores. */
const grassrootsKinds = new Set(['street', 'town', 'township']);

/** The demo county as an org snapshot with codes as ids (the scorer needs nothing else). */
export function demoOrgSnapshot(county: DemoCounty): OrgSnapshot {
  return {
    units: county.units.map((u) => ({
      id: u.code,
      parentId: u.parentCode,
      kind: u.kind,
      name: u.name,
    })),
    people: county.people.map((p) => ({
      id: p.staffNo,
      name: p.name,
      unitId: p.unitCode,
      post: p.post,
      rank: p.rank,
      lines: [...p.lines],
      villageIds: [...p.villageCodes],
    })),
  };
}

/** Each person's assessment unit (core `assessmentUnitOf`), by person id. */
function assessmentUnitIds(org: OrgSnapshot): Map<string, string> {
  return new Map(org.people.map((p) => [p.id, assessmentUnitOf(org, p.id) ?? p.unitId]));
}

/** The 17 periods of one scheme: 12 routine months, 4 periodic quarters, the year. */
function periodsOf(scheme: Scheme, tag: string, suffix: string): PlannedPeriod[] {
  const y = DEMO_YEAR;
  const periods: PlannedPeriod[] = [];
  for (let m = 1; m <= 12; m++)
    periods.push({
      key: `${tag}-${y}-${pad(m)}`,
      id: `${tag}-${y}-${pad(m)}`,
      name: `${y}年${m}月${suffix}`,
      kind: 'month',
      assessment: 'routine',
      startsOn: `${y}-${pad(m)}-01`,
      endsOn: `${y}-${pad(m)}-${lastDay(y, m)}`,
      schemeKey: scheme.key,
      closed: m <= 10,
    });
  for (let q = 1; q <= 4; q++)
    periods.push({
      key: `${tag}-${y}-Q${q}`,
      id: `${tag}-${y}-Q${q}`,
      name: `${y}年第${'一二三四'[q - 1]}季度${suffix}`,
      kind: 'quarter',
      assessment: 'periodic',
      startsOn: `${y}-${pad(q * 3 - 2)}-01`,
      endsOn: `${y}-${pad(q * 3)}-${lastDay(y, q * 3)}`,
      schemeKey: scheme.key,
      closed: q <= 3,
    });
  periods.push({
    key: `${tag}-${y}`,
    id: `${tag}-${y}`,
    name: `${y}年度${suffix}`,
    kind: 'year',
    assessment: 'periodic',
    startsOn: `${y}-01-01`,
    endsOn: `${y}-12-31`,
    schemeKey: scheme.key,
    closed: false,
  });
  return periods;
}

/** The demo year's 34 periods: 17 for the township scheme, 17 for the department scheme. */
export function demoYearPeriods(): PlannedPeriod[] {
  return [
    ...periodsOf(hTownship2021Scheme, 'X', '（乡镇）'),
    ...periodsOf(departmentSchemeTemplate, 'B', '（部门）'),
  ];
}

/** What kind of period a method's facts go into (see the module comment). */
function recordedIn(kind: string, period: PeriodKind): boolean {
  switch (kind) {
    case 'deduction':
    case 'clause':
    case 'discretionary':
    case 'threshold':
    case 'workflow':
      return period === 'month';
    case 'task-force':
      return period === 'month' || period === 'quarter';
    default:
      return period === 'quarter';
  }
}

const routineOptions: GenerateOptions = {
  deductionRate: 0.05,
  clauseRate: 0.03,
  discretionaryRate: 0.01,
  ratersPerGroup: 2,
  villageCount: 81,
  rankCount: 20,
};

/** Task forces (专班) of a grassroots unit, in the seed's spirit: urgent work led by a leader. */
const taskForceNames = ['防汛抢险专班', '乡村振兴专班', '重点项目攻坚专班', '信访化解专班'];

/** Before the period closes (the 3rd of the next month), or inside an open period. */
function recordedBefore(period: PlannedPeriod, rng: Prng): string {
  return instantIn(period, rng);
}

/**
 * Facts a scheme's leaves need that `personLeafFacts` does not make: metrics and platform
 * points for the department template (KPI, workflow, OKR), and section grades that flow to
 * members (a unit fact per section).
 */
function extraFacts(
  rng: Prng,
  scheme: Scheme,
  person: FactPerson,
  period: PlannedPeriod,
): FactDraft[] {
  const out: FactDraft[] = [];
  // Leaves the scheme's work section feeds get their facts from the half-month supervision.
  const work = scheme.work;
  const fedByWork = new Set(
    [work?.unitIndicator?.key, work?.workloadIndicator, work?.redLightIndicator?.key].filter(
      (k): k is string => k !== undefined,
    ),
  );
  for (const leaf of methodLeaves(scheme)) {
    if (fedByWork.has(leaf.node.key)) continue;
    if (!leafApplies(scheme, leaf, person) || !recordedIn(leaf.method.kind, period.kind)) continue;
    const kind = leaf.method.kind;
    if (kind !== 'kpi' && kind !== 'okr' && kind !== 'workflow') continue;
    const value =
      kind === 'workflow'
        ? rng.int(20, 60 + Math.round(40 * person.strength))
        : kind === 'kpi'
          ? Math.round((5 + 5 * person.strength - rng.next()) * 10) / 10
          : rng.chance(0.4)
            ? rng.int(1, 4)
            : 0;
    if (value === 0) continue;
    out.push({
      periodId: period.id,
      subject: { kind: 'person', id: person.id },
      indicator: leaf.node.key,
      value: String(value),
      payload: {},
      evidence: {
        note:
          kind === 'workflow'
            ? '工作平台办件统计'
            : kind === 'kpi'
              ? 'KPI 考核'
              : 'OKR 关键结果复盘',
      },
      recordedAt: recordedBefore(period, rng),
    });
  }
  return out;
}

/**
 * Plan the demo year: deterministic for the county and seed. Scoring the plan (core `score`
 * on the codes) is what lets it arrange a boundary tie in a closed quarter.
 */
export function planAssessmentYear(
  county: DemoCounty,
  seed: number = DEMO_ASSESSMENT_SEED,
): DemoAssessmentYear {
  const rng = mulberry32(seed);
  const org = demoOrgSnapshot(county);
  const unitOf = assessmentUnitIds(org);
  const unitKind = new Map(county.units.map((u) => [u.code, u.kind]));
  const township = hTownship2021Scheme;
  const department = departmentSchemeTemplate;
  const periods = demoYearPeriods();

  // Recorders: the assessment office head, or the supervision office head for facts about the former.
  const office = county.accounts.find((a) => a.username === 'kaohe')?.staffNo ?? '';
  const supervision = county.accounts.find((a) => a.username === 'ducha')?.staffNo ?? '';
  const officeUnit = county.people.find((p) => p.staffNo === office)?.unitCode;
  // Nobody records a fact about their own score, also not through their own unit.
  const recorder = (subject: string): string =>
    subject === office || subject === officeUnit ? supervision : office;

  const people: (FactPerson & { scheme: Scheme })[] = [];
  for (const p of county.people) {
    const au = unitOf.get(p.staffNo) ?? p.unitCode;
    const kind = unitKind.get(au) ?? '';
    const scheme = grassrootsKinds.has(kind) ? township : kind === 'department' ? department : null;
    if (!scheme) continue;
    const forces =
      scheme === township && (p.rank === 'fuke' || p.rank === 'zhengke' || rng.chance(0.35))
        ? [`${au}-${rng.pick(taskForceNames)}`]
        : [];
    people.push({
      id: p.staffNo,
      unitKind: unitKind.get(p.unitCode) ?? '',
      unitId: p.unitCode,
      rank: p.rank,
      villageIds: p.villageCodes,
      taskForces: forces,
      strength: rng.next(),
      scheme,
    });
  }

  const facts: PlannedFact[] = [];
  const add = (draft: FactDraft): number => {
    const subject = draft.subject.id;
    facts.push({ ...draft, recordedBy: recorder(subject) });
    return facts.length - 1;
  };
  const villages = county.units.filter((u) => u.kind === 'village').map((u) => u.code);
  for (const period of periods) {
    if (period.kind === 'year') continue;
    const scheme = period.schemeKey === township.key ? township : department;
    const leaves = methodLeaves(scheme).filter((l) => recordedIn(l.method.kind, period.kind));
    for (const person of people) {
      if (person.scheme !== scheme) continue;
      for (const leaf of leaves)
        if (leafApplies(scheme, leaf, person))
          for (const draft of personLeafFacts(rng, leaf, person, period, routineOptions)) {
            // Ratings only for cadres who look after villages (联系领导 and village heads rate them).
            if (
              leaf.method.kind === 'rating-average' &&
              scheme === township &&
              person.villageIds.length === 0
            )
              continue;
            add(draft);
          }
      for (const draft of extraFacts(rng, scheme, person, period)) add(draft);
    }
    if (scheme === township)
      for (const draft of villageFacts(rng, leaves, villages, period)) add(draft);
    else
      for (const leaf of leaves) {
        // Section grades flow to the section's members (dual track): one unit fact per section.
        if (leaf.node.factScope !== 'unit' || leaf.method.kind !== 'graded-choice') continue;
        const options = leaf.method.options;
        for (const section of county.units.filter(
          (u) => u.kind === 'section' && unitKind.get(u.parentCode ?? '') === 'department',
        ))
          add({
            periodId: period.id,
            subject: { kind: 'unit', id: section.code },
            indicator: leaf.node.key,
            value: null,
            payload: { option: rng.pick(options).key },
            evidence: { note: '科室季度考核' },
            recordedAt: recordedBefore(period, rng),
          });
      }
  }

  // Corrections: a few deductions in closed months turn out to be wrong and are superseded:
  // two occurrences were one, or the item was recorded wrongly (a lighter one applies).
  const closedIds = new Set(periods.filter((p) => p.closed).map((p) => p.id));
  const schemeOf = new Map(
    periods.map((p) => [p.id, p.schemeKey === township.key ? township : department]),
  );
  const corrections: PlannedFact[] = [];
  facts.forEach((f, i) => {
    if (f.payload.item === undefined || !closedIds.has(f.periodId)) return;
    const period = periods.find((p) => p.id === f.periodId);
    const leaf = methodLeaves(schemeOf.get(f.periodId) ?? township).find(
      (l) => l.node.key === f.indicator,
    );
    if (!period || leaf?.method.kind !== 'deduction') return;
    const current = leaf.method.items.find((item) => item.key === f.payload.item);
    const lighter = leaf.method.items.find(
      (item) => current !== undefined && toPoints(item.points) < toPoints(current.points),
    );
    const correction =
      f.value === '2'
        ? { value: '1', payload: f.payload, note: '核实后更正：只有一次属实' }
        : lighter
          ? {
              value: f.value,
              payload: { item: lighter.key },
              note: `核实后更正：应为「${lighter.label['zh-CN']}」`,
            }
          : null;
    if (correction)
      corrections.push({
        ...f,
        value: correction.value,
        payload: correction.payload,
        evidence: { note: correction.note },
        recordedAt: new Date(Date.parse(`${period.endsOn}T09:00:00.000Z`)).toISOString(),
        correctionOf: i,
      });
  });
  // Eight of them, spread over the year.
  const step = Math.max(1, Math.floor(corrections.length / 8));
  facts.push(...corrections.filter((_, n) => n % step === 0).slice(0, 8));

  const boundaryTie = arrangeBoundaryTie(facts, periods, org, township, office, supervision);

  // Bonus pools (cents) per assessment unit: quarters and the year, as a county pays them.
  const pools: PlannedPool[] = [];
  const assessmentUnits = county.units.filter(
    (u) => grassrootsKinds.has(u.kind) || u.kind === 'department',
  );
  for (const period of periods) {
    if (period.kind === 'month') continue;
    for (const unit of assessmentUnits) {
      const isGrassroots = grassrootsKinds.has(unit.kind);
      if ((period.schemeKey === township.key) !== isGrassroots) continue;
      const headcount = people.filter((p) => unitOf.get(p.id) === unit.code).length;
      const perHead = period.kind === 'year' ? 2_400_000n : 300_000n;
      pools.push({
        periodKey: period.key,
        unitCode: unit.code,
        // A round sum per unit (e.g. ¥3,000 a head a quarter, plus a share by how the unit ranked).
        amountCents: BigInt(headcount) * perHead + BigInt(rng.int(0, 20)) * 100_000n,
      });
    }
  }
  return { schemes: [township, department], periods, facts, pools, boundaryTie };
}

/** Facts of a plan as the scorer takes them (ids `f<index>`). */
export function plannedFacts(facts: readonly PlannedFact[], periodId: string): Fact[] {
  const out: Fact[] = [];
  facts.forEach((f, i) => {
    if (f.periodId !== periodId) return;
    out.push({
      id: `f${i}`,
      periodId: f.periodId,
      subject: f.subject,
      indicator: f.indicator,
      value: f.value,
      payload: f.payload,
      source: 'manual',
      evidence: f.evidence,
      recordedBy: f.recordedBy,
      recordedAt: f.recordedAt,
      supersedes: f.correctionOf === undefined ? null : `f${f.correctionOf}`,
    });
  });
  return out;
}

/** The plan's results of one period, scored over the grassroots or department people only. */
export function planResults(
  scheme: Scheme,
  facts: readonly PlannedFact[],
  org: OrgSnapshot,
  period: Period,
  personIds: ReadonlySet<string>,
): PeriodResults & { readonly sheet: ScoreSheet } {
  const scoped = { units: org.units, people: org.people.filter((p) => personIds.has(p.id)) };
  const sheet = score(scheme, plannedFacts(facts, period.id), scoped, period);
  return {
    ...buildPeriodResults(scheme, sheet, scoped, { pools: new Map(), history: [] }),
    sheet,
  };
}

/**
 * Make sure a closed quarter shows a tie at the excellent-quota boundary: find a unit where
 * the last person inside the quota and the first outside have the same coefficient and differ
 * by a few points, and record the discretionary adjustment the leaders' meeting gave the
 * second (which brings them level). Returns where, or null when no such pair exists.
 */
function arrangeBoundaryTie(
  facts: PlannedFact[],
  periods: readonly PlannedPeriod[],
  org: OrgSnapshot,
  scheme: Scheme,
  office: string,
  supervision: string,
): DemoAssessmentYear['boundaryTie'] {
  const period = periods.find((p) => p.key === 'X-2026-Q3');
  if (!period) return null;
  const unitKinds = new Map(org.units.map((u) => [u.id, u.kind]));
  const unitOf = assessmentUnitIds(org);
  const ids = new Set(
    org.people
      .filter((p) => grassrootsKinds.has(unitKinds.get(unitOf.get(p.id) ?? '') ?? ''))
      .map((p) => p.id),
  );
  const results = planResults(scheme, facts, org, period, ids);
  if (results.people.some((p) => p.boundaryTie))
    return {
      periodKey: period.key,
      unitCode: results.people.find((p) => p.boundaryTie)?.assessmentUnitId ?? '',
    };
  const sheet = new Map(results.sheet.people.map((p) => [p.personId, p]));
  for (const unit of results.units) {
    const quota = unit.grades.quota;
    if (quota < 1) continue;
    const members = results.people
      .filter((p) => p.assessmentUnitId === unit.unitId)
      .sort((a, b) => a.ranks.unit.rank - b.ranks.unit.rank);
    const inside = members[quota - 1];
    const outside = members[quota];
    if (!inside || !outside) continue;
    const a = sheet.get(inside.personId);
    const b = sheet.get(outside.personId);
    if (!a || !b || a.coefficient !== b.coefficient) continue;
    const gap = toPoints(a.total) - toPoints(b.total);
    if (gap <= 0n || gap > 1000n) continue;
    const value = formatPoints(gap);
    facts.push({
      periodId: period.id,
      subject: { kind: 'person', id: outside.personId },
      indicator: 'discretionary',
      value,
      payload: {},
      evidence: { note: '防汛抢险中连续值守，党政联席会议研究加分' },
      recordedBy: outside.personId === office ? supervision : office,
      recordedAt: `${period.endsOn}T08:30:00.000Z`,
    });
    return { periodKey: period.key, unitCode: unit.unitId };
  }
  return null;
}
