import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import schemaFile from '../../../../docs/scheme.schema.json' with { type: 'json' };
import { schemeJsonSchema } from './json-schema.ts';
import { departmentSchemeTemplate, hTownship2021Scheme, schemeTemplates } from './templates.ts';
import { validateScheme, type SchemeProblem } from './validate.ts';

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   these tests break schemes as untyped JSON on purpose, the way an import would arrive. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A mutable deep copy of the H township template to break in one place. */
const base = (): Json => structuredClone(hTownship2021Scheme);
const dim = (s: Json, i: number): Json => s.dimensions[i] as Json;
const leaf = (s: Json, d: number, c: number): Json => dim(s, d).children[c] as Json;

const problems = (input: unknown): readonly SchemeProblem[] => {
  const result = validateScheme(input);
  return result.ok ? [] : result.problems;
};

describe('validateScheme', () => {
  it.each(Object.values(schemeTemplates))('accepts the built-in template $key', (scheme) => {
    const result = validateScheme(scheme);
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('returns the scheme itself when valid', () => {
    const result = validateScheme(hTownship2021Scheme);
    expect(result.ok && result.scheme).toBe(hTownship2021Scheme);
  });

  it.each<[string, (s: Json) => void, string, string]>([
    [
      'overlapping rank ranges',
      (s) => (leaf(s, 1, 1).method.rows[1].from = 3),
      'rank-rows-overlap',
      'dimensions[1].children[1].method.rows[1]',
    ],
    [
      'gapped rank ranges',
      (s) => (leaf(s, 1, 1).method.rows[2].from = 8),
      'rank-rows-gap',
      'dimensions[1].children[1].method.rows[2]',
    ],
    [
      'a rank table not starting at 1',
      (s) => (leaf(s, 1, 1).method.rows[0].from = 2),
      'rank-rows-gap',
      'dimensions[1].children[1].method.rows[0]',
    ],
    [
      'a backwards rank row',
      (s) => (leaf(s, 1, 1).method.rows[0] = { from: 3, to: 1, points: '30' }),
      'rank-row-invalid',
      'dimensions[1].children[1].method.rows[0]',
    ],
    [
      'a rank 0',
      (s) => (leaf(s, 1, 1).method.rows[0].from = 0),
      'integer-invalid',
      'dimensions[1].children[1].method.rows[0].from',
    ],
    [
      'gapped external lookup ranks',
      (s) => (leaf(s, 2, 0).method.ranks[1].from = 12),
      'rank-rows-gap',
      'dimensions[2].children[0].method.ranks[1]',
    ],
    [
      'rating weights not summing to 1',
      (s) => (leaf(s, 2, 2).method.groups[1].weight = '0.4'),
      'weights-not-one',
      'dimensions[2].children[2].method.groups',
    ],
    [
      'a zero rating weight',
      (s) => {
        leaf(s, 2, 2).method.groups[0].weight = '0';
        leaf(s, 2, 2).method.groups[1].weight = '1';
      },
      'weight-not-positive',
      'dimensions[2].children[2].method.groups[0].weight',
    ],
    [
      'composition weights not summing to 1',
      (s) =>
        (s.composition = {
          kind: 'weighted',
          parts: [
            { assessment: 'routine', weight: '0.5' },
            { assessment: 'periodic', weight: '0.3' },
          ],
        }),
      'weights-not-one',
      'composition.parts',
    ],
    [
      'a composition part twice',
      (s) =>
        (s.composition = {
          kind: 'weighted',
          parts: [
            { assessment: 'routine', weight: '0.5' },
            { assessment: 'routine', weight: '0.5' },
          ],
        }),
      'key-duplicate',
      'composition.parts[1].assessment',
    ],
    [
      'a weighted composition without parts',
      (s) => (s.composition = { kind: 'weighted' }),
      'property-missing',
      'composition.parts',
    ],
    [
      'an option worth more than the max',
      (s) => (leaf(s, 1, 0).method.options[0].points = '11'),
      'points-exceed-max',
      'dimensions[1].children[0].method.options[0].points',
    ],
    [
      'a rank row worth more than the max',
      (s) => (leaf(s, 1, 1).method.rows[0].points = '31'),
      'points-exceed-max',
      'dimensions[1].children[1].method.rows[0].points',
    ],
    [
      'a deduction start above the max',
      (s) => (leaf(s, 0, 0).method.start = '12'),
      'points-exceed-max',
      'dimensions[0].children[0].method.start',
    ],
    [
      'a missing-points above the max',
      (s) => (leaf(s, 1, 1).method.missing = { kind: 'points', points: '40' }),
      'points-exceed-max',
      'dimensions[1].children[1].method.missing.points',
    ],
    [
      'an out-of-table points above the max',
      (s) => (leaf(s, 1, 1).method.outOfTable = { kind: 'points', points: '40' }),
      'points-exceed-max',
      'dimensions[1].children[1].method.outOfTable.points',
    ],
    [
      'a discretionary max above a capped node',
      (s) => {
        const d = dim(s, 3).children[2];
        d.max = '5';
      },
      'points-exceed-max',
      'dimensions[3].children[2].method.max',
    ],
    [
      'an unknown method',
      (s) => (leaf(s, 1, 0).method = { kind: 'lottery' }),
      'method-unknown',
      'dimensions[1].children[0].method.kind',
    ],
    [
      'a duplicate indicator key',
      (s) => (leaf(s, 1, 1).key = 'post-score'),
      'key-duplicate',
      'dimensions[1].children[1].key',
    ],
    [
      'a duplicate option key',
      (s) => (leaf(s, 1, 0).method.options[1].key = 'A'),
      'key-duplicate',
      'dimensions[1].children[0].method.options[1].key',
    ],
    [
      'a duplicate deduction item',
      (s) => (leaf(s, 0, 1).method.items[1].key = 'late-early'),
      'key-duplicate',
      'dimensions[0].children[1].method.items[1].key',
    ],
    [
      'a leaf without method',
      (s) => delete leaf(s, 1, 0).method,
      'leaf-without-method',
      'dimensions[1].children[0]',
    ],
    [
      'a group without children',
      (s) => (dim(s, 1).children = []),
      'group-without-children',
      'dimensions[1].children',
    ],
    [
      'a node with method and children',
      (s) => (dim(s, 1).method = { kind: 'task-force' }),
      'node-method-and-children',
      'dimensions[1]',
    ],
    [
      'a decimal written as a number',
      (s) => (leaf(s, 1, 0).method.options[0].points = 10),
      'decimal-invalid',
      'dimensions[1].children[0].method.options[0].points',
    ],
    ['a decimal with 5 places', (s) => (s.commonCap = '100.00001'), 'decimal-invalid', 'commonCap'],
    [
      'a zero max',
      (s) => (leaf(s, 1, 0).max = '0'),
      'max-not-positive',
      'dimensions[1].children[0].max',
    ],
    ['a negative max', (s) => (dim(s, 1).max = '-40'), 'max-not-positive', 'dimensions[1].max'],
    ['a zero commonCap', (s) => (s.commonCap = '0'), 'max-not-positive', 'commonCap'],
    [
      'a discretionary min above its max',
      (s) => (dim(s, 3).children[2].method = { kind: 'discretionary', min: '5', max: '-5' }),
      'discretionary-range-invalid',
      'dimensions[3].children[2].method',
    ],
    [
      'a promotion share above 1',
      (s) => (s.results.signals[0].when.share = '1.2'),
      'signal-share-invalid',
      'results.signals[0].when.share',
    ],
    [
      'a promotion share of 0',
      (s) => (s.results.signals[0].when.share = '0'),
      'signal-share-invalid',
      'results.signals[0].when.share',
    ],
    [
      'a streak of 0 periods',
      (s) => (s.results.signals[2].when.consecutive = 0),
      'signal-consecutive-invalid',
      'results.signals[2].when.consecutive',
    ],
    [
      'a fractional streak',
      (s) => (s.results.signals[2].when.consecutive = 1.5),
      'signal-consecutive-invalid',
      'results.signals[2].when.consecutive',
    ],
    [
      'a duplicate signal key',
      (s) => (s.results.signals[1].key = 'top-20-percent'),
      'key-duplicate',
      'results.signals[1].key',
    ],
    [
      'an excellent quota above 1',
      (s) => (s.results.grades.excellentQuota = '1.5'),
      'grade-quota-invalid',
      'results.grades.excellentQuota',
    ],
    [
      'a negative excellent quota',
      (s) => (s.results.grades.excellentQuota = '-0.1'),
      'grade-quota-invalid',
      'results.grades.excellentQuota',
    ],
    [
      'incompetent threshold above basic',
      (s) => {
        s.results.grades.basicBelow = '60';
        s.results.grades.incompetentBelow = '70';
      },
      'grade-thresholds-invalid',
      'results.grades.incompetentBelow',
    ],
    [
      'a zero position coefficient',
      (s) => (s.positionCoefficients.byRank.middle_head = '0'),
      'coefficient-not-positive',
      'positionCoefficients.byRank.middle_head',
    ],
    [
      'an unknown property',
      (s) => (leaf(s, 1, 0).weight = '1'),
      'property-unknown',
      'dimensions[1].children[0].weight',
    ],
    ['a missing property', (s) => delete s.results, 'property-missing', 'results'],
    [
      'a dimension without part',
      (s) => delete dim(s, 0).part,
      'property-missing',
      'dimensions[0].part',
    ],
    ['a label without English', (s) => (s.name = { 'zh-CN': '办法' }), 'label-invalid', 'name'],
    ['a bad key', (s) => (s.key = 'has space'), 'key-invalid', 'key'],
    ['version 0', (s) => (s.version = 0), 'integer-invalid', 'version'],
    [
      'an unknown tie rule',
      (s) => (leaf(s, 1, 1).method.ties = 'worst'),
      'value-invalid',
      'dimensions[1].children[1].method.ties',
    ],
    [
      'a missing option that does not exist',
      (s) => (leaf(s, 1, 0).method.missing = { kind: 'option', option: 'Z' }),
      'option-unknown',
      'dimensions[1].children[0].method.missing.option',
    ],
    [
      'a deduction item worth 0',
      (s) => (leaf(s, 0, 0).method.items[0].points = '0'),
      'points-not-positive',
      'dimensions[0].children[0].method.items[0].points',
    ],
    [
      'a clause worth 0',
      (s) => (dim(s, 3).children[1].method.clauses[0].points = '0'),
      'points-not-positive',
      'dimensions[3].children[1].method.clauses[0].points',
    ],
    [
      'an uncapped deduction without start',
      (s) => (leaf(s, 0, 0).max = null),
      'method-needs-max',
      'dimensions[0].children[0].method',
    ],
    [
      'an uncapped rating average',
      (s) => (leaf(s, 2, 2).max = null),
      'method-needs-max',
      'dimensions[2].children[2].method',
    ],
    [
      'an external lookup with no table',
      (s) => delete leaf(s, 2, 0).method.ranks,
      'table-missing',
      'dimensions[2].children[0].method',
    ],
    [
      'a layer when the scheme has none',
      (s) => (leaf(s, 1, 0).appliesTo = { layers: ['manager'] }),
      'layers-missing',
      'dimensions[1].children[0].appliesTo.layers[0]',
    ],
    [
      'factScope on a group',
      (s) => (dim(s, 1).factScope = 'unit'),
      'fact-scope-on-group',
      'dimensions[1].factScope',
    ],
    [
      'overlapping threshold rows',
      (s) =>
        (leaf(s, 1, 0).method = {
          kind: 'threshold',
          metric: 'm',
          aggregate: 'mean',
          rows: [
            { below: '10', points: '5' },
            { min: '9', points: '10' },
          ],
          missing: { kind: 'zero' },
        }),
      'threshold-rows-overlap',
      'dimensions[1].children[0].method.rows[1]',
    ],
    [
      'gapped threshold rows',
      (s) =>
        (leaf(s, 1, 0).method = {
          kind: 'threshold',
          metric: 'm',
          aggregate: 'mean',
          rows: [
            { below: '10', points: '5' },
            { min: '11', points: '10' },
          ],
          missing: { kind: 'zero' },
        }),
      'threshold-rows-gap',
      'dimensions[1].children[0].method.rows[1]',
    ],
    [
      'an empty threshold row',
      (s) =>
        (leaf(s, 1, 0).method = {
          kind: 'threshold',
          metric: 'm',
          aggregate: 'mean',
          rows: [{ min: '10', below: '10', points: '5' }],
          missing: { kind: 'zero' },
        }),
      'threshold-row-invalid',
      'dimensions[1].children[0].method.rows[0]',
    ],
  ])('names %s', (_name, breakIt, code, path) => {
    const s = base();
    breakIt(s);
    expect(problems(s)).toContainEqual(expect.objectContaining({ code, path, severity: 'error' }));
  });

  it('names an unknown layer when the scheme has layers', () => {
    const s = structuredClone(departmentSchemeTemplate) as unknown as Json;
    s.dimensions[1].children[1].appliesTo = { layers: ['director'] };
    expect(problems(s)).toContainEqual(
      expect.objectContaining({
        code: 'layer-unknown',
        path: 'dimensions[1].children[1].appliesTo.layers[0]',
      }),
    );
  });

  it('warns, without failing, when children’s maxima exceed the parent’s', () => {
    const s = base();
    dim(s, 1).max = '35';
    const result = validateScheme(s);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'children-exceed-max',
        path: 'dimensions[1]',
        severity: 'warning',
      }),
    ]);
  });

  it('warns when the common dimensions can exceed commonCap', () => {
    const s = base();
    s.commonCap = '90';
    const result = validateScheme(s);
    expect(result.ok).toBe(true);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'common-exceeds-cap', path: 'dimensions' }),
    );
  });

  it('names every problem at once, each with both languages', () => {
    const s = base();
    leaf(s, 1, 1).method.rows[2].from = 8;
    leaf(s, 2, 2).method.groups[1].weight = '0.4';
    s.results.grades.excellentQuota = '2';
    const found = problems(s);
    expect(found.map((p) => p.code).sort()).toEqual(
      ['grade-quota-invalid', 'rank-rows-gap', 'weights-not-one'].sort(),
    );
    for (const p of found) {
      expect(p.message['zh-CN']).not.toBe('');
      expect(p.message.en).not.toBe('');
    }
  });

  it.each([null, 42, 'scheme', [], {}])('rejects %j without throwing', (input) => {
    expect(problems(input).length).toBeGreaterThan(0);
  });
});

