/**
 * Scheme validation: takes anything (parsed JSON from an import, the editor's draft) and
 * either returns a typed `Scheme` or names every problem with a path such as
 * `dimensions[0].children[2].method.rows[1]`. Errors block saving; warnings are shown
 * beside a valid scheme (e.g. children whose maxima add up to more than their parent's).
 */
import { isDecimal, parseScaled, RATIO_SCALE } from './decimal.ts';
import { assessmentKinds, type Label, type Scheme } from './types.ts';

/** Every problem code validation can report. */
export const schemeProblemCodes = [
  'type-invalid',
  'property-missing',
  'property-unknown',
  'decimal-invalid',
  'integer-invalid',
  'value-invalid',
  'label-invalid',
  'key-invalid',
  'key-duplicate',
  'max-not-positive',
  'method-unknown',
  'leaf-without-method',
  'group-without-children',
  'node-method-and-children',
  'rank-rows-overlap',
  'rank-rows-gap',
  'rank-row-invalid',
  'threshold-rows-overlap',
  'threshold-rows-gap',
  'threshold-row-invalid',
  'weights-not-one',
  'weight-not-positive',
  'points-not-positive',
  'points-exceed-max',
  'children-exceed-max',
  'common-exceeds-cap',
  'method-needs-max',
  'option-unknown',
  'table-missing',
  'discretionary-range-invalid',
  'layer-unknown',
  'layers-missing',
  'fact-scope-on-group',
  'coefficient-not-positive',
  'signal-share-invalid',
  'signal-consecutive-invalid',
  'grade-quota-invalid',
  'grade-thresholds-invalid',
  'work-indicator-unknown',
  'work-indicator-not-leaf',
  'work-indicator-method',
  'work-indicator-scope',
  'work-points-positive',
] as const;
/** A problem code. */
export type SchemeProblemCode = (typeof schemeProblemCodes)[number];

/** One named problem: where (`path`), what (`code`), a sentence in both languages, how bad. */
export interface SchemeProblem {
  readonly code: SchemeProblemCode;
  /** Dotted path into the scheme, e.g. `dimensions[0].children[2].method.rows[1]`; "" = the scheme. */
  readonly path: string;
  readonly message: Label;
  /** `error` blocks saving; `warning` is shown beside a valid scheme. */
  readonly severity: 'error' | 'warning';
}

/** What `validateScheme` returns: the typed scheme, or every error found (warnings in both). */
export type SchemeValidation =
  | { readonly ok: true; readonly scheme: Scheme; readonly warnings: readonly SchemeProblem[] }
  | {
      readonly ok: false;
      readonly problems: readonly SchemeProblem[];
      readonly warnings: readonly SchemeProblem[];
    };

/** Method kinds the engine knows. */
export const methodKinds = [
  'deduction',
  'graded-choice',
  'rank-table',
  'external-lookup',
  'rating-average',
  'task-force',
  'clause',
  'discretionary',
  'threshold',
  'workflow',
  'okr',
  'kpi',
] as const;

/** Top-level properties every scheme has (`layers` is the one optional). */
export const schemeRequired = [
  'key',
  'version',
  'name',
  'audience',
  'commonCap',
  'dimensions',
  'positionCoefficients',
  'composition',
  'results',
] as const;

