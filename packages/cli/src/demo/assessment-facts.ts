import type {
  Decimal,
  Evidence,
  FactSubject,
  Method,
  PeriodKind,
  Scheme,
  SchemeNode,
} from '@tianheng/core';
import type { Prng } from './prng.ts';

/**
 * Facts of a generated assessment year, drawn from a scheme's indicator tree: for every leaf
 * the generator knows its method and writes what an office would record for it (a deduction
 * with a note, a quarter's graded choice, a module rank, ratings by each rater group, a task
 * force's base and second allocation, clauses, discretionary adjustments with a reason). It
 * reads nothing but the scheme, so another county's scheme gets plausible facts too.
 */

/** A person as the generator sees them: ids are whatever the caller resolves later. */
export interface FactPerson {
  readonly id: string;
  /** Kind of the person's assessment unit (township, town, street, department, …). */
  readonly unitKind: string;
  readonly unitId: string;
  readonly rank: string;
  readonly villageIds: readonly string[];
  /** Task forces (专班) the person works in (names). */
  readonly taskForces: readonly string[];
  /** How strong the person is, 0..1: good people get fewer deductions and better ranks. */
  readonly strength: number;
}

/** A period facts go into. */
export interface FactPeriod {
  readonly id: string;
  readonly kind: PeriodKind;
  readonly startsOn: string;
  readonly endsOn: string;
}

/** One generated fact, before the database gives it an id. */
export interface FactDraft {
  readonly periodId: string;
  readonly subject: FactSubject;
  readonly indicator: string;
  readonly value: Decimal | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly evidence: Evidence;
  /** When it was recorded (ISO, UTC): inside the period, before it closes. */
  readonly recordedAt: string;
}

/** A leaf of the scheme with the method it scores by and who it applies to. */
export interface SchemeLeaf {
  readonly node: SchemeNode;
  readonly method: Method;
  readonly unitKinds: readonly string[] | undefined;
  readonly layers: readonly string[] | undefined;
}

/** Every scored leaf of a scheme, depth first. */
export function methodLeaves(scheme: Scheme): SchemeLeaf[] {
  const leaves: SchemeLeaf[] = [];
  const walk = (
    node: SchemeNode,
    unitKinds: readonly string[] | undefined,
    layers: readonly string[] | undefined,
  ): void => {
    const kinds = node.appliesTo?.unitKinds ?? unitKinds;
    const layer = node.appliesTo?.layers ?? layers;
    if (node.method) leaves.push({ node, method: node.method, unitKinds: kinds, layers: layer });
    for (const child of node.children ?? []) walk(child, kinds, layer);
  };
  for (const dimension of scheme.dimensions) walk(dimension, undefined, undefined);
  return leaves;
}

/** The layer of a person under a scheme (role-layered indicators). */
export function layerOf(scheme: Scheme, rank: string): string | undefined {
  return scheme.layers ? (scheme.layers.byRank[rank] ?? scheme.layers.default) : undefined;
}

/** Whether a leaf applies to a person. */
export function leafApplies(scheme: Scheme, leaf: SchemeLeaf, person: FactPerson): boolean {
  if (leaf.unitKinds && !leaf.unitKinds.includes(person.unitKind)) return false;
  const layer = layerOf(scheme, person.rank);
  return !leaf.layers || layer === undefined || leaf.layers.includes(layer);
}

/** A timestamp on day `day` (1-based, clamped to the period) of the period, at a working hour. */
export function instantIn(period: FactPeriod, rng: Prng, day?: number): string {
  const start = Date.parse(`${period.startsOn}T00:00:00.000Z`);
  const end = Date.parse(`${period.endsOn}T00:00:00.000Z`);
  const days = Math.round((end - start) / 86_400_000);
  const offset = Math.min(days, Math.max(0, (day ?? rng.int(1, days + 1)) - 1));
  // 08:00–17:59 Beijing time is 00:00–09:59 UTC.
  const ms = start + offset * 86_400_000 + rng.int(0, 9) * 3_600_000 + rng.int(0, 59) * 60_000;
  return new Date(ms).toISOString();
}

const decimal = (n: number): Decimal => String(n);

/** Points of an option, as a number, for picking good options for strong people. */
const points = (text: Decimal): number => Number(text);

