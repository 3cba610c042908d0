/**
 * The scheme format as a JSON Schema (draft 2020-12), for editors and other counties'
 * tools. It describes the shape; rules that span values (rank ranges without gaps,
 * weights summing to 1, caps exceeded by construction, unique keys) are checked by
 * `validateScheme`, which names each problem. `docs/scheme.schema.json` is this object.
 */

import { schemeRequired } from './validate.ts';

const decimal = {
  type: 'string',
  pattern: '^-?\\d{1,13}(\\.\\d{1,4})?$',
  description: 'A decimal written as a string, at most 4 decimals, e.g. "30", "-3", "0.85".',
} as const;

/** Points of the work tables: scale 2. */
const points = {
  type: 'string',
  pattern: '^-?\\d{1,13}(\\.\\d{1,2})?$',
  description: 'Points written as a string, at most 2 decimals, e.g. "-1", "0.5".',
} as const;

const ref = (name: string): { readonly $ref: string } => ({ $ref: `#/$defs/${name}` });

const closed = (
  properties: Record<string, unknown>,
  required: readonly string[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...extra,
});

const kindOnly = (kind: string): Record<string, unknown> =>
  closed({ kind: { const: kind } }, ['kind']);
const kindPoints = (kind: string): Record<string, unknown> =>
  closed({ kind: { const: kind }, points: ref('decimal') }, ['kind', 'points']);

const keyedPoints = closed({ key: ref('key'), label: ref('label'), points: ref('decimal') }, [
  'key',
  'label',
  'points',
]);

const method = (kind: string, properties: Record<string, unknown>, required: string[]) =>
  closed({ kind: { const: kind }, ...properties }, ['kind', ...required]);