type Obj = Record<string, unknown>;
const ONE = 10n ** BigInt(RATIO_SCALE);
const keyPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const at = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Format a scale-4 integer for messages, without trailing zeros. */
function show(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / ONE;
  const frac = (abs % ONE).toString().padStart(RATIO_SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
}

class Checker {
  readonly errors: SchemeProblem[] = [];
  readonly warnings: SchemeProblem[] = [];
  /** Node keys seen so far (facts address leaves by key, so keys are unique scheme-wide). */
  readonly nodeKeys = new Map<string, string>();
  layers: ReadonlySet<string> | undefined;

  error(code: SchemeProblemCode, path: string, zh: string, en: string): void {
    this.errors.push({ code, path, message: { 'zh-CN': zh, en }, severity: 'error' });
  }

  warn(code: SchemeProblemCode, path: string, zh: string, en: string): void {
    this.warnings.push({ code, path, message: { 'zh-CN': zh, en }, severity: 'warning' });
  }

  /** An object with exactly the allowed properties; `required` ones must be present. */
  object(
    value: unknown,
    path: string,
    required: readonly string[],
    optional: readonly string[] = [],
  ): Obj | undefined {
    if (!isObj(value)) {
      this.error('type-invalid', path, '应为对象', 'must be an object');
      return undefined;
    }
    for (const name of Object.keys(value)) {
      if (!required.includes(name) && !optional.includes(name)) {
        this.error(
          'property-unknown',
          at(path, name),
          `未知属性“${name}”`,
          `unknown property "${name}"`,
        );
      }
    }
    for (const name of required) {
      if (value[name] === undefined) {
        this.error('property-missing', at(path, name), `缺少“${name}”`, `"${name}" is missing`);
      }
    }
    return value;
  }

  /** A property that becomes required once another one (e.g. `kind`) says so. */
  need(o: Obj, name: string, path: string): void {
    if (o[name] === undefined) {
      this.error('property-missing', at(path, name), `缺少“${name}”`, `"${name}" is missing`);
    }
  }

  array(value: unknown, path: string): readonly unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.error('type-invalid', path, '应为数组', 'must be an array');
      return undefined;
    }
    return value as unknown[];
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      this.error('type-invalid', path, '应为非空文本', 'must be a non-empty string');
      return undefined;
    }
    return value;
  }

  key(value: unknown, path: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !keyPattern.test(value)) {
      this.error(
        'key-invalid',
        path,
        '键只能由字母、数字、“_”“-”“.”组成，最长 64 个字符',
        'a key is 1–64 letters, digits, "_", "-" or "." starting with a letter or digit',
      );
      return undefined;
    }
    return value;
  }

  /** A decimal string, as a scale-4 integer (exact: decimals have at most 4 places). */
  decimal(value: unknown, path: string): bigint | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !isDecimal(value)) {
      const shown = JSON.stringify(value);
      this.error(
        'decimal-invalid',
        path,
        `${shown} 不是有效的小数（用字符串书写，最多 4 位小数）`,
        `${shown} is not a valid decimal (a string with at most 4 decimals)`,
      );
      return undefined;
    }
    return parseScaled(value, RATIO_SCALE);
  }

  integer(value: unknown, path: string, min: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      this.error(
        'integer-invalid',
        path,
        `应为不小于 ${min} 的整数`,
        `must be an integer ≥ ${min}`,
      );
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, values: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      this.error(
        'value-invalid',
        path,
        `应为 ${values.join(' / ')} 之一`,
        `must be one of ${values.join(', ')}`,
      );
      return undefined;
    }
    return value as T;
  }

  label(value: unknown, path: string): void {
    if (value === undefined) return;
    const ok =
      isObj(value) &&
      Object.keys(value).every((k) => k === 'zh-CN' || k === 'en') &&
      typeof value['zh-CN'] === 'string' &&
      value['zh-CN'].trim() !== '' &&
      typeof value.en === 'string' &&
      value.en.trim() !== '';
    if (!ok) {
      this.error(
        'label-invalid',
        path,
        '名称须同时有中文（zh-CN）和英文（en）',
        'a label needs both "zh-CN" and "en" text',
      );
    }
  }

  /** Points that must not exceed the node's maximum (caps exceeded by construction). */
  capped(points: bigint | undefined, max: bigint | null, path: string, what: string): void {
    if (points !== undefined && max !== null && points > max) {
      this.error(
        'points-exceed-max',
        path,
        `${what}分值 ${show(points)} 超过本指标满分 ${show(max)}`,
        `${what} worth ${show(points)} exceeds the indicator's maximum ${show(max)}`,
      );
    }
  }

  /** Keys unique within one list (options, items, groups…). */
  uniqueKeys(list: readonly unknown[], path: string, field = 'key'): Set<string> {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      if (!isObj(entry) || typeof entry[field] !== 'string') return;
      const key = entry[field];
      if (seen.has(key)) {
        this.error(
          'key-duplicate',
          at(at(path, i), field),
          `“${key}”重复`,
          `"${key}" is used more than once`,
        );
      }
      seen.add(key);
    });
    return seen;
  }
}

// ---------------------------------------------------------------- tables

/** Rank rows: integers from ≤ to, starting at 1, contiguous, no overlap. */
function checkRankRows(c: Checker, value: unknown, path: string, max: bigint | null): boolean {
  const rows = c.array(value, path);
  if (rows === undefined) return false;
  if (rows.length === 0) {
    c.error('table-missing', path, '排名赋分表至少需要一行', 'a rank table needs at least one row');
    return false;
  }
  const parsed: { from: number; to: number; index: number }[] = [];
  rows.forEach((row, i) => {
    const p = at(path, i);
    const r = c.object(row, p, ['from', 'to', 'points']);
    if (!r) return;
    const from = c.integer(r.from, at(p, 'from'), 1);
    const to = c.integer(r.to, at(p, 'to'), 1);
    c.capped(c.decimal(r.points, at(p, 'points')), max, at(p, 'points'), `第 ${i + 1} 行`);
    if (from === undefined || to === undefined) return;
    if (to < from) {
      c.error(
        'rank-row-invalid',
        p,
        `名次 ${from}—${to} 起止颠倒`,
        `ranks ${from}–${to} run backwards`,
      );
      return;
    }
    parsed.push({ from, to, index: i });
  });
  parsed.sort((a, b) => a.from - b.from || a.to - b.to);
  let expected = 1;
  for (const row of parsed) {
    const p = at(path, row.index);
    if (row.from < expected) {
      c.error(
        'rank-rows-overlap',
        p,
        `名次 ${row.from}—${row.to} 与其他行重叠`,
        `ranks ${row.from}–${row.to} overlap another row`,
      );
    } else if (row.from > expected) {
      c.error(
        'rank-rows-gap',
        p,
        `名次 ${expected}—${row.from - 1} 没有对应的行`,
        `ranks ${expected}–${row.from - 1} are in no row`,
      );
    }
    expected = Math.max(expected, row.to + 1);
  }
  return true;
}