/** Pick an index in 0..n-1 biased to the front by `strength` (1 = always near the front). */
export function biasedIndex(rng: Prng, n: number, strength: number): number {
  const u = rng.next() ** (0.4 + 2.2 * strength);
  return Math.min(n - 1, Math.floor(u * n));
}

/** Short evidence notes per method, zh-CN (what an office writes). */
const deductionNotes = ['经督查通报', '考勤记录', '会议签到表', '工作日志抽查', '群众投诉核实'];
const discretionaryReasons = [
  '防汛抢险中表现突出，党政联席会议研究加分',
  '信访积案化解成效明显',
  '重点项目推进滞后，主要领导视情扣分',
  '疫情防控值守中履职尽责',
  '工作失误造成不良影响',
];

/** Options for one period's generation. */
export interface GenerateOptions {
  /** How often a person gets a deduction in a routine (month) period. */
  readonly deductionRate: number;
  /** How often a clause fires for a person in a period. */
  readonly clauseRate: number;
  /** How often a person gets a discretionary adjustment in a period. */
  readonly discretionaryRate: number;
  /** Raters per group for rating-average leaves. */
  readonly ratersPerGroup: number;
  /** Villages' rank range for external lookups (1..n). */
  readonly villageCount: number;
  /** Range of county ranks for rank-table leaves (1..n), e.g. 20 townships. */
  readonly rankCount: number;
}

/** Which period kinds a method is recorded in. */
export type Cadence = Readonly<Record<Method['kind'], readonly PeriodKind[]>>;

/**
 * Default cadence: incidents (deductions, clauses, discretionary, task-force allocations) are
 * recorded as they happen in the month (routine assessment); the quarterly (periodic)
 * assessment records graded choices, module and village ranks, ratings and a quarter's
 * task-force base. Years are composed by the scheme and get no facts of their own.
 */
export const defaultCadence: Cadence = {
  deduction: ['month', 'quarter'],
  clause: ['month', 'quarter'],
  discretionary: ['month', 'quarter'],
  'task-force': ['month', 'quarter'],
  'graded-choice': ['quarter', 'month'],
  'rank-table': ['quarter', 'month'],
  'external-lookup': ['quarter', 'month'],
  'rating-average': ['quarter', 'month'],
  threshold: ['month', 'quarter'],
  workflow: [],
  okr: [],
  kpi: [],
};

/**
 * Facts about one person for one leaf in one period. Unit facts (village ranks) are made
 * once per village by {@link villageFacts}, not here.
 */
