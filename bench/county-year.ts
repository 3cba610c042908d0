/**
 * A generated county for the assessment benchmarks: townships and departments of about 75
 * cadres each (leaders, section heads, staff; township staff look after villages), as import
 * rows. Deterministic for a seed, so two runs measure the same data.
 */
import { randomUUID } from 'node:crypto';
import type { OrgSnapshot, PersonImportRow, Rank, Scheme, UnitImportRow } from '@tianheng/core';
import {
  leafApplies,
  mulberry32,
  personLeafFacts,
  methodLeaves,
  villageFacts,
  type FactDraft,
  type FactPeriod,
  type FactPerson,
  type GenerateOptions,
} from '@tianheng/cli';
import type { NewFactRow } from '@tianheng/db';

/** The org of a generated county, ready for `importOrgAndPeople`. */
export interface BenchCounty {
  readonly units: UnitImportRow[];
  readonly people: PersonImportRow[];
  readonly lines: readonly string[];
}

const LINES = ['党建', '经济', '农业', '民政', '综治', '财政', '城建', '环保', '应急'] as const;
const PEOPLE_PER_UNIT = 75;
const SECTIONS_PER_UNIT = 6;
const VILLAGES_PER_TOWNSHIP = 10;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Generate a county of `peopleCount` people: two thirds in townships (with sections and
 * villages), one third in county departments (with sections).
 */
export function generateBenchCounty(peopleCount: number, seed = 3000): BenchCounty {
  const rng = mulberry32(seed);
  const units: UnitImportRow[] = [{ code: 'BC', name: '基准县', kind: 'county', parentCode: null }];
  const people: PersonImportRow[] = [];
  const unitCount = Math.max(1, Math.round(peopleCount / PEOPLE_PER_UNIT));
  const townships = Math.max(1, Math.round((unitCount * 2) / 3));
  let left = peopleCount;

  const addPerson = (
    unitCode: string,
    post: string,
    rank: Rank,
    lines: readonly string[],
    villageCodes: readonly string[] = [],
  ): void => {
    const n = people.length + 1;
    people.push({
      staffNo: `BC${pad(n, 6)}`,
      name: `干部${pad(n, 5)}`,
      gender: rng.chance(0.6) ? 'male' : 'female',
      birthDate: `${rng.int(1966, 2000)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`,
      phone: null,
      unitCode,
      post,
      rank,
      lines: [...lines],
      villageCodes: [...villageCodes],
      validFrom: `${rng.int(2015, 2025)}-${pad(rng.int(1, 12), 2)}-01`,
    });
  };

  for (let u = 0; u < unitCount && left > 0; u++) {
    const isTownship = u < townships;
    const code = isTownship ? `BC-X${pad(u + 1, 3)}` : `BC-B${pad(u + 1 - townships, 3)}`;
    units.push({
      code,
      name: isTownship ? `第${u + 1}乡` : `第${u + 1 - townships}局`,
      kind: isTownship ? 'township' : 'department',
      parentCode: 'BC',
    });
    const size = u === unitCount - 1 ? left : Math.min(left, PEOPLE_PER_UNIT);
    left -= size;
    const villages: string[] = [];
    if (isTownship)
      for (let v = 0; v < VILLAGES_PER_TOWNSHIP; v++) {
        const village = `${code}-V${pad(v + 1, 2)}`;
        units.push({
          code: village,
          name: `${code}第${v + 1}村`,
          kind: 'village',
          parentCode: code,
        });
        villages.push(village);
      }
    const sections: string[] = [];
    for (let s = 0; s < SECTIONS_PER_UNIT; s++) {
      const section = `${code}-${pad(s + 1, 2)}`;
      units.push({
        code: section,
        name: `${code}第${s + 1}股室`,
        kind: 'section',
        parentCode: code,
      });
      sections.push(section);
    }
    const leaders = Math.min(size, 5);
    for (let k = 0; k < size; k++) {
      const lines = [LINES[(u + k) % LINES.length] as string];
      const village = villages.length > 0 ? [villages[k % villages.length] as string] : [];
      if (k < leaders) {
        addPerson(
          code,
          k === 0 ? '书记' : k === 1 ? '主任' : '副职',
          k < 2 ? 'zhengke' : 'fuke',
          lines,
          k < 2 ? [] : village,
        );
        continue;
      }
      const section = sections[(k - leaders) % sections.length] as string;
      const isHead = k - leaders < sections.length;
      const rank: Rank = isHead
        ? 'middle_head'
        : rng.pick(['general', 'ordinary', 'shiye', 'middle_deputy', 'fugu'] as const);
      addPerson(section, isHead ? '股室负责人' : '科员', rank, lines, isTownship ? village : []);
    }
  }
  return { units, people, lines: LINES };
}

