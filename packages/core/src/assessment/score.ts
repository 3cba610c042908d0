/**
 * The scorer: a pure function from a scheme, the facts of a period, the org snapshot and the
 * period to every person's points per node, with the facts behind each number and one
 * explanation line per contribution. Facts are indexed once by (subject, indicator), so the
 * cost grows with facts + people × nodes, never people × facts.
 *
 * Arithmetic is exact (scaled bigints): each method computes at full precision and rounds
 * once to 0.01 (half away from zero) at the leaf that produced the points; sums are exact;
 * the index is total × coefficient rounded once to 0.01.
 */
import { assessmentUnitResolver } from '../results/ranking.ts';
import { divRound, formatPoints, isDecimal, parseScaled, pow10, RATIO_SCALE } from './decimal.ts';
import type {
  Decimal,
  Fact,
  Label,
  Method,
  NodeScore,
  OrgPerson,
  OrgSnapshot,
  Period,
  PersonScore,
  Scheme,
  SchemeNode,
  ScoreSheet,
  ScoreWarning,
} from './types.ts';

// ---------------------------------------------------------------- facts

/**
 * The facts that count: every fact no other fact supersedes. A correction chain A ← B ← C
 * keeps only C; a fact that supersedes one about another indicator or subject is still one
 * fact (it counts where it points, the old one nowhere). Order is preserved.
 */
export function effectiveFacts(facts: readonly Fact[]): Fact[] {
  const superseded = new Set<string>();
  for (const fact of facts) if (fact.supersedes !== null) superseded.add(fact.supersedes);
  if (superseded.size === 0) return facts.slice();
  return facts.filter((fact) => !superseded.has(fact.id));
}

/** Canonical fact order: recorded time, then id (so "latest" never depends on input order). */
export function compareFacts(a: Fact, b: Fact): number {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Facts of one indicator by subject id. */
type Bucket = Map<string, Fact[]>;

/**
 * Effective facts by indicator key, then subject id (person and unit apart), each list in
 * canonical order. Indicator first: a scheme has few leaves, so the first lookup doubles as
 * the "is this a leaf" test.
 */
interface FactIndex {
  readonly person: ReadonlyMap<string, Bucket>;
  readonly unit: ReadonlyMap<string, Bucket>;
}

/** Whether a list is already in canonical order (one string comparison per fact when it is). */
function isSorted(list: readonly Fact[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1]!;
    const b = list[i]!;
    if (a.recordedAt < b.recordedAt) continue;
    if (a.recordedAt > b.recordedAt || a.id > b.id) return false;
  }
  return true;
}

function indexFacts(facts: readonly Fact[], leaves: ReadonlySet<string>): FactIndex {
  const superseded = new Set<string>();
  for (const fact of facts) if (fact.supersedes !== null) superseded.add(fact.supersedes);
  const person = new Map<string, Bucket>();
  const unit = new Map<string, Bucket>();
  for (const key of leaves) {
    person.set(key, new Map());
    unit.set(key, new Map());
  }
  const checkSuperseded = superseded.size > 0;
  for (const fact of facts) {
    const bucket = (fact.subject.kind === 'person' ? person : unit).get(fact.indicator);
    if (bucket === undefined || (checkSuperseded && superseded.has(fact.id))) continue;
    const list = bucket.get(fact.subject.id);
    if (list === undefined) bucket.set(fact.subject.id, [fact]);
    else list.push(fact);
  }
  // Input usually arrives in recording order already; sort only the lists that are not.
  for (const byIndicator of [person, unit]) {
    for (const bucket of byIndicator.values()) {
      for (const list of bucket.values())
        if (list.length > 1 && !isSorted(list)) list.sort(compareFacts);
    }
  }
  return { person, unit };
}

// ---------------------------------------------------------------- numbers

const R = pow10(RATIO_SCALE); // 1 at scale 4
const P = 100n; // 1 at scale 2

/** Parses decimals once per distinct text (fact values repeat a lot). */
class Numbers {
  private readonly cache = new Map<string, bigint>();

  /** Scale 4 (exact for any valid decimal), or undefined when not a decimal. */
  exact(text: string): bigint | undefined {
    let v = this.cache.get(text);
    if (v === undefined) {
      if (!isDecimal(text)) return undefined;
      v = parseScaled(text, RATIO_SCALE);
      this.cache.set(text, v);
    }
    return v;
  }
}

