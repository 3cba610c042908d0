/**
 * Small builders for scoring tests: a one-leaf scheme, people, villages and facts.
 * Test-only (imported by `*.test.ts`), not exported from the package.
 */
import type {
  Fact,
  Method,
  NodeScore,
  OrgPerson,
  OrgSnapshot,
  Period,
  Scheme,
  SchemeNode,
  ScoreSheet,
} from './types.ts';
import { hTownship2021Scheme } from './templates.ts';

/** The period every test scores. */
export const testPeriod: Period = {
  id: 'q1',
  kind: 'quarter',
  assessment: 'routine',
  startsOn: '2021-01-01',
  endsOn: '2021-03-31',
  name: '2021 Q1',
};

/** A scheme whose common part is one leaf `x` (and the individual part empty unless given). */
export function oneLeaf(
  method: Method,
  max: string | null,
  extra: Partial<SchemeNode> = {},
  schemeExtra: Partial<Scheme> = {},
): Scheme {
  return {
    ...hTownship2021Scheme,
    key: 'test',
    dimensions: [
      {
        key: 'd',
        label: { 'zh-CN': '维度', en: 'Dimension' },
        max: null,
        part: 'common',
        children: [
          { key: 'x', label: { 'zh-CN': '指标', en: 'Indicator' }, max, method, ...extra },
        ],
      },
    ],
    ...schemeExtra,
  };
}

/** A person in unit `u1` (rank `general`) unless told otherwise. */
export function person(id: string, extra: Partial<OrgPerson> = {}): OrgPerson {
  return {
    id,
    name: id,
    unitId: 'u1',
    post: '干部',
    rank: 'general',
    lines: [],
    villageIds: [],
    ...extra,
  };
}

/** An org with units u1 (township), u2 (department) and villages v1..v3. */
export function orgOf(...people: OrgPerson[]): OrgSnapshot {
  return {
    units: [
      { id: 'u1', parentId: null, kind: 'township', name: 'H乡' },
      { id: 'u2', parentId: null, kind: 'department', name: '部门' },
      { id: 'v1', parentId: 'u1', kind: 'village', name: '一村' },
      { id: 'v2', parentId: 'u1', kind: 'village', name: '二村' },
      { id: 'v3', parentId: 'u1', kind: 'village', name: '三村' },
    ],
    people,
  };
}

let sequence = 0;

/** A fact about person `p1` on indicator `x`, recorded at increasing times unless told. */
export function fact(partial: Partial<Fact> = {}): Fact {
  sequence += 1;
  const n = String(sequence).padStart(6, '0');
  return {
    id: `f${n}`,
    periodId: 'q1',
    subject: { kind: 'person', id: 'p1' },
    indicator: 'x',
    value: null,
    payload: {},
    source: 'manual',
    evidence: {},
    recordedBy: 'recorder',
    recordedAt: new Date(Date.UTC(2021, 1, 1) + sequence * 1000).toISOString(),
    supersedes: null,
    ...partial,
  };
}

/** Find a node of one person's score by key. */
export function nodeOf(sheet: ScoreSheet, personId: string, key: string): NodeScore | undefined {
  const person = sheet.people.find((p) => p.personId === personId);
  const find = (nodes: readonly NodeScore[]): NodeScore | undefined => {
    for (const node of nodes) {
      if (node.key === key) return node;
      const below = find(node.children);
      if (below) return below;
    }
    return undefined;
  };
  return person ? find(person.nodes) : undefined;
}