describe('validateScheme: the work section', () => {
  /** The H township template's individual leaves: 3 supervision-rank, 4 workload, 5 red-lights. */
  const individual = (s: Json, key: string): Json =>
    (dim(s, 3).children as Json[]).find((c) => c.key === key)!;
  const codes = (s: Json) => problems(s).map((p) => `${p.code} ${p.path}`);

  it('is optional', () => {
    const s = base();
    delete s.work;
    expect(problems(s)).toEqual([]);
  });

  it.each<[string, (s: Json) => void, string[]]>([
    [
      'an unknown indicator',
      (s) => (s.work.workloadIndicator = 'nothing'),
      ['work-indicator-unknown work.workloadIndicator'],
    ],
    [
      'a group as the indicator',
      (s) => (s.work.unitIndicator.key = 'individual'),
      ['work-indicator-not-leaf work.unitIndicator.key'],
    ],
    [
      'a rank into a workflow leaf',
      (s) => (s.work.unitIndicator.key = 'workload'),
      [
        'work-indicator-method work.unitIndicator.key',
        'work-indicator-scope work.unitIndicator.key',
      ],
    ],
    [
      'unit points into a rank table',
      (s) => (s.work.unitIndicator.value = 'points'),
      ['work-indicator-method work.unitIndicator.key'],
    ],
    [
      'a unit rank into a person-only leaf',
      (s) => (individual(s, 'supervision-rank').factScope = 'person'),
      ['work-indicator-scope work.unitIndicator.key'],
    ],
    [
      'workload into a unit-only leaf',
      (s) => (individual(s, 'workload').factScope = 'unit'),
      ['work-indicator-scope work.workloadIndicator'],
    ],
    [
      'red lights into a non-workflow leaf',
      (s) => (s.work.redLightIndicator.key = 'clauses'),
      ['work-indicator-method work.redLightIndicator.key'],
    ],
    [
      'points with three decimals',
      (s) => (s.work.lightPoints.red = '-1.005'),
      ['decimal-invalid work.lightPoints.red'],
    ],
    [
      'points as a number',
      (s) => (s.work.cardPoints.green = 1),
      ['decimal-invalid work.cardPoints.green'],
    ],
    [
      'a missing colour',
      (s) => delete s.work.lightPoints.blue,
      ['property-missing work.lightPoints.blue'],
    ],
    [
      'an unknown colour',
      (s) => (s.work.cardPoints.blue = '1'),
      ['property-unknown work.cardPoints.blue'],
    ],
    [
      'an unknown value kind',
      (s) => (s.work.unitIndicator.value = 'score'),
      ['value-invalid work.unitIndicator.value'],
    ],
    ['an unknown property', (s) => (s.work.extra = 1), ['property-unknown work.extra']],
    ['a missing table', (s) => delete s.work.cardPoints, ['property-missing work.cardPoints']],
  ])('names %s', (_name, breakIt, expected) => {
    const s = base();
    breakIt(s);
    expect(codes(s)).toEqual(expected);
  });

  it('accepts person-or-unit leaves both ways, and warns on positive red-light points', () => {
    const s = base();
    individual(s, 'supervision-rank').factScope = 'person-or-unit';
    individual(s, 'workload').factScope = 'person-or-unit';
    s.work.redLightIndicator.points = '0.5';
    const result = validateScheme(s);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'work-points-positive work.redLightIndicator.points',
    ]);
  });

  it('feeds leaves of the department variant too', () => {
    expect(departmentSchemeTemplate.work).toMatchObject({
      unitIndicator: { key: 'supervision-rank', value: 'rank' },
      workloadIndicator: 'workflow',
      redLightIndicator: { key: 'red-lights' },
    });
  });
});