/** Rates that give a person a dozen facts per leaf round: a year of a busy county. */
const denseOptions: GenerateOptions = {
  deductionRate: 0.6,
  clauseRate: 0.4,
  discretionaryRate: 0.1,
  ratersPerGroup: 3,
  villageCount: 200,
  rankCount: 20,
};

/** A fact row ready for `appendFacts` (id chosen here, so a COPY can load the same row). */
export type BenchFact = NewFactRow & { readonly id: string; readonly recordedAt: string };

/**
 * Facts of the county-year, `total` of them, in chunks of `chunk` rows: round after round over
 * the people and, for each, the periods (months and quarters), every leaf of the scheme that applies drawing
 * its facts (deductions, graded choices, ranks, ratings, task forces, clauses, discretionary
 * with reasons), plus village ranks. Deterministic for the seed; ids are random UUIDs.
 */
export function* countyYearFacts(
  org: OrgSnapshot,
  scheme: Scheme,
  periods: readonly FactPeriod[],
  total: number,
  options: { readonly chunk: number; readonly seed?: number; readonly recorder: string },
): Generator<BenchFact[]> {
  const rng = mulberry32(options.seed ?? 20261122);
  const unitKind = new Map(org.units.map((u) => [u.id, u.kind]));
  const villages = org.units.filter((u) => u.kind === 'village').map((u) => u.id);
  const people: FactPerson[] = org.people.map((p) => ({
    id: p.id,
    unitKind: unitKind.get(p.unitId) ?? '',
    unitId: p.unitId,
    rank: p.rank,
    villageIds: p.villageIds,
    taskForces: rng.chance(0.4) ? [`专班${rng.int(1, 12)}`] : [],
    strength: rng.next(),
  }));
  const leaves = methodLeaves(scheme);
  const applicable = new Map(
    people.map((p) => [p.id, leaves.filter((l) => leafApplies(scheme, l, p))]),
  );
  let made = 0;
  let batch: BenchFact[] = [];
  const push = (draft: FactDraft): BenchFact[] | null => {
    batch.push({
      id: randomUUID(),
      periodId: draft.periodId,
      subject: draft.subject,
      indicator: draft.indicator,
      value: draft.value,
      payload: draft.payload,
      source: 'manual',
      evidence: draft.evidence,
      recordedBy: draft.subject.id === options.recorder ? null : options.recorder,
      recordedAt: draft.recordedAt,
      supersedes: null,
    });
    made += 1;
    if (batch.length < options.chunk) return null;
    const full = batch;
    batch = [];
    return full;
  };
  // Person by person, each across every period, so a partial last round still spreads its
  // facts over the whole year.
  fill: for (;;) {
    for (const period of periods)
      for (const draft of villageFacts(rng, leaves, villages, period)) {
        const full = push(draft);
        if (full) yield full;
        if (made >= total) break fill;
      }
    for (const person of people)
      for (const period of periods)
        for (const leaf of applicable.get(person.id) ?? [])
          for (const draft of personLeafFacts(rng, leaf, person, period, denseOptions)) {
            const full = push(draft);
            if (full) yield full;
            if (made >= total) break fill;
          }
  }
  if (batch.length > 0) yield batch;
}