export function personLeafFacts(
  rng: Prng,
  leaf: SchemeLeaf,
  person: FactPerson,
  period: FactPeriod,
  options: GenerateOptions,
): FactDraft[] {
  const subject: FactSubject = { kind: 'person', id: person.id };
  const base = (
    value: Decimal | null,
    payload: Record<string, unknown>,
    evidence: Evidence = {},
  ) => ({
    periodId: period.id,
    subject,
    indicator: leaf.node.key,
    value,
    payload,
    evidence,
    recordedAt: instantIn(period, rng),
  });
  const { method } = leaf;
  // Leaves that read unit facts only (dual track) get theirs about the unit, not the person.
  if (leaf.node.factScope === 'unit' || leaf.node.factScope === 'assessment-unit') return [];
  const weak = 1 - person.strength;
  switch (method.kind) {
    case 'deduction': {
      const out: FactDraft[] = [];
      const rate = options.deductionRate * (0.3 + 1.4 * weak);
      if (method.items.length > 0 && rng.chance(rate)) {
        const item = rng.pick(method.items);
        const count = rng.chance(0.2) ? 2 : 1;
        out.push(
          base(
            decimal(count),
            { item: item.key },
            {
              note: `${item.label['zh-CN']}${count > 1 ? ` ${count} 次` : ''}（${rng.pick(deductionNotes)}）`,
            },
          ),
        );
      }
      return out;
    }
    case 'graded-choice': {
      const sorted = [...method.options].sort((a, b) => points(b.points) - points(a.points));
      if (sorted.length === 0) return [];
      const option = sorted[biasedIndex(rng, sorted.length, person.strength)] ?? sorted[0];
      return option ? [base(null, { option: option.key })] : [];
    }
    case 'rank-table': {
      const rank = 1 + biasedIndex(rng, options.rankCount, person.strength);
      return [base(decimal(rank), {}, { note: '全县条线排名通报' })];
    }
    case 'external-lookup':
      // Ranks or grades of linked units are facts about the units (see villageFacts).
      return [];
    case 'rating-average': {
      const out: FactDraft[] = [];
      const max = points(method.scaleMax);
      // The first group is one rater (the linked leader, the leader in charge); others several.
      method.groups.forEach((group, g) => {
        for (let r = 1; r <= (g === 0 ? 1 : options.ratersPerGroup); r++) {
          const share = Math.min(1, 0.55 + 0.4 * person.strength + (rng.next() - 0.5) * 0.2);
          const rating = Math.round(max * share * 10) / 10;
          out.push(base(decimal(rating), { group: group.key, rater: `${group.key}-${r}` }));
        }
      });
      return out;
    }
    case 'task-force': {
      const out: FactDraft[] = [];
      for (const force of person.taskForces) {
        if (period.kind === 'quarter')
          out.push(
            base(
              decimal(rng.int(3, 8)),
              { taskForce: force, part: 'base' },
              {
                note: '党政班子联席会议确定基础分值',
              },
            ),
          );
        else if (rng.chance(0.3))
          out.push(
            base(
              decimal(Math.round((rng.next() * 4 - 0.5 + person.strength) * 2) / 2),
              { taskForce: force, part: 'allocation' },
              { note: '专班组长二次赋分' },
            ),
          );
      }
      return out;
    }
    case 'clause': {
      if (method.clauses.length === 0 || !rng.chance(options.clauseRate)) return [];
      const clause = rng.pick(method.clauses);
      return [base('1', { clause: clause.key }, { note: `${clause.label['zh-CN']}（文件依据）` })];
    }
    case 'discretionary': {
      if (!rng.chance(options.discretionaryRate)) return [];
      const lo = method.min === undefined ? -3 : Math.max(-3, points(method.min));
      const hi = method.max === undefined ? 3 : Math.min(3, points(method.max));
      const value = Math.round((lo + rng.next() * (hi - lo)) * 2) / 2 || 0.5;
      return [base(decimal(value), {}, { note: rng.pick(discretionaryReasons) })];
    }
    case 'threshold': {
      // A value inside one of the table's rows, better rows for stronger people.
      const rows = [...method.rows].sort((a, b) => points(b.points) - points(a.points));
      const bounds = rows
        .flatMap((r) => [r.min, r.below])
        .filter((b) => b !== undefined)
        .map(points);
      if (rows.length === 0 || bounds.length === 0) return [];
      const lo = Math.min(...bounds);
      const hi = Math.max(...bounds);
      const span = hi - lo || Math.abs(hi) || 1;
      const row = rows[biasedIndex(rng, rows.length, person.strength)] ?? rows[0];
      const from = row?.min === undefined ? lo - span / 4 : points(row.min);
      const to = row?.below === undefined ? hi + span / 4 : points(row.below);
      const digits = span < 10 ? 1000 : 10;
      const value = Math.round((from + rng.next() * (to - from)) * digits) / digits;
      return [
        base(decimal(Math.max(0, Math.min(value, to - 1 / digits))), { metric: method.metric }),
      ];
    }
    case 'workflow':
    case 'okr':
    case 'kpi':
      return [];
  }
}

/**
 * Ranks of villages (红黑榜) for the external-lookup leaves that link to villages: one fact
 * per village and leaf in the period, each rank 1..n used once (a county ranking).
 */
export function villageFacts(
  rng: Prng,
  leaves: readonly SchemeLeaf[],
  villageIds: readonly string[],
  period: FactPeriod,
): FactDraft[] {
  const out: FactDraft[] = [];
  for (const leaf of leaves) {
    const { method } = leaf;
    if (method.kind !== 'external-lookup' || method.link !== 'villages') continue;
    const order = [...villageIds];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j] as string, order[i] as string];
    }
    order.forEach((village, i) => {
      const grade = method.grades?.[Math.floor((i / order.length) * method.grades.length)];
      out.push({
        periodId: period.id,
        subject: { kind: 'unit', id: village },
        indicator: leaf.node.key,
        value: method.ranks ? decimal(i + 1) : null,
        payload: !method.ranks && grade ? { grade: grade.key } : {},
        evidence: { note: '县委组织部村主职干部红黑榜' },
        recordedAt: instantIn(period, rng, 28),
      });
    });
  }
  return out;
}