describe('schemeJsonSchema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  const check = ajv.compile(schemeJsonSchema);

  it.each(Object.values(schemeTemplates))('accepts the built-in template $key', (scheme) => {
    expect(check(scheme), JSON.stringify(check.errors)).toBe(true);
  });

  it.each<[string, (s: Json) => void]>([
    ['an unknown method', (s) => (leaf(s, 1, 0).method = { kind: 'lottery' })],
    ['a number for a decimal', (s) => (s.commonCap = 100)],
    ['an unknown property', (s) => (leaf(s, 1, 0).weight = '1')],
    ['a leaf without method', (s) => delete leaf(s, 1, 0).method],
    ['a node with both', (s) => (dim(s, 1).method = { kind: 'task-force' })],
    ['a bad tie rule', (s) => (leaf(s, 1, 1).method.ties = 'worst')],
  ])('rejects %s like validateScheme does', (_name, breakIt) => {
    const s = base();
    breakIt(s);
    expect(check(s)).toBe(false);
    expect(validateScheme(s).ok).toBe(false);
  });

  it('is what docs/scheme.schema.json holds (regenerate: see docs/schemes.md)', () => {
    expect(schemaFile).toEqual(JSON.parse(JSON.stringify(schemeJsonSchema)));
  });
});

describe('validateScheme and the JSON Schema agree', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  const check = ajv.compile(schemeJsonSchema);
  /** Codes for what the JSON Schema also expresses; everything else is a rule across values. */
  const shapeCodes = new Set([
    'type-invalid',
    'property-missing',
    'property-unknown',
    'decimal-invalid',
    'integer-invalid',
    'value-invalid',
    'label-invalid',
    'key-invalid',
    'method-unknown',
    'leaf-without-method',
    'group-without-children',
    'node-method-and-children',
    'table-missing',
  ]);

  function paths(value: unknown, trail: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) return [trail, ...value.flatMap((v, i) => paths(v, [...trail, i]))];
    if (typeof value === 'object' && value !== null) {
      return [trail, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...trail, k]))];
    }
    return [trail];
  }

  it.each(Object.values(schemeTemplates))('on random damage to $key', (template) => {
    const all = paths(template).filter((p) => p.length > 0);
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constantFrom('1', '-1', '0', 'x', 2)),
        (path, replacement) => {
          const s = structuredClone(template) as unknown as Json;
          let parent: Json = s;
          for (const key of path.slice(0, -1)) parent = parent[key] as Json;
          const last = path[path.length - 1]!;
          if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
          else (parent as Record<string | number, unknown>)[last] = replacement;
          const result = validateScheme(s);
          const schemaOk = check(s);
          if (result.ok) expect(schemaOk, JSON.stringify(check.errors)).toBe(true);
          if (schemaOk && !result.ok) {
            for (const p of result.problems) expect(shapeCodes.has(p.code), p.code).toBe(false);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
