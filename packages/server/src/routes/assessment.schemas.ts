/**
 * TypeBox schemas of the assessment API (schemes, periods, facts, results, score), shared by
 * the route modules and registered once as OpenAPI components. Points travel as decimal
 * strings, money as integer cents (see docs/api.md).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { assessmentKinds, factSources, periodKinds, periodStatuses } from '@tianheng/core';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

/** A decimal string such as `"3"`, `"-1.50"`. */
export const DecimalSchema = Type.String({ pattern: '^-?\\d{1,13}(\\.\\d{1,4})?$' });
/** A text in both languages. */
export const LabelSchema = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
/** Any JSON value (a scheme, a payload): checked by core, documented in docs/schemes.md. */
export const AnyJson = Type.Unknown();
/** A JSON object passed through as it is. */
export const JsonObject = Type.Object({}, { additionalProperties: true });
/** A scheme key: lower-case letters, digits and dashes. */
export const SchemeKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

export const SchemeProblemSchema = Type.Object(
  {
    code: Type.String(),
    path: Type.String(),
    message: LabelSchema,
    severity: literals(['error', 'warning'] as const),
  },
  { $id: 'SchemeProblem' },
);

const schemeVersionFields = {
  key: Type.String(),
  version: Type.Integer(),
  name: LabelSchema,
  audience: Type.String(),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
};
export const SchemeVersionInfoSchema = Type.Object(schemeVersionFields, {
  $id: 'SchemeVersionInfo',
});
export const SchemeVersionSchema = Type.Object(
  { ...schemeVersionFields, scheme: JsonObject },
  { $id: 'SchemeVersion' },
);
export const SchemeSummarySchema = Type.Object(
  {
    key: Type.String(),
    version: Type.Integer(),
    name: LabelSchema,
    audience: Type.String(),
    versions: Type.Integer(),
    createdAt: Type.String(),
  },
  { $id: 'SchemeSummary' },
);
export const SchemeTemplateSchema = Type.Object(
  {
    key: Type.String(),
    name: LabelSchema,
    audience: Type.String(),
    description: Nullable(LabelSchema),
  },
  { $id: 'SchemeTemplate' },
);

export const PeriodSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: literals(periodKinds),
    assessment: literals(assessmentKinds),
    startsOn: Type.String({ format: 'date' }),
    endsOn: Type.String({ format: 'date' }),
    schemeKey: Type.String(),
    schemeVersion: Type.Integer(),
    status: literals(periodStatuses),
    closedAt: Nullable(Type.String()),
    reopenReason: Nullable(Type.String()),
    computedAt: Nullable(Type.String()),
    createdAt: Type.String(),
  },
  { $id: 'Period' },
);

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

export const FactSchema = Type.Object(
  {
    id: Type.String(),
    periodId: Type.String(),
    subject: Type.Object({
      kind: literals(['person', 'unit'] as const),
      id: Type.String(),
      name: Type.String(),
    }),
    indicator: Type.String(),
    indicatorLabel: Nullable(LabelSchema),
    method: Nullable(Type.String()),
    value: Nullable(Type.String()),
    payload: JsonObject,
    source: literals(factSources),
    evidence: Type.Object({
      note: Type.Optional(Type.String()),
      attachments: Type.Optional(Type.Array(Type.String())),
    }),
    recordedBy: Nullable(Ref),
    recordedAt: Type.String(),
    supersedes: Nullable(Type.String()),
    supersededBy: Nullable(Type.String()),
  },
  { $id: 'Fact' },
);

const RankSchema = Type.Object({
  rank: Type.Integer(),
  groupSize: Type.Integer(),
  tied: Type.Integer(),
});