/** Scale-2 points for display without trailing zeros: 600n → "6", 250n → "2.5". */
export function showPoints(points: bigint): string {
  const text = formatPoints(points);
  return text.replace(/\.?0+$/, '');
}

const signed = (points: bigint): string =>
  points > 0n ? `+${showPoints(points)}` : points < 0n ? showPoints(points) : '0';

/** Scale-4 ratio for display: 5000n → "0.5". */
const showRatio = (value: bigint): string => {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const frac = (abs % R).toString().padStart(RATIO_SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / R}${frac === '' ? '' : `.${frac}`}`;
};

const toP = (ratio: bigint): bigint => divRound(ratio, R / P); // scale 4 → scale 2, rounded

const line = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });

/** The explanation of an evaluation scored for totals only. */
const NO_LINES: readonly Label[] = [];

// ---------------------------------------------------------------- compiled scheme

interface Evaluation {
  readonly raw: bigint;
  readonly factIds: readonly string[];
  readonly explain: readonly Label[];
}

interface Context {
  /** Whether to write explanation lines (`detail: 'full'`); totals need only the points. */
  readonly explain: boolean;
  readonly numbers: Numbers;
  readonly index: FactIndex;
  /** Unit names by id, for explanation lines. */
  readonly unitNames: ReadonlyMap<string, string>;
  readonly person: OrgPerson;
  /** The person's assessment unit (for `factScope: 'assessment-unit'`). */
  readonly assessmentUnitId: string;
  /** Key of the leaf being evaluated (set before each evaluation; one person at a time). */
  indicator: string;
  readonly warn: (code: string, indicator: string, zh: string, en: string) => void;
}

interface CompiledNode {
  readonly node: SchemeNode;
  readonly max: bigint | null;
  readonly layers: ReadonlySet<string> | null;
  readonly unitKinds: ReadonlySet<string> | null;
  readonly children: readonly CompiledNode[];
  readonly evaluate: ((facts: readonly Fact[], ctx: Context) => Evaluation) | null;
}

const pointsOf = (text: Decimal): bigint => parseScaled(text, 2);

const latestValid = <T>(facts: readonly Fact[], read: (f: Fact) => T | undefined) => {
  for (let i = facts.length - 1; i >= 0; i--) {
    const fact = facts[i]!;
    const value = read(fact);
    if (value !== undefined) return { fact, value };
  }
  return undefined;
};

const payloadString = (fact: Fact, name: string): string | undefined => {
  const v = fact.payload[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** A positive whole rank from a fact's value. */
export function rankOf(value: Decimal | null): number | undefined {
  if (value === null || !/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

/** Warn that a fact cannot be read (unknown key, bad value) and is left out. */
function ignored(ctx: Context, fact: Fact, zh: string, en: string): void {
  ctx.warn(
    'fact-ignored',
    fact.indicator,
    `记录 ${fact.id} ${zh}，未计入`,
    `fact ${fact.id} ${en}; ignored`,
  );
}

/** The facts that carry a decimal value, with the values at scale 4; the rest are warned about. */
function numericFacts(facts: readonly Fact[], ctx: Context): { values: bigint[]; used: Fact[] } {
  const values: bigint[] = [];
  const used: Fact[] = [];
  for (const fact of facts) {
    const v = fact.value === null ? undefined : ctx.numbers.exact(fact.value);
    if (v === undefined) ignored(ctx, fact, '没有有效数值', 'has no valid value');
    else {
      values.push(v);
      used.push(fact);
    }
  }
  return { values, used };
}

/**
 * Occurrences per key (`payload[field]`) for deductions and clauses: `value` is the count
 * (default 1). Plain occurrences are counted as numbers, not bigints, because a year holds
 * many of them. Counts come back at scale 4.
 */
function countByKey(
  facts: readonly Fact[],
  ctx: Context,
  field: string,
  known: ReadonlyMap<string, unknown>,
  why: [string, string],
): { counts: Map<string, bigint>; factIds: string[] } {
  const tally = new Map<string, { ones: number; extra: bigint }>();
  const factIds: string[] = [];
  for (const fact of facts) {
    const key = payloadString(fact, field);
    const count = fact.value === null ? null : ctx.numbers.exact(fact.value);
    if (key === undefined || !known.has(key) || count === undefined) {
      ignored(ctx, fact, why[0], why[1]);
      continue;
    }
    let t = tally.get(key);
    if (t === undefined) {
      t = { ones: 0, extra: 0n };
      tally.set(key, t);
    }
    if (count === null) t.ones += 1;
    else t.extra += count;
    factIds.push(fact.id);
  }
  const counts = new Map<string, bigint>();
  for (const [key, t] of tally) counts.set(key, BigInt(t.ones) * R + t.extra);
  return { counts, factIds };
}

type Missing = { readonly kind: 'zero' } | { readonly kind: 'points'; readonly points: Decimal };

function missingEvaluation(missing: Missing, ctx: Context): Evaluation {
  const raw = missing.kind === 'points' ? pointsOf(missing.points) : 0n;
  return {
    raw,
    factIds: [],
    explain: ctx.explain
      ? [line(`无记录，计 ${showPoints(raw)} 分`, `No facts: ${showPoints(raw)} points`)]
      : NO_LINES,
  };
}

/** Points of a rank in a table of rows; undefined when it is in no row. */
function rowPoints(rows: readonly { from: number; to: number; points: bigint }[], rank: number) {
  for (const row of rows) if (rank >= row.from && rank <= row.to) return row.points;
  return undefined;
}

function compileMethod(
  method: Method,
  max: bigint | null,
): (facts: readonly Fact[], ctx: Context) => Evaluation {
  switch (method.kind) {
    case 'deduction': {
      const start = method.start !== undefined ? pointsOf(method.start) : (max ?? 0n);
      const items = method.items.map((item) => ({ ...item, value: pointsOf(item.points) }));
      const byKey = new Map(items.map((item) => [item.key, item]));
      return (facts, ctx) => {
        const { counts, factIds } = countByKey(facts, ctx, 'item', byKey, [
          '的扣分项或次数无效',
          'names no known item or a bad count',
        ]);
        const explain: Label[] | null = ctx.explain
          ? [line(`起始 ${showPoints(start)} 分`, `Start at ${showPoints(start)}`)]
          : null;
        let deducted = 0n; // scale 6
        for (const item of items) {
          const count = counts.get(item.key);
          if (count === undefined) continue;
          const amount = item.value * count;
          deducted += amount;
          if (explain === null) continue;
          const shown = signed(-divRound(amount, R));
          explain.push(
            line(
              `${item.label['zh-CN']} ×${showRatio(count)} ${shown}`,
              `${item.label.en} ×${showRatio(count)} ${shown}`,
            ),
          );
        }
        const exact = start * R - deducted;
        const raw = exact < 0n ? 0n : divRound(exact, R);
        if (exact < 0n) explain?.push(line('扣完为止，计 0 分', 'Floored at 0'));
        return { raw, factIds, explain: explain ?? NO_LINES };
      };
    }
    case 'graded-choice': {
      const options = new Map(
        method.options.map((o) => [o.key, { ...o, value: pointsOf(o.points) }]),
      );
      const missing = method.missing;
      return (facts, ctx) => {
        const latest = latestValid(facts, (f) => {
          const key = payloadString(f, 'option');
          return key === undefined ? undefined : options.get(key);
        });
        if (latest !== undefined) {
          const o = latest.value;
          return {
            raw: o.value,
            factIds: [latest.fact.id],
            explain: ctx.explain
              ? [
                  line(
                    `评为“${o.label['zh-CN']}”：${showPoints(o.value)} 分`,
                    `Graded "${o.label.en}": ${showPoints(o.value)}`,
                  ),
                ]
              : NO_LINES,
          };
        }
        if (missing.kind === 'option') {
          const o = options.get(missing.option);
          const raw = o?.value ?? 0n;
          return {
            raw,
            factIds: [],
            explain: ctx.explain
              ? [
                  line(
                    `无记录，按“${o?.label['zh-CN'] ?? missing.option}”计 ${showPoints(raw)} 分`,
                    `No facts: counted as "${o?.label.en ?? missing.option}", ${showPoints(raw)}`,
                  ),
                ]
              : NO_LINES,
          };
        }
        return missingEvaluation({ kind: 'zero' }, ctx);
      };
    }
    case 'rank-table': {
      const rows = method.rows.map((r) => ({ from: r.from, to: r.to, points: pointsOf(r.points) }));
      const last = rows.reduce((a, b) => (b.to > a.to ? b : a), rows[0]!);
      const out = method.outOfTable;
      const outPoints =
        out.kind === 'zero' ? 0n : out.kind === 'last-row' ? last.points : pointsOf(out.points);
      const at = (rank: number): bigint => rowPoints(rows, rank) ?? outPoints;
      return (facts, ctx) => {
        const latest = latestValid(facts, (f) => rankOf(f.value));
        if (latest === undefined) return missingEvaluation(method.missing, ctx);
        const rank = latest.value;
        const tiedRaw = latest.fact.payload.tiedWith;
        const tied =
          typeof tiedRaw === 'number' && Number.isSafeInteger(tiedRaw) && tiedRaw > 1 ? tiedRaw : 1;
        let raw: bigint;
        const best = tied === 1 || method.ties === 'best';
        if (best) raw = at(rank);
        else {
          let sum = 0n;
          for (let pos = rank; pos < rank + tied; pos++) sum += at(pos);
          raw = divRound(sum, BigInt(tied));
        }
        if (!ctx.explain) return { raw, factIds: [latest.fact.id], explain: NO_LINES };
        const how =
          tied === 1
            ? line('', '')
            : best
              ? line(`（${tied} 人并列，取最好名次）`, ` (${tied} tied, best rank)`)
              : line(
                  `（${tied} 人并列，取第 ${rank}—${rank + tied - 1} 名平均）`,
                  ` (${tied} tied, mean of ranks ${rank}–${rank + tied - 1})`,
                );
        const outside = rowPoints(rows, rank) === undefined;
        const note = outside ? line('，超出赋分表', ', beyond the table') : line('', '');
        return {
          raw,
          factIds: [latest.fact.id],
          explain: [
            line(
              `排名第 ${rank}${how['zh-CN']}${note['zh-CN']}：${showPoints(raw)} 分`,
              `Rank ${rank}${how.en}${note.en}: ${showPoints(raw)}`,
            ),
          ],
        };
      };
    }
    case 'external-lookup': {
      const rows = method.ranks?.map((r) => ({
        from: r.from,
        to: r.to,
        points: pointsOf(r.points),
      }));
      const grades = new Map(
        (method.grades ?? []).map((g) => [g.key, { ...g, value: pointsOf(g.points) }]),
      );
      return (_facts, ctx) => {
        const linked = method.link === 'villages' ? ctx.person.villageIds : [ctx.person.unitId];
        const found: bigint[] = [];
        const factIds: string[] = [];
        const explain: Label[] = [];
        for (const unitId of linked) {
          const facts = ctx.index.unit.get(ctx.indicator)?.get(unitId) ?? [];
          const latest = latestValid(facts, (f) => {
            const grade = payloadString(f, 'grade');
            if (grade !== undefined && grades.has(grade))
              return { kind: 'grade' as const, grade: grades.get(grade)! };
            const rank = rows && rankOf(f.value);
            return rank ? { kind: 'rank' as const, rank } : undefined;
          });
          if (latest === undefined) continue;
          factIds.push(latest.fact.id);
          const v = latest.value;
          const points = v.kind === 'grade' ? v.grade.value : (rowPoints(rows ?? [], v.rank) ?? 0n);
          found.push(points);
          if (!ctx.explain) continue;
          const name = ctx.unitNames.get(unitId) ?? unitId;
          if (v.kind === 'grade') {
            explain.push(
              line(
                `${name}：等次“${v.grade.label['zh-CN']}” ${showPoints(v.grade.value)} 分`,
                `${name}: grade "${v.grade.label.en}" ${showPoints(v.grade.value)}`,
              ),
            );
          } else {
            explain.push(
              line(
                `${name}：排名第 ${v.rank}，${showPoints(points)} 分`,
                `${name}: rank ${v.rank}, ${showPoints(points)}`,
              ),
            );
          }
        }
        if (found.length === 0) return missingEvaluation(method.missing, ctx);
        let raw: bigint;
        if (method.combine === 'mean') {
          raw = divRound(
            found.reduce((a, b) => a + b, 0n),
            BigInt(found.length),
          );
        } else {
          raw = found.reduce((a, b) =>
            method.combine === 'best' ? (b > a ? b : a) : b < a ? b : a,
          );
        }
        if (found.length > 1 && ctx.explain) {
          const zh = { mean: '平均', best: '取最高', worst: '取最低' }[method.combine];
          const en = { mean: 'mean', best: 'best', worst: 'worst' }[method.combine];
          explain.push(
            line(
              `${found.length} 个联系单位${zh}：${showPoints(raw)} 分`,
              `${found.length} linked units, ${en}: ${showPoints(raw)}`,
            ),
          );
        }
        return { raw, factIds, explain };
      };
    }
    case 'rating-average': {
      const groups = method.groups.map((g) => ({ ...g, w: parseScaled(g.weight, RATIO_SCALE) }));
      const known = new Set(groups.map((g) => g.key));
      const scaleMax = parseScaled(method.scaleMax, RATIO_SCALE);
      const top = max ?? 0n;
      return (facts, ctx) => {
        const sums = new Map<string, { sum: bigint; n: bigint }>();
        const factIds: string[] = [];
        for (const fact of facts) {
          const group = payloadString(fact, 'group');
          const v = fact.value === null ? undefined : ctx.numbers.exact(fact.value);
          if (group === undefined || !known.has(group) || v === undefined) {
            ignored(ctx, fact, '的评分组或分数无效', 'names no known group or has a bad rating');
            continue;
          }
          const s = sums.get(group);
          if (s === undefined) sums.set(group, { sum: v, n: 1n });
          else {
            s.sum += v;
            s.n += 1n;
          }
          factIds.push(fact.id);
        }
        const explain: Label[] = [];
        let num = 0n; // Σ w × mean, as num/den (scales 4 × 4)
        let den = 1n;
        let present = 0n;
        const absent: string[] = [];
        for (const g of groups) {
          const s = sums.get(g.key);
          if (s === undefined) {
            absent.push(g.key);
            if (ctx.explain)
              explain.push(line(`${g.label['zh-CN']}：无评分`, `${g.label.en}: no ratings`));
            continue;
          }
          present += g.w;
          num = num * s.n + g.w * s.sum * den;
          den *= s.n;
          if (!ctx.explain) continue;
          const mean = divRound(s.sum, s.n);
          explain.push(
            line(
              `${g.label['zh-CN']}：${s.n} 人平均 ${showRatio(mean)}（权重 ${showRatio(g.w)}）`,
              `${g.label.en}: mean of ${s.n} = ${showRatio(mean)} (weight ${showRatio(g.w)})`,
            ),
          );
        }
        if (absent.length > 0) {
          for (const group of absent) {
            if (method.missingGroup === 'flag') {
              ctx.warn(
                'rater-group-missing',
                ctx.indicator,
                `评分组“${group}”没有评分，本项计 0 分待核实`,
                `rater group "${group}" has no ratings: scored 0, please check`,
              );
            }
          }
          if (method.missingGroup === 'flag' || present === 0n) {
            if (ctx.explain)
              explain.push(line('有评分组缺评，计 0 分', 'A rater group is missing: 0 points'));
            return { raw: 0n, factIds, explain };
          }
        }
        const weightTotal = method.missingGroup === 'renormalise' ? present : R;
        const raw = divRound(top * num, den * weightTotal * scaleMax);
        if (!ctx.explain) return { raw, factIds, explain };
        const rule =
          absent.length > 0 && method.missingGroup === 'renormalise'
            ? line('，缺评组权重按比例分配', ', missing groups renormalised')
            : absent.length > 0
              ? line('，缺评组按 0 计', ', missing groups count 0')
              : line('', '');
        explain.push(
          line(
            `按满分 ${showPoints(top)} 折算${rule['zh-CN']}：${showPoints(raw)} 分`,
            `Scaled to ${showPoints(top)}${rule.en}: ${showPoints(raw)}`,
          ),
        );
        return { raw, factIds, explain };
      };
    }
    case 'task-force':
      return (facts, ctx) => {
        const forces = new Map<string, { base: bigint; allocation: bigint }>();
        const factIds: string[] = [];
        for (const fact of facts) {
          const name = payloadString(fact, 'taskForce');
          const part = fact.payload.part;
          const v = fact.value === null ? undefined : ctx.numbers.exact(fact.value);
          if (name === undefined || (part !== 'base' && part !== 'allocation') || v === undefined) {
            ignored(ctx, fact, '缺少专班、分值类别或分值', 'lacks a task force, a part or a value');
            continue;
          }
          const f = forces.get(name) ?? { base: 0n, allocation: 0n };
          if (part === 'base') f.base += v;
          else f.allocation += v;
          forces.set(name, f);
          factIds.push(fact.id);
        }
        let total = 0n;
        const explain: Label[] = [];
        for (const [name, f] of forces) {
          total += f.base + f.allocation;
          if (!ctx.explain) continue;
          const base = showPoints(toP(f.base));
          const alloc = signed(toP(f.allocation));
          explain.push(
            line(
              `专班“${name}”：基础分 ${base}，二次赋分 ${alloc}`,
              `Task force "${name}": base ${base}, allocation ${alloc}`,
            ),
          );
        }
        return { raw: toP(total), factIds, explain };
      };
    case 'clause': {
      const clauses = method.clauses.map((c) => ({ ...c, value: pointsOf(c.points) }));
      const byKey = new Map(clauses.map((c) => [c.key, c]));
      return (facts, ctx) => {
        const { counts, factIds } = countByKey(facts, ctx, 'clause', byKey, [
          '的条款或次数无效',
          'names no known clause or a bad count',
        ]);
        let total = 0n; // scale 6
        const explain: Label[] = [];
        for (const c of clauses) {
          const count = counts.get(c.key);
          if (count === undefined) continue;
          total += c.value * count;
          if (!ctx.explain) continue;
          const shown = signed(divRound(c.value * count, R));
          explain.push(
            line(
              `${c.label['zh-CN']} ×${showRatio(count)} ${shown}`,
              `${c.label.en} ×${showRatio(count)} ${shown}`,
            ),
          );
        }
        return { raw: divRound(total, R), factIds, explain };
      };
    }
    case 'discretionary': {
      const lo = method.min !== undefined ? parseScaled(method.min, RATIO_SCALE) : undefined;
      const hi = method.max !== undefined ? parseScaled(method.max, RATIO_SCALE) : undefined;
      return (facts, ctx) => {
        const { values, used } = numericFacts(facts, ctx);
        const factIds = used.map((f) => f.id);
        const explain: Label[] = [];
        let sum = 0n;
        values.forEach((v, i) => {
          sum += v;
          if (!ctx.explain) return;
          const note = used[i]!.evidence.note?.trim() ?? '';
          const shown = signed(toP(v));
          explain.push(line(`${shown}：${note}`, `${shown}: ${note}`));
        });
        let bounded = sum;
        if (hi !== undefined && bounded > hi) bounded = hi;
        if (lo !== undefined && bounded < lo) bounded = lo;
        if (bounded !== sum && ctx.explain) {
          explain.push(
            line(
              `合计限定在 ${showRatio(lo ?? bounded)}～${showRatio(hi ?? bounded)} 之间：${showRatio(bounded)}`,
              `Total kept within ${showRatio(lo ?? bounded)}..${showRatio(hi ?? bounded)}: ${showRatio(bounded)}`,
            ),
          );
        }
        return { raw: toP(bounded), factIds, explain };
      };
    }
    case 'threshold': {
      const rows = method.rows.map((r) => ({
        min: r.min !== undefined ? parseScaled(r.min, RATIO_SCALE) : undefined,
        below: r.below !== undefined ? parseScaled(r.below, RATIO_SCALE) : undefined,
        points: pointsOf(r.points),
        text: `[${r.min ?? '−∞'}, ${r.below ?? '+∞'})`,
      }));
      return (facts, ctx) => {
        const { values, used } = numericFacts(facts, ctx);
        if (values.length === 0) return missingEvaluation(method.missing, ctx);
        // The aggregate as an exact fraction a / b (scale 4), b > 0.
        let a: bigint;
        let b = 1n;
        let factIds = used.map((f) => f.id);
        switch (method.aggregate) {
          case 'sum':
            a = values.reduce((x, y) => x + y, 0n);
            break;
          case 'mean':
            a = values.reduce((x, y) => x + y, 0n);
            b = BigInt(values.length);
            break;
          case 'latest':
            a = values[values.length - 1]!;
            factIds = [used[used.length - 1]!.id];
            break;
          case 'min':
          case 'max': {
            let best = 0;
            for (let i = 1; i < values.length; i++) {
              const better =
                method.aggregate === 'min'
                  ? values[i]! < values[best]!
                  : values[i]! > values[best]!;
              if (better) best = i;
            }
            a = values[best]!;
            factIds = [used[best]!.id];
            break;
          }
        }
        const row = rows.find(
          (r) =>
            (r.min === undefined || a >= r.min * b) && (r.below === undefined || a < r.below * b),
        );
        const raw = row?.points ?? 0n;
        if (!ctx.explain) return { raw, factIds, explain: NO_LINES };
        const shown = showRatio(divRound(a, b));
        const agg = {
          mean: ['平均', 'mean'],
          sum: ['合计', 'sum'],
          latest: ['最新', 'latest'],
          min: ['最小', 'min'],
          max: ['最大', 'max'],
        }[method.aggregate];
        return {
          raw,
          factIds,
          explain: [
            row
              ? line(
                  `${method.metric}${agg[0]} ${shown}，落在 ${row.text}：${showPoints(raw)} 分`,
                  `${method.metric} ${agg[1]} ${shown} in ${row.text}: ${showPoints(raw)}`,
                )
              : line(
                  `${method.metric}${agg[0]} ${shown}，不在任何区间：0 分`,
                  `${method.metric} ${agg[1]} ${shown} is in no range: 0`,
                ),
          ],
        };
      };
    }
    case 'workflow':
    case 'okr':
    case 'kpi': {
      const factor = method.factor !== undefined ? parseScaled(method.factor, RATIO_SCALE) : R;
      const kind = method.kind;
      return (facts, ctx) => {
        const { values, used } = numericFacts(facts, ctx);
        const factIds = used.map((f) => f.id);
        const sum = values.reduce((a, b) => a + b, 0n);
        const raw = divRound(sum * factor, R * (R / P));
        if (!ctx.explain) return { raw, factIds, explain: NO_LINES };
        const f = showRatio(factor);
        return {
          raw,
          factIds,
          explain: [
            line(
              `${kind.toUpperCase()} ${factIds.length} 条记录合计 ${showRatio(sum)} × 系数 ${f}：${showPoints(raw)} 分`,
              `${kind.toUpperCase()}: ${factIds.length} facts sum to ${showRatio(sum)} × ${f}: ${showPoints(raw)}`,
            ),
          ],
        };
      };
    }
  }
}

function compileNode(node: SchemeNode, leaves: Set<string>): CompiledNode {
  const max = node.max === null ? null : pointsOf(node.max);
  const layers = node.appliesTo?.layers ? new Set(node.appliesTo.layers) : null;
  const unitKinds = node.appliesTo?.unitKinds ? new Set(node.appliesTo.unitKinds) : null;
  if (node.method !== undefined) {
    leaves.add(node.key);
    return {
      node,
      max,
      layers,
      unitKinds,
      children: [],
      evaluate: compileMethod(node.method, max),
    };
  }
  const children = (node.children ?? []).map((child) => compileNode(child, leaves));
  return { node, max, layers, unitKinds, children, evaluate: null };
}

// ---------------------------------------------------------------- scoring

interface ScoredNode {
  /** The node's breakdown, or null when scoring for totals only. */
  readonly score: NodeScore | null;
  readonly points: bigint;
}

const EMPTY: readonly Fact[] = [];

function leafFacts(node: SchemeNode, ctx: Context): readonly Fact[] {
  const scope = node.factScope ?? 'person';
  if (scope === 'assessment-unit')
    return ctx.index.unit.get(node.key)?.get(ctx.assessmentUnitId) ?? EMPTY;
  const own = scope === 'unit' ? undefined : ctx.index.person.get(node.key)?.get(ctx.person.id);
  const unit =
    scope === 'person' ? undefined : ctx.index.unit.get(node.key)?.get(ctx.person.unitId);
  if (own === undefined) return unit ?? EMPTY;
  if (unit === undefined) return own;
  return [...own, ...unit].sort(compareFacts);
}

function scoreNode(
  c: CompiledNode,
  ctx: Context,
  layer: string | undefined,
  unitKind: string,
): ScoredNode | null {
  if (c.layers !== null && (layer === undefined || !c.layers.has(layer))) return null;
  if (c.unitKinds !== null && !c.unitKinds.has(unitKind)) return null;
  let raw: bigint;
  let factIds: readonly string[] = [];
  let explain: readonly Label[] = [];
  const children: NodeScore[] = [];
  if (c.evaluate !== null) {
    ctx.indicator = c.node.key;
    ({ raw, factIds, explain } = c.evaluate(leafFacts(c.node, ctx), ctx));
  } else {
    raw = 0n;
    let applies = false;
    for (const child of c.children) {
      const scored = scoreNode(child, ctx, layer, unitKind);
      if (scored === null) continue;
      applies = true;
      raw += scored.points;
      if (scored.score !== null) children.push(scored.score);
    }
    if (!applies) return null; // nothing below applies to this person
  }
  const capped = c.max !== null && raw > c.max;
  const points = c.max !== null && capped ? c.max : raw;
  if (!ctx.explain) return { points, score: null };
  if (capped) {
    explain = [
      ...explain,
      line(
        `封顶 ${showPoints(points)} 分（原 ${showPoints(raw)}）`,
        `Capped at ${showPoints(points)} (was ${showPoints(raw)})`,
      ),
    ];
  }
  return {
    points,
    score: {
      key: c.node.key,
      points: formatPoints(points),
      raw: formatPoints(raw),
      capped,
      factIds,
      explain,
      children,
    },
  };
}

/** How much of the sheet to build. */
export interface ScoreOptions {
  /**
   * `full` (the default): every person's breakdown tree with the facts and explanation lines
   * behind each number. `totals`: the same common, individual, total and index (and warnings)
   * with empty `nodes`, for callers that store or rank totals only (a full recompute of an
   * open period); several times less work and garbage.
   */
  readonly detail?: 'full' | 'totals';
}

/**
 * Score every person of `org` under `scheme` from the facts given (the caller passes the
 * period's facts; superseded ones are dropped here). Pure and deterministic: the same
 * inputs in any order give the identical sheet, people sorted by id. Fastest when facts come
 * in (recordedAt, id) order, as the fact store reads them: lists already in order are not sorted.
 * @throws RangeError when the scheme holds a malformed decimal (validate schemes first).
 */
export function score(
  scheme: Scheme,
  facts: readonly Fact[],
  org: OrgSnapshot,
  period: Period,
  options: ScoreOptions = {},
): ScoreSheet {
  const explain = options.detail !== 'totals';
  const leaves = new Set<string>();
  const dimensions = scheme.dimensions.map((d) => ({
    part: d.part,
    compiled: compileNode(d, leaves),
  }));
  const index = indexFacts(facts, leaves);
  const unitKinds = new Map(org.units.map((u) => [u.id, u.kind]));
  const unitNames = new Map(org.units.map((u) => [u.id, u.name]));
  const assessmentUnitOfUnit = assessmentUnitResolver(org);
  const commonCap = pointsOf(scheme.commonCap);
  const coefficients = new Map(
    Object.entries(scheme.positionCoefficients.byRank).map(([rank, v]) => [
      rank,
      parseScaled(v, RATIO_SCALE),
    ]),
  );
  const defaultCoefficient = parseScaled(scheme.positionCoefficients.default, RATIO_SCALE);
  const numbers = new Numbers();
  const warnings: ScoreWarning[] = [];
  const people = [...org.people].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sheetPeople: PersonScore[] = people.map((person) => {
    const ctx: Context = {
      explain,
      numbers,
      unitNames,
      index,
      person,
      assessmentUnitId: assessmentUnitOfUnit(person.unitId),
      indicator: '',
      warn: (code, indicator, zh, en) =>
        warnings.push({ code, personId: person.id, indicator, message: line(zh, en) }),
    };
    const layer = scheme.layers
      ? (scheme.layers.byRank[person.rank] ?? scheme.layers.default)
      : undefined;
    const unitKind = unitKinds.get(person.unitId) ?? '';
    let commonRaw = 0n;
    let individual = 0n;
    const nodes: NodeScore[] = [];
    for (const d of dimensions) {
      const scored = scoreNode(d.compiled, ctx, layer, unitKind);
      if (scored === null) continue;
      if (scored.score !== null) nodes.push(scored.score);
      if (d.part === 'common') commonRaw += scored.points;
      else individual += scored.points;
    }
    const common = commonRaw > commonCap ? commonCap : commonRaw;
    const total = common + individual;
    const coefficient = coefficients.get(person.rank) ?? defaultCoefficient;
    return {
      personId: person.id,
      unitId: person.unitId,
      common: formatPoints(common),
      commonRaw: formatPoints(commonRaw),
      individual: formatPoints(individual),
      total: formatPoints(total),
      coefficient: showRatio(coefficient),
      index: formatPoints(divRound(total * coefficient, R)),
      nodes,
    };
  });
  return {
    schemeKey: scheme.key,
    schemeVersion: scheme.version,
    periodId: period.id,
    people: sheetPeople,
    warnings,
  };
}