const nodeProperties = {
  key: ref('key'),
  label: ref('label'),
  max: { oneOf: [ref('decimal'), { type: 'null' }], description: 'Cap; null = uncapped.' },
  description: ref('label'),
  appliesTo: closed(
    {
      layers: { type: 'array', items: { type: 'string', minLength: 1 } },
      unitKinds: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
    [],
  ),
  factScope: { enum: ['person', 'unit', 'person-or-unit', 'assessment-unit'] },
  method: ref('method'),
  children: { type: 'array', items: ref('node'), minItems: 1 },
} as const;

const rateTable = closed(
  {
    byRank: { type: 'object', additionalProperties: ref('decimal') },
    default: ref('decimal'),
  },
  ['byRank', 'default'],
);

/** JSON Schema (2020-12) of a scheme (`Scheme` in `types.ts`). */
export const schemeJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://tianheng.dev/schemas/scheme.schema.json',
  title: 'Tianheng assessment scheme',
  description:
    'A versioned assessment scheme: dimensions → indicators → sub-indicators, each capped or uncapped, leaves with a scoring method. See docs/schemes.md.',
  type: 'object',
  properties: {
    key: ref('key'),
    version: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    name: ref('label'),
    audience: { enum: ['township', 'department', 'other'] },
    commonCap: ref('decimal'),
    dimensions: { type: 'array', items: ref('dimension'), minItems: 1 },
    positionCoefficients: rateTable,
    layers: closed(
      {
        byRank: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
        default: { type: 'string', minLength: 1 },
      },
      ['byRank', 'default'],
    ),
    composition: {
      oneOf: [
        kindOnly('facts'),
        closed(
          {
            kind: { const: 'weighted' },
            parts: {
              type: 'array',
              minItems: 1,
              items: closed(
                {
                  assessment: { enum: ['routine', 'special', 'periodic'] },
                  weight: ref('decimal'),
                },
                ['assessment', 'weight'],
              ),
            },
          },
          ['kind', 'parts'],
        ),
      ],
    },
    results: ref('results'),
    work: ref('work'),
  },
  required: schemeRequired,
  additionalProperties: false,
  $defs: {
    decimal,
    points,
    key: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' },
    label: closed(
      {
        'zh-CN': { type: 'string', minLength: 1 },
        en: { type: 'string', minLength: 1 },
      },
      ['zh-CN', 'en'],
    ),
    node: {
      type: 'object',
      properties: nodeProperties,
      required: ['key', 'label', 'max'],
      additionalProperties: false,
      oneOf: [{ required: ['method'] }, { required: ['children'] }],
    },
    dimension: {
      type: 'object',
      properties: { ...nodeProperties, part: { enum: ['common', 'individual'] } },
      required: ['key', 'label', 'max', 'part'],
      additionalProperties: false,
      oneOf: [{ required: ['method'] }, { required: ['children'] }],
    },
    rankRow: closed(
      {
        from: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        to: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        points: ref('decimal'),
      },
      ['from', 'to', 'points'],
    ),
    thresholdRow: closed({ min: ref('decimal'), below: ref('decimal'), points: ref('decimal') }, [
      'points',
    ]),
    keyedPoints,
    missingPoints: { oneOf: [kindOnly('zero'), kindPoints('points')] },
    method: {
      oneOf: [
        method(
          'deduction',
          {
            start: ref('decimal'),
            items: { type: 'array', items: ref('keyedPoints'), minItems: 1 },
          },
          ['items'],
        ),
        method(
          'graded-choice',
          {
            options: { type: 'array', items: ref('keyedPoints'), minItems: 1 },
            missing: {
              oneOf: [
                kindOnly('zero'),
                closed({ kind: { const: 'option' }, option: { type: 'string' } }, [
                  'kind',
                  'option',
                ]),
              ],
            },
          },
          ['options', 'missing'],
        ),
        method(
          'rank-table',
          {
            rows: { type: 'array', items: ref('rankRow'), minItems: 1 },
            ties: { enum: ['best', 'average'] },
            outOfTable: {
              oneOf: [kindOnly('zero'), kindOnly('last-row'), kindPoints('points')],
            },
            missing: ref('missingPoints'),
          },
          ['rows', 'ties', 'outOfTable', 'missing'],
        ),
        {
          ...method(
            'external-lookup',
            {
              link: { enum: ['villages', 'unit'] },
              ranks: { type: 'array', items: ref('rankRow'), minItems: 1 },
              grades: { type: 'array', items: ref('keyedPoints'), minItems: 1 },
              combine: { enum: ['mean', 'best', 'worst'] },
              missing: ref('missingPoints'),
            },
            ['link', 'combine', 'missing'],
          ),
          anyOf: [{ required: ['ranks'] }, { required: ['grades'] }],
        },
        method(
          'rating-average',
          {
            scaleMax: ref('decimal'),
            groups: {
              type: 'array',
              minItems: 1,
              items: closed({ key: ref('key'), label: ref('label'), weight: ref('decimal') }, [
                'key',
                'label',
                'weight',
              ]),
            },
            missingGroup: { enum: ['renormalise', 'zero', 'flag'] },
          },
          ['scaleMax', 'groups', 'missingGroup'],
        ),
        method('task-force', {}, []),
        method('clause', { clauses: { type: 'array', items: ref('keyedPoints'), minItems: 1 } }, [
          'clauses',
        ]),
        method('discretionary', { min: ref('decimal'), max: ref('decimal') }, []),
        method(
          'threshold',
          {
            metric: { type: 'string', minLength: 1 },
            aggregate: { enum: ['mean', 'sum', 'latest', 'min', 'max'] },
            rows: { type: 'array', items: ref('thresholdRow'), minItems: 1 },
            missing: ref('missingPoints'),
          },
          ['metric', 'aggregate', 'rows', 'missing'],
        ),
        method('workflow', { factor: ref('decimal') }, []),
        method('okr', { factor: ref('decimal') }, []),
        method('kpi', { factor: ref('decimal') }, []),
      ],
    },
    work: closed(
      {
        lightPoints: closed(
          {
            white: ref('points'),
            blue: ref('points'),
            green: ref('points'),
            yellow: ref('points'),
            red: ref('points'),
          },
          ['white', 'blue', 'green', 'yellow', 'red'],
        ),
        cardPoints: closed({ green: ref('points'), yellow: ref('points'), red: ref('points') }, [
          'green',
          'yellow',
          'red',
        ]),
        unitIndicator: closed({ key: ref('key'), value: { enum: ['rank', 'points'] } }, [
          'key',
          'value',
        ]),
        workloadIndicator: ref('key'),
        redLightIndicator: closed({ key: ref('key'), points: ref('points') }, ['key', 'points']),
      },
      ['lightPoints', 'cardPoints'],
      {
        description:
          'Work-platform rules: points per light and card counted in a half-month window, and the leaves the supervision run feeds. See docs/work.md.',
      },
    ),
    results: closed(
      {
        tieRule: { enum: ['competition', 'dense'] },
        grades: closed(
          {
            excellentQuota: ref('decimal'),
            excellentMinIndex: ref('decimal'),
            basicBelow: ref('decimal'),
            incompetentBelow: ref('decimal'),
          },
          ['excellentQuota'],
        ),
        bonus: closed(
          {
            coefficients: rateTable,
            basis: { enum: ['index', 'total'] },
            rounding: { const: 'largest-remainder' },
          },
          ['coefficients', 'basis', 'rounding'],
        ),
        signals: {
          type: 'array',
          items: closed(
            {
              key: ref('key'),
              label: ref('label'),
              kind: { enum: ['promotion', 'accountability'] },
              when: {
                oneOf: [
                  closed(
                    {
                      kind: { const: 'top-share' },
                      share: ref('decimal'),
                      within: { enum: ['unit', 'line', 'tenant'] },
                    },
                    ['kind', 'share', 'within'],
                  ),
                  closed(
                    {
                      kind: { const: 'last-place' },
                      within: { enum: ['unit', 'line', 'tenant'] },
                      consecutive: {
                        type: 'integer',
                        minimum: 1,
                        maximum: Number.MAX_SAFE_INTEGER,
                      },
                    },
                    ['kind', 'within', 'consecutive'],
                  ),
                ],
              },
              then: closed(
                {
                  promotionPoints: ref('decimal'),
                  seniorityMonths: {
                    type: 'integer',
                    minimum: 0,
                    maximum: Number.MAX_SAFE_INTEGER,
                  },
                  action: { enum: ['interview-leader', 'withhold-annual-bonus', 'note'] },
                },
                [],
              ),
            },
            ['key', 'label', 'kind', 'when', 'then'],
          ),
        },
      },
      ['tieRule', 'grades', 'bonus', 'signals'],
    ),
  },
} as const;