export const ResultRowSchema = Type.Object(
  {
    personId: Type.String(),
    name: Type.String(),
    staffNo: Type.String(),
    unitId: Type.String(),
    unitName: Type.String(),
    assessmentUnitId: Type.String(),
    assessmentUnitName: Type.String(),
    post: Type.String(),
    rank: Type.String(),
    common: Type.String(),
    individual: Type.String(),
    total: Type.String(),
    coefficient: Type.String(),
    index: Type.String(),
    ranks: Type.Object({
      unit: RankSchema,
      tenant: RankSchema,
      lines: Type.Array(
        Type.Object({
          lineId: Type.String(),
          lineName: Type.String(),
          rank: Type.Integer(),
          groupSize: Type.Integer(),
          tied: Type.Integer(),
        }),
      ),
    }),
    grade: literals(['excellent', 'competent', 'basic', 'incompetent', 'undecided'] as const),
    boundaryTie: Type.Boolean(),
    gradeReason: LabelSchema,
    bonusCents: Nullable(Type.Integer()),
    literalCents: Nullable(Type.Integer()),
  },
  { $id: 'ResultRow' },
);

export const UnitSummarySchema = Type.Object(
  {
    unitId: Type.String(),
    unitName: Type.String(),
    headcount: Type.Integer(),
    quota: Type.Integer(),
    excellent: Type.Integer(),
    competent: Type.Integer(),
    basic: Type.Integer(),
    incompetent: Type.Integer(),
    undecided: Type.Integer(),
    placesLeft: Type.Integer(),
    bonus: Nullable(
      Type.Object({
        poolCents: Type.Integer(),
        allocatedCents: Type.Integer(),
        unallocatedCents: Type.Integer(),
        literalTotalCents: Type.Integer(),
        literalDifferenceCents: Type.Integer(),
        pointValueCents: Nullable(Type.String()),
      }),
    ),
  },
  { $id: 'UnitSummary' },
);

export const SignalSchema = Type.Object(
  {
    id: Type.String(),
    ruleKey: Type.String(),
    kind: literals(['promotion', 'accountability'] as const),
    personId: Type.String(),
    personName: Type.String(),
    periodId: Type.String(),
    scope: Type.String(),
    groupId: Type.String(),
    proposes: JsonObject,
    reason: JsonObject,
    status: literals(['pending', 'confirmed', 'dismissed'] as const),
    decidedAt: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    note: Nullable(Type.String()),
  },
  { $id: 'Signal' },
);

export const ScoreNodeSchema = Type.Object(
  {
    key: Type.String(),
    label: LabelSchema,
    max: Nullable(Type.String()),
    method: Nullable(Type.String()),
    points: Type.String(),
    raw: Type.String(),
    capped: Type.Boolean(),
    factIds: Type.Array(Type.String()),
    explain: Type.Array(LabelSchema),
    children: Type.Array(Type.Ref('ScoreNode')),
  },
  { $id: 'ScoreNode' },
);

export const PersonScoreSchema = Type.Object(
  {
    period: Type.Ref('Period'),
    person: Type.Object({
      id: Type.String(),
      name: Type.String(),
      staffNo: Type.String(),
      unitId: Type.String(),
      unitName: Type.String(),
      post: Type.String(),
      rank: Type.String(),
    }),
    schemeKey: Type.String(),
    schemeVersion: Type.Integer(),
    common: Type.String(),
    individual: Type.String(),
    total: Type.String(),
    coefficient: Type.String(),
    index: Type.String(),
    result: Nullable(Type.Ref('ResultRow')),
    nodes: Type.Array(Type.Ref('ScoreNode')),
    facts: Type.Array(Type.Ref('Fact')),
    warnings: Type.Array(
      Type.Object({ code: Type.String(), indicator: Type.String(), message: LabelSchema }),
    ),
  },
  { $id: 'PersonScore' },
);

/** Register the shared schemas once (OpenAPI components). */
export function addAssessmentSchemas(app: FastifyInstance): void {
  for (const schema of [
    SchemeProblemSchema,
    SchemeVersionInfoSchema,
    SchemeVersionSchema,
    SchemeSummarySchema,
    SchemeTemplateSchema,
    PeriodSchema,
    FactSchema,
    ResultRowSchema,
    UnitSummarySchema,
    SignalSchema,
    ScoreNodeSchema,
    PersonScoreSchema,
  ])
    app.addSchema(schema);
}

/** Page and size of a list. */
export const PageFields = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