/** Threshold rows: [min, below) ranges that neither overlap nor leave gaps between them. */
function checkThresholdRows(c: Checker, value: unknown, path: string, max: bigint | null): void {
  const rows = c.array(value, path);
  if (rows === undefined) return;
  if (rows.length === 0) {
    c.error(
      'table-missing',
      path,
      '阈值表至少需要一行',
      'a threshold table needs at least one row',
    );
    return;
  }
  const parsed: { min: bigint | null; below: bigint | null; index: number }[] = [];
  rows.forEach((row, i) => {
    const p = at(path, i);
    const r = c.object(row, p, ['points'], ['min', 'below']);
    if (!r) return;
    const min = r.min === undefined ? null : c.decimal(r.min, at(p, 'min'));
    const below = r.below === undefined ? null : c.decimal(r.below, at(p, 'below'));
    c.capped(c.decimal(r.points, at(p, 'points')), max, at(p, 'points'), `第 ${i + 1} 行`);
    if (min === undefined || below === undefined) return;
    if (min !== null && below !== null && below <= min) {
      c.error(
        'threshold-row-invalid',
        p,
        '区间为空：上限（below）须大于下限（min）',
        'empty range: "below" must be greater than "min"',
      );
      return;
    }
    parsed.push({ min, below, index: i });
  });
  const lo = (v: bigint | null): bigint | number => v ?? -Infinity;
  parsed.sort((a, b) => {
    const x = lo(a.min);
    const y = lo(b.min);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (let i = 1; i < parsed.length; i++) {
    const prev = parsed[i - 1]!;
    const row = parsed[i]!;
    const p = at(path, row.index);
    if (prev.below === null || row.min === null || row.min < prev.below) {
      c.error(
        'threshold-rows-overlap',
        p,
        '该行区间与其他行重叠',
        'this range overlaps another row',
      );
    } else if (row.min > prev.below) {
      c.error(
        'threshold-rows-gap',
        p,
        `区间 [${show(prev.below)}, ${show(row.min)}) 没有对应的行`,
        `values in [${show(prev.below)}, ${show(row.min)}) are in no row`,
      );
    }
  }
}

/** A list of keyed, labelled options with points (graded choice, lookup grades). */
function checkOptions(
  c: Checker,
  value: unknown,
  path: string,
  max: bigint | null,
  what: [string, string],
): Set<string> {
  return keyedPoints(c, value, path, what, (points, p) => c.capped(points, max, p, what[0]));
}

/**
 * A non-empty list of `{ key, label, points }` with unique keys; `each` checks the points.
 * Returns the keys.
 */
function keyedPoints(
  c: Checker,
  value: unknown,
  path: string,
  what: [string, string],
  each: (points: bigint, path: string) => void,
): Set<string> {
  const list = c.array(value, path);
  if (list === undefined) return new Set();
  if (list.length === 0) {
    c.error('table-missing', path, `至少需要一个${what[0]}`, `at least one ${what[1]} is needed`);
  }
  list.forEach((entry, i) => {
    const p = at(path, i);
    const o = c.object(entry, p, ['key', 'label', 'points']);
    if (!o) return;
    c.key(o.key, at(p, 'key'));
    c.label(o.label, at(p, 'label'));
    const points = c.decimal(o.points, at(p, 'points'));
    if (points !== undefined) each(points, at(p, 'points'));
  });
  return c.uniqueKeys(list, path);
}

/** Items of deductions (points > 0) and clauses (points ≠ 0, signed). */
function checkItems(
  c: Checker,
  value: unknown,
  path: string,
  signed: boolean,
  max: bigint | null,
): void {
  keyedPoints(c, value, path, ['条目', 'item'], (points, p) => {
    if (signed ? points === 0n : points <= 0n) {
      c.error(
        'points-not-positive',
        p,
        signed ? '条款分值不能为 0（正数加分，负数扣分）' : '扣分条目的分值须为正数',
        signed
          ? 'a clause cannot be worth 0 (positive adds, negative subtracts)'
          : 'a deduction item is worth a positive number of points',
      );
    }
    if (signed) c.capped(points, max, p, '条款');
  });
}

function checkMissing(
  c: Checker,
  value: unknown,
  path: string,
  max: bigint | null,
  kinds: readonly string[],
  options?: Set<string>,
): void {
  const m = c.object(value, path, ['kind'], ['points', 'option']);
  if (!m) return;
  const kind = c.oneOf(m.kind, at(path, 'kind'), kinds);
  if (kind === 'points') {
    c.need(m, 'points', path);
    c.capped(c.decimal(m.points, at(path, 'points')), max, at(path, 'points'), '缺省');
  } else if (kind === 'option') {
    c.need(m, 'option', path);
    const option = c.string(m.option, at(path, 'option'));
    if (option !== undefined && options && !options.has(option)) {
      c.error('option-unknown', at(path, 'option'), `没有选项“${option}”`, `no option "${option}"`);
    }
  }
  if (kind !== 'points' && m.points !== undefined) {
    c.error(
      'property-unknown',
      at(path, 'points'),
      '未知属性“points”',
      'unknown property "points"',
    );
  }
  if (kind !== 'option' && m.option !== undefined) {
    c.error(
      'property-unknown',
      at(path, 'option'),
      '未知属性“option”',
      'unknown property "option"',
    );
  }
}

// ---------------------------------------------------------------- methods

const methodProps: Record<(typeof methodKinds)[number], [string[], string[]]> = {
  deduction: [['items'], ['start']],
  'graded-choice': [['options', 'missing'], []],
  'rank-table': [['rows', 'ties', 'outOfTable', 'missing'], []],
  'external-lookup': [
    ['link', 'combine', 'missing'],
    ['ranks', 'grades'],
  ],
  'rating-average': [['scaleMax', 'groups', 'missingGroup'], []],
  'task-force': [[], []],
  clause: [['clauses'], []],
  discretionary: [[], ['min', 'max']],
  threshold: [['metric', 'aggregate', 'rows', 'missing'], []],
  workflow: [[], ['factor']],
  okr: [[], ['factor']],
  kpi: [[], ['factor']],
};

function checkMethod(c: Checker, value: unknown, path: string, max: bigint | null): void {
  if (!isObj(value)) {
    c.error('type-invalid', path, '应为对象', 'must be an object');
    return;
  }
  const kind = value.kind;
  if (typeof kind !== 'string' || !(methodKinds as readonly string[]).includes(kind)) {
    c.error(
      'method-unknown',
      at(path, 'kind'),
      `未知的计分方法“${String(kind)}”`,
      `unknown scoring method "${String(kind)}"`,
    );
    return;
  }
  const k = kind as (typeof methodKinds)[number];
  const [required, optional] = methodProps[k];
  const m = c.object(value, path, ['kind', ...required], optional);
  if (!m) return;
  const p = (name: string): string => at(path, name);
  switch (k) {
    case 'deduction': {
      const start = c.decimal(m.start, p('start'));
      if (start !== undefined) {
        if (start <= 0n) {
          c.error(
            'points-not-positive',
            p('start'),
            '起始分须为正数',
            'the start must be positive',
          );
        }
        c.capped(start, max, p('start'), '起始分');
      } else if (m.start === undefined && max === null) {
        c.error(
          'method-needs-max',
          path,
          '扣分法须有满分或起始分（start）',
          'a deduction needs a maximum or a "start"',
        );
      }
      checkItems(c, m.items, p('items'), false, max);
      break;
    }
    case 'graded-choice': {
      const options = checkOptions(c, m.options, p('options'), max, ['选项', 'option']);
      checkMissing(c, m.missing, p('missing'), max, ['zero', 'option'], options);
      break;
    }
    case 'rank-table':
      checkRankRows(c, m.rows, p('rows'), max);
      c.oneOf(m.ties, p('ties'), ['best', 'average']);
      checkMissing(c, m.outOfTable, p('outOfTable'), max, ['zero', 'last-row', 'points']);
      checkMissing(c, m.missing, p('missing'), max, ['zero', 'points']);
      break;
    case 'external-lookup':
      c.oneOf(m.link, p('link'), ['villages', 'unit']);
      c.oneOf(m.combine, p('combine'), ['mean', 'best', 'worst']);
      if (m.ranks === undefined && m.grades === undefined) {
        c.error(
          'table-missing',
          path,
          '外部排名/等次查表须有 ranks 或 grades',
          'an external lookup needs "ranks" or "grades"',
        );
      }
      if (m.ranks !== undefined) checkRankRows(c, m.ranks, p('ranks'), max);
      if (m.grades !== undefined) checkOptions(c, m.grades, p('grades'), max, ['等次', 'grade']);
      checkMissing(c, m.missing, p('missing'), max, ['zero', 'points']);
      break;
    case 'rating-average': {
      if (max === null) {
        c.error(
          'method-needs-max',
          path,
          '评分平均法按满分折算，须有满分',
          'a rating average is scaled to the maximum, so the node needs one',
        );
      }
      const scaleMax = c.decimal(m.scaleMax, p('scaleMax'));
      if (scaleMax !== undefined && scaleMax <= 0n) {
        c.error(
          'points-not-positive',
          p('scaleMax'),
          '评分满分须为正数',
          'scaleMax must be positive',
        );
      }
      c.oneOf(m.missingGroup, p('missingGroup'), ['renormalise', 'zero', 'flag']);
      const groups = c.array(m.groups, p('groups'));
      if (groups === undefined) break;
      if (groups.length === 0) {
        c.error('table-missing', p('groups'), '至少需要一个评分组', 'at least one rater group');
      }
      let sum = 0n;
      let complete = true;
      groups.forEach((entry, i) => {
        const gp = at(p('groups'), i);
        const g = c.object(entry, gp, ['key', 'label', 'weight']);
        if (!g) return void (complete = false);
        c.key(g.key, at(gp, 'key'));
        c.label(g.label, at(gp, 'label'));
        const w = c.decimal(g.weight, at(gp, 'weight'));
        if (w === undefined) return void (complete = false);
        if (w <= 0n) {
          c.error(
            'weight-not-positive',
            at(gp, 'weight'),
            '权重须为正数',
            'a weight must be positive',
          );
        }
        sum += w;
      });
      c.uniqueKeys(groups, p('groups'));
      if (complete && groups.length > 0 && sum !== ONE) {
        c.error(
          'weights-not-one',
          p('groups'),
          `各评分组权重之和为 ${show(sum)}，应为 1`,
          `the group weights sum to ${show(sum)}, not 1`,
        );
      }
      break;
    }
    case 'task-force':
      break;
    case 'clause':
      checkItems(c, m.clauses, p('clauses'), true, max);
      break;
    case 'discretionary': {
      const lo = c.decimal(m.min, p('min'));
      const hi = c.decimal(m.max, p('max'));
      if (lo !== undefined && hi !== undefined && lo > hi) {
        c.error(
          'discretionary-range-invalid',
          path,
          `调整下限 ${show(lo)} 大于上限 ${show(hi)}`,
          `the minimum ${show(lo)} is above the maximum ${show(hi)}`,
        );
      }
      c.capped(hi, max, p('max'), '调整上限');
      break;
    }
    case 'threshold':
      c.string(m.metric, p('metric'));
      c.oneOf(m.aggregate, p('aggregate'), ['mean', 'sum', 'latest', 'min', 'max']);
      checkThresholdRows(c, m.rows, p('rows'), max);
      checkMissing(c, m.missing, p('missing'), max, ['zero', 'points']);
      break;
    case 'workflow':
    case 'okr':
    case 'kpi': {
      const factor = c.decimal(m.factor, p('factor'));
      if (factor !== undefined && factor <= 0n) {
        c.error('points-not-positive', p('factor'), '系数须为正数', 'the factor must be positive');
      }
      break;
    }
  }
}

// ---------------------------------------------------------------- nodes

/** Validate a node and return its maximum (scale 4; null = uncapped or unknown). */
function checkNode(c: Checker, value: unknown, path: string, dimension: boolean): bigint | null {
  const common = ['key', 'label', 'max'];
  const optional = ['description', 'appliesTo', 'factScope', 'method', 'children'];
  const n = c.object(value, path, dimension ? [...common, 'part'] : common, optional);
  if (!n) return null;
  const key = c.key(n.key, at(path, 'key'));
  if (key !== undefined) {
    const first = c.nodeKeys.get(key);
    if (first !== undefined) {
      c.error(
        'key-duplicate',
        at(path, 'key'),
        `指标键“${key}”已在 ${first} 使用`,
        `indicator key "${key}" is already used at ${first}`,
      );
    } else {
      c.nodeKeys.set(key, path);
    }
  }
  c.label(n.label, at(path, 'label'));
  if (n.description !== undefined) c.label(n.description, at(path, 'description'));
  if (dimension) c.oneOf(n.part, at(path, 'part'), ['common', 'individual']);
  let max: bigint | null = null;
  if (n.max !== null && n.max !== undefined) {
    const parsed = c.decimal(n.max, at(path, 'max'));
    if (parsed !== undefined && parsed <= 0n) {
      c.error(
        'max-not-positive',
        at(path, 'max'),
        '满分须为正数；不封顶请写 null',
        'a maximum must be positive; write null for uncapped',
      );
    }
    max = parsed !== undefined && parsed > 0n ? parsed : null;
  }
  if (n.appliesTo !== undefined) {
    const ap = at(path, 'appliesTo');
    const a = c.object(n.appliesTo, ap, [], ['layers', 'unitKinds']);
    if (a) {
      const layers = c.array(a.layers, at(ap, 'layers'));
      layers?.forEach((layer, i) => {
        const lp = at(at(ap, 'layers'), i);
        const name = c.string(layer ?? null, lp);
        if (name === undefined) return;
        if (c.layers === undefined) {
          c.error(
            'layers-missing',
            lp,
            '按层级适用的指标需要在办法中定义 layers',
            'indicators by layer need the scheme to define "layers"',
          );
        } else if (!c.layers.has(name)) {
          c.error('layer-unknown', lp, `未定义的层级“${name}”`, `layer "${name}" is not defined`);
        }
      });
      c.array(a.unitKinds, at(ap, 'unitKinds'))?.forEach((kind, i) =>
        c.string(kind ?? null, at(at(ap, 'unitKinds'), i)),
      );
    }
  }
  const hasMethod = n.method !== undefined;
  const hasChildren = n.children !== undefined;
  if (hasMethod && hasChildren) {
    c.error(
      'node-method-and-children',
      path,
      '一个指标不能同时有计分方法和下级指标',
      'a node has either a method or children, not both',
    );
  }
  if (n.factScope !== undefined) {
    c.oneOf(n.factScope, at(path, 'factScope'), [
      'person',
      'unit',
      'person-or-unit',
      'assessment-unit',
    ]);
    if (!hasMethod) {
      c.error(
        'fact-scope-on-group',
        at(path, 'factScope'),
        'factScope 只用于末级指标',
        'factScope belongs on leaves (nodes with a method)',
      );
    }
  }
  if (hasMethod) {
    checkMethod(c, n.method, at(path, 'method'), max);
  } else {
    const children = c.array(n.children, at(path, 'children'));
    if (n.children === undefined) {
      c.error(
        'leaf-without-method',
        path,
        '末级指标缺少计分方法（method）',
        'a leaf needs a scoring method ("method")',
      );
    } else if (children !== undefined && children.length === 0) {
      c.error(
        'group-without-children',
        at(path, 'children'),
        '指标组至少需要一个下级指标',
        'a group needs at least one child',
      );
    } else if (children !== undefined) {
      const maxima = children.map((child, i) =>
        checkNode(c, child, at(at(path, 'children'), i), false),
      );
      // Layered children (appliesTo) never all apply to one person, so their sum says nothing.
      const layered = children.some((child) => isObj(child) && child.appliesTo !== undefined);
      if (max !== null && !layered && maxima.every((m) => m !== null)) {
        const sum = maxima.reduce<bigint>((s, m) => s + (m ?? 0n), 0n);
        if (sum > max) {
          c.warn(
            'children-exceed-max',
            path,
            `下级指标满分合计 ${show(sum)}，超过本指标满分 ${show(max)}，将按 ${show(max)} 封顶`,
            `the children's maxima sum to ${show(sum)}, above this node's ${show(max)}: the cap will bind`,
          );
        }
      }
    }
  }
  return max;
}

// ---------------------------------------------------------------- scheme

function checkRateTable(c: Checker, value: unknown, path: string): void {
  const t = c.object(value, path, ['byRank', 'default']);
  if (!t) return;
  const positive = (v: unknown, p: string): void => {
    const d = c.decimal(v, p);
    if (d !== undefined && d <= 0n) {
      c.error('coefficient-not-positive', p, '系数须为正数', 'a coefficient must be positive');
    }
  };
  positive(t.default, at(path, 'default'));
  if (t.byRank !== undefined) {
    if (!isObj(t.byRank))
      c.error('type-invalid', at(path, 'byRank'), '应为对象', 'must be an object');
    else
      for (const [rank, v] of Object.entries(t.byRank)) positive(v, at(at(path, 'byRank'), rank));
  }
}

function checkResults(c: Checker, value: unknown, path: string): void {
  const r = c.object(value, path, ['tieRule', 'grades', 'bonus', 'signals']);
  if (!r) return;
  c.oneOf(r.tieRule, at(path, 'tieRule'), ['competition', 'dense']);
  const gp = at(path, 'grades');
  const g = c.object(
    r.grades,
    gp,
    ['excellentQuota'],
    ['excellentMinIndex', 'basicBelow', 'incompetentBelow'],
  );
  if (g) {
    const quota = c.decimal(g.excellentQuota, at(gp, 'excellentQuota'));
    if (quota !== undefined && (quota < 0n || quota > ONE)) {
      c.error(
        'grade-quota-invalid',
        at(gp, 'excellentQuota'),
        `优秀比例 ${show(quota)} 须在 0 到 1 之间`,
        `the excellent quota ${show(quota)} must lie in [0, 1]`,
      );
    }
    c.decimal(g.excellentMinIndex, at(gp, 'excellentMinIndex'));
    const basic = c.decimal(g.basicBelow, at(gp, 'basicBelow'));
    const incompetent = c.decimal(g.incompetentBelow, at(gp, 'incompetentBelow'));
    if (basic !== undefined && incompetent !== undefined && incompetent > basic) {
      c.error(
        'grade-thresholds-invalid',
        at(gp, 'incompetentBelow'),
        '“不称职”分数线不能高于“基本称职”分数线',
        'the incompetent threshold cannot be above the basic one',
      );
    }
  }
  const bp = at(path, 'bonus');
  const b = c.object(r.bonus, bp, ['coefficients', 'basis', 'rounding']);
  if (b) {
    checkRateTable(c, b.coefficients, at(bp, 'coefficients'));
    c.oneOf(b.basis, at(bp, 'basis'), ['index', 'total']);
    c.oneOf(b.rounding, at(bp, 'rounding'), ['largest-remainder']);
  }
  const signals = c.array(r.signals, at(path, 'signals'));
  signals?.forEach((entry, i) => {
    const sp = at(at(path, 'signals'), i);
    const s = c.object(entry, sp, ['key', 'label', 'kind', 'when', 'then']);
    if (!s) return;
    c.key(s.key, at(sp, 'key'));
    c.label(s.label, at(sp, 'label'));
    c.oneOf(s.kind, at(sp, 'kind'), ['promotion', 'accountability']);
    const wp = at(sp, 'when');
    const w = c.object(s.when, wp, ['kind', 'within'], ['share', 'consecutive']);
    if (w) {
      c.oneOf(w.within, at(wp, 'within'), ['unit', 'line', 'tenant']);
      const kind = c.oneOf(w.kind, at(wp, 'kind'), ['top-share', 'last-place']);
      if (kind === 'top-share') {
        c.need(w, 'share', wp);
        const share = c.decimal(w.share, at(wp, 'share'));
        if (share !== undefined && (share <= 0n || share > ONE)) {
          c.error(
            'signal-share-invalid',
            at(wp, 'share'),
            `比例 ${show(share)} 须大于 0 且不超过 1`,
            `the share ${show(share)} must lie in (0, 1]`,
          );
        }
      } else if (kind === 'last-place') {
        c.need(w, 'consecutive', wp);
        if (
          w.consecutive !== undefined &&
          (typeof w.consecutive !== 'number' ||
            !Number.isSafeInteger(w.consecutive) ||
            w.consecutive < 1)
        ) {
          c.error(
            'signal-consecutive-invalid',
            at(wp, 'consecutive'),
            '连续期数须为不小于 1 的整数',
            '"consecutive" must be an integer ≥ 1',
          );
        }
      }
      if (kind === 'top-share' && w.consecutive !== undefined) {
        c.error(
          'property-unknown',
          at(wp, 'consecutive'),
          '未知属性“consecutive”',
          'unknown property "consecutive"',
        );
      }
      if (kind === 'last-place' && w.share !== undefined) {
        c.error('property-unknown', at(wp, 'share'), '未知属性“share”', 'unknown property "share"');
      }
    }
    const tp = at(sp, 'then');
    const t = c.object(s.then, tp, [], ['promotionPoints', 'seniorityMonths', 'action']);
    if (t) {
      c.decimal(t.promotionPoints, at(tp, 'promotionPoints'));
      c.integer(t.seniorityMonths, at(tp, 'seniorityMonths'), 0);
      c.oneOf(t.action, at(tp, 'action'), ['interview-leader', 'withhold-annual-bonus', 'note']);
    }
  });
  if (signals) c.uniqueKeys(signals, at(path, 'signals'));
}

function checkComposition(c: Checker, value: unknown, path: string): void {
  const m = c.object(value, path, ['kind'], ['parts']);
  if (!m) return;
  const kind = c.oneOf(m.kind, at(path, 'kind'), ['facts', 'weighted']);
  if (kind === 'facts' && m.parts !== undefined) {
    c.error('property-unknown', at(path, 'parts'), '未知属性“parts”', 'unknown property "parts"');
  }
  if (kind !== 'weighted') return;
  c.need(m, 'parts', path);
  const parts = c.array(m.parts, at(path, 'parts'));
  if (parts === undefined) return;
  let sum = 0n;
  let complete = parts.length > 0;
  const seen = new Set<string>();
  parts.forEach((entry, i) => {
    const pp = at(at(path, 'parts'), i);
    const part = c.object(entry, pp, ['assessment', 'weight']);
    if (!part) return void (complete = false);
    const assessment = c.oneOf(part.assessment, at(pp, 'assessment'), assessmentKinds);
    if (assessment !== undefined) {
      if (seen.has(assessment)) {
        c.error(
          'key-duplicate',
          at(pp, 'assessment'),
          `“${assessment}”重复`,
          `"${assessment}" is listed twice`,
        );
      }
      seen.add(assessment);
    }
    const w = c.decimal(part.weight, at(pp, 'weight'));
    if (w === undefined) return void (complete = false);
    if (w <= 0n)
      c.error('weight-not-positive', at(pp, 'weight'), '权重须为正数', 'a weight must be positive');
    sum += w;
  });
  if (parts.length === 0) {
    c.error(
      'table-missing',
      at(path, 'parts'),
      '至少需要一个组成部分',
      'at least one part is needed',
    );
  }
  if (complete && sum !== ONE) {
    c.error(
      'weights-not-one',
      at(path, 'parts'),
      `各组成部分权重之和为 ${show(sum)}，应为 1`,
      `the part weights sum to ${show(sum)}, not 1`,
    );
  }
}

// ---------------------------------------------------------------- work rules

/** Every node of the tree by key (first wins; duplicates are reported elsewhere). */
function nodesByKey(dimensions: unknown): Map<string, Obj> {
  const nodes = new Map<string, Obj>();
  const visit = (node: unknown): void => {
    if (!isObj(node)) return;
    if (typeof node.key === 'string' && !nodes.has(node.key)) nodes.set(node.key, node);
    if (Array.isArray(node.children)) node.children.forEach(visit);
  };
  if (Array.isArray(dimensions)) dimensions.forEach(visit);
  return nodes;
}

const pointsPattern = /^-?\d{1,13}(\.\d{1,2})?$/;

/** Points of the work tables: decimals with at most two places (scale 2). */
function workPoints(c: Checker, value: unknown, path: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pointsPattern.test(value)) {
    const shown = JSON.stringify(value);
    c.error(
      'decimal-invalid',
      path,
      `${shown} 不是有效的分值（用字符串书写，最多 2 位小数）`,
      `${shown} is not valid points (a string with at most 2 decimals)`,
    );
    return undefined;
  }
  return parseScaled(value, RATIO_SCALE);
}

/**
 * The indicator a work rule feeds must be a leaf of this scheme whose method reads the value:
 * a rank → `rank-table`; points (unit points, workload, red lights) → `workflow`. Unit results
 * are unit facts, so that leaf's `factScope` must let unit facts through (`unit` or
 * `person-or-unit`); person results need `person` (the default) or `person-or-unit`.
 */
function checkWorkIndicator(
  c: Checker,
  nodes: ReadonlyMap<string, Obj>,
  key: unknown,
  path: string,
  method: 'rank-table' | 'workflow',
  subject: 'unit' | 'person',
): void {
  const k = c.key(key, path);
  if (k === undefined) return;
  const node = nodes.get(k);
  if (node === undefined) {
    c.error(
      'work-indicator-unknown',
      path,
      `办法中没有指标“${k}”`,
      `the scheme has no indicator "${k}"`,
    );
    return;
  }
  if (!isObj(node.method) || node.children !== undefined) {
    c.error(
      'work-indicator-not-leaf',
      path,
      `指标“${k}”不是末级指标，无法接收事实`,
      `indicator "${k}" is not a leaf, so it cannot take facts`,
    );
    return;
  }
  if (node.method.kind !== method) {
    c.error(
      'work-indicator-method',
      path,
      `指标“${k}”的计分方法应为 ${method}`,
      `indicator "${k}" must use the ${method} method`,
    );
  }
  const scope = node.factScope ?? 'person';
  const fits =
    subject === 'unit' ? scope !== 'person' : scope !== 'unit' && scope !== 'assessment-unit';
  if (!fits) {
    c.error(
      'work-indicator-scope',
      path,
      subject === 'unit'
        ? `指标“${k}”接收单位事实，factScope 应为 unit、person-or-unit 或 assessment-unit`
        : `指标“${k}”接收个人事实，factScope 应为 person 或 person-or-unit`,
      subject === 'unit'
        ? `indicator "${k}" takes unit facts: its factScope must be unit, person-or-unit or assessment-unit`
        : `indicator "${k}" takes person facts: its factScope must be person or person-or-unit`,
    );
  }
}

/** The optional `work` section (SchemeWorkRules): tables of points and the leaves they feed. */
function checkWork(c: Checker, value: unknown, path: string, dimensions: unknown): void {
  const w = c.object(
    value,
    path,
    ['lightPoints', 'cardPoints'],
    ['unitIndicator', 'workloadIndicator', 'redLightIndicator'],
  );
  if (!w) return;
  const table = (name: string, colours: readonly string[]) => {
    const tp = at(path, name);
    const t = c.object(w[name], tp, colours);
    if (t) for (const colour of colours) workPoints(c, t[colour], at(tp, colour));
  };
  if (w.lightPoints !== undefined)
    table('lightPoints', ['white', 'blue', 'green', 'yellow', 'red']);
  if (w.cardPoints !== undefined) table('cardPoints', ['green', 'yellow', 'red']);
  const nodes = nodesByKey(dimensions);
  if (w.unitIndicator !== undefined) {
    const up = at(path, 'unitIndicator');
    const u = c.object(w.unitIndicator, up, ['key', 'value']);
    const kind = u ? c.oneOf(u.value, at(up, 'value'), ['rank', 'points']) : undefined;
    if (u && kind !== undefined) {
      const method = kind === 'rank' ? 'rank-table' : 'workflow';
      checkWorkIndicator(c, nodes, u.key, at(up, 'key'), method, 'unit');
    }
  }
  if (w.workloadIndicator !== undefined) {
    checkWorkIndicator(
      c,
      nodes,
      w.workloadIndicator,
      at(path, 'workloadIndicator'),
      'workflow',
      'person',
    );
  }
  if (w.redLightIndicator !== undefined) {
    const rp = at(path, 'redLightIndicator');
    const r = c.object(w.redLightIndicator, rp, ['key', 'points']);
    if (r) {
      checkWorkIndicator(c, nodes, r.key, at(rp, 'key'), 'workflow', 'person');
      const points = workPoints(c, r.points, at(rp, 'points'));
      if (points !== undefined && points > 0n) {
        c.warn(
          'work-points-positive',
          at(rp, 'points'),
          '红灯分值为正数，亮红灯反而加分',
          'red-light points are positive: a red light would add points',
        );
      }
    }
  }
}

/**
 * Check anything against the scheme format and its rules; return the typed scheme or every
 * problem found, each with a path and a sentence in zh-CN and en.
 */
export function validateScheme(input: unknown): SchemeValidation {
  const c = new Checker();
  const s = c.object(input, '', schemeRequired, ['layers', 'work']);
  if (s) {
    c.key(s.key, 'key');
    c.integer(s.version, 'version', 1);
    c.label(s.name, 'name');
    c.oneOf(s.audience, 'audience', ['township', 'department', 'other']);
    const cap = c.decimal(s.commonCap, 'commonCap');
    if (cap !== undefined && cap <= 0n) {
      c.error(
        'max-not-positive',
        'commonCap',
        '共性分封顶值须为正数',
        'commonCap must be positive',
      );
    }
    checkRateTable(c, s.positionCoefficients, 'positionCoefficients');
    if (s.layers !== undefined) {
      const l = c.object(s.layers, 'layers', ['byRank', 'default']);
      const names = new Set<string>();
      if (l) {
        const d = c.string(l.default, 'layers.default');
        if (d !== undefined) names.add(d);
        if (isObj(l.byRank)) {
          for (const [rank, v] of Object.entries(l.byRank)) {
            const name = c.string(v, at('layers.byRank', rank));
            if (name !== undefined) names.add(name);
          }
        } else if (l.byRank !== undefined) {
          c.error('type-invalid', 'layers.byRank', '应为对象', 'must be an object');
        }
      }
      c.layers = names;
    }
    const dims = c.array(s.dimensions, 'dimensions');
    if (dims !== undefined && dims.length === 0) {
      c.error('group-without-children', 'dimensions', '至少需要一个维度', 'at least one dimension');
    }
    let commonSum: bigint | null = 0n;
    dims?.forEach((d, i) => {
      const max = checkNode(c, d, at('dimensions', i), true);
      if (isObj(d) && d.part === 'common')
        commonSum = max === null || commonSum === null ? null : commonSum + max;
    });
    if (cap !== undefined && commonSum !== null && commonSum > cap) {
      c.warn(
        'common-exceeds-cap',
        'dimensions',
        `共性维度满分合计 ${show(commonSum)}，超过封顶值 ${show(cap)}`,
        `the common dimensions' maxima sum to ${show(commonSum)}, above commonCap ${show(cap)}`,
      );
    }
    checkComposition(c, s.composition, 'composition');
    checkResults(c, s.results, 'results');
    if (s.work !== undefined) checkWork(c, s.work, 'work', s.dimensions);
  }
  if (c.errors.length > 0) return { ok: false, problems: c.errors, warnings: c.warnings };
  return { ok: true, scheme: input as Scheme, warnings: c.warnings };
}
