import { Type, type TSchema } from 'typebox';
import { cardColours, documentKinds, lightColours, stepRoles } from '@tianheng/core';
import { Uuid } from './schemas.ts';

/**
 * JSON schemas of the supervision side of the work platform (issue 4): cards, half-month
 * supervision, workload, task forces and documents. Shapes follow `@tianheng/core` types.
 */

/** One of the given strings (typed as their union for the response's static type). */
const literals = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const counts = <T extends string>(keys: readonly T[]) =>
  Type.Object(
    Object.fromEntries(keys.map((k) => [k, Type.Integer()])) as Record<
      T,
      ReturnType<typeof Type.Integer>
    >,
  );

export const DateOnly = Type.String({ format: 'date' });
export const Instant = Type.String({ format: 'date-time' });
export const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
/** A decimal of points with at most two places (signed). */
export const SignedPoints = Type.String({ pattern: '^-?[0-9]{1,8}(\\.[0-9]{1,2})?$' });
/** Points ≥ 0 with at most two places. */
export const Points = Type.String({ pattern: '^[0-9]{1,8}(\\.[0-9]{1,2})?$' });
/** Decimal text as stored (any scale). */
const DecimalText = Type.String();
export const MonthKeySchema = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });
/** `YYYY-MM-H1|H2`; checked again by the service (`supervision-window-invalid`). */
export const WindowKeySchema = Type.String({ minLength: 1, maxLength: 20 });

// ---------------------------------------------------------------- cards

const CardSchema = Type.Object({
  month: Type.String(),
  taskId: Uuid,
  unitId: Uuid,
  as: literals(['responsible', 'lead'] as const),
  colour: literals(cardColours),
  planned: Type.Integer(),
  done: Type.Integer(),
});

export const CardsViewSchema = Type.Object({
  month: Type.String(),
  plan: Type.Array(
    Type.Object({
      month: Type.String(),
      stepId: Uuid,
      taskId: Uuid,
      unitId: Uuid,
      leadUnitId: nullable(Uuid),
      plannedEnd: Type.String(),
      taskTitle: Type.String(),
      stepName: Type.String(),
      unitName: Type.String(),
      done: Type.Boolean(),
    }),
  ),
  cards: Type.Array(
    Type.Object({ ...CardSchema.properties, taskTitle: Type.String(), unitName: Type.String() }),
  ),
});

// ---------------------------------------------------------------- supervision

const UnitSupervisionSchema = Type.Object({
  unitId: Uuid,
  unitName: Type.String(),
  lights: counts(lightColours),
  cards: counts(cardColours),
  points: DecimalText,
  rank: Type.Integer(),
});

export const SupervisionViewSchema = Type.Object({
  window: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  run: nullable(
    Type.Object({
      runAt: Type.String(),
      runByName: nullable(Type.String()),
      factsWritten: Type.Integer(),
    }),
  ),
  units: Type.Array(UnitSupervisionSchema),
});

export const SupervisionWindowsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      window: Type.String(),
      startsOn: Type.String(),
      endsOn: Type.String(),
      runAt: Type.String(),
      runBy: nullable(Type.String()),
    }),
  ),
});

// ---------------------------------------------------------------- workload

const ByRole = Type.Object(
  Object.fromEntries(stepRoles.map((r) => [r, DecimalText])) as Record<
    (typeof stepRoles)[number],
    typeof DecimalText
  >,
);

export const WorkloadSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  people: Type.Array(
    Type.Object({
      personId: Uuid,
      name: Type.String(),
      unitName: Type.String(),
      points: DecimalText,
      byRole: ByRole,
    }),
  ),
});

export const PersonWorkloadSchema = Type.Object({
  person: Type.Object({ id: Uuid, name: Type.String(), unitName: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  points: DecimalText,
  items: Type.Array(
    Type.Object({
      stepId: Uuid,
      personId: Uuid,
      role: literals(stepRoles),
      points: DecimalText,
      taskId: Uuid,
      taskTitle: Type.String(),
      stepName: Type.String(),
      finishedAt: Type.String(),
    }),
  ),
});

export const RangeQuery = {
  from: DateOnly,
  to: DateOnly,
};

// ---------------------------------------------------------------- task forces

export const TaskForceSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  leaderPersonId: Uuid,
  leaderName: Type.String(),
  basePoints: DecimalText,
  allocationPool: DecimalText,
  memberIds: Type.Array(Uuid),
  status: literals(['active', 'closed'] as const),
  createdAt: Type.String(),
});

export const TaskForceDetailSchema = Type.Object({
  taskForce: TaskForceSchema,
  members: Type.Array(
    Type.Object({ personId: Uuid, name: Type.String(), unitName: nullable(Type.String()) }),
  ),
  tasks: Type.Array(
    Type.Object({
      id: Uuid,
      title: Type.String(),
      responsibleUnitName: Type.String(),
      status: Type.String(),
      dueOn: Type.String(),
      progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
    }),
  ),
  allocations: Type.Array(
    Type.Object({
      periodId: Uuid,
      personId: Uuid,
      name: Type.String(),
      part: literals(['base', 'allocation'] as const),
      points: DecimalText,
      factId: Uuid,
      recordedAt: Type.String(),
    }),
  ),
});

// ---------------------------------------------------------------- documents

const DocumentFields = {
  id: Uuid,
  kind: literals(documentKinds),
  title: Type.String(),
  body: Type.String(),
  attachments: Type.Array(Type.String()),
  readBy: nullable(Type.String()),
  publishedBy: nullable(Uuid),
  publishedAt: Type.String(),
};

export const DocumentSchema = Type.Object(DocumentFields);

export const DocumentListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      ...DocumentFields,
      readAt: Type.Optional(nullable(Type.String())),
      recipients: Type.Optional(Type.Integer()),
      read: Type.Optional(Type.Integer()),
      overdue: Type.Optional(Type.Union([Type.Integer(), Type.Boolean()])),
    }),
  ),
});

export const DocumentDetailSchema = Type.Object({
  document: DocumentSchema,
  readAt: nullable(Type.String()),
  receipts: nullable(
    Type.Array(
      Type.Object({
        personId: Uuid,
        name: Type.String(),
        unitName: nullable(Type.String()),
        readAt: nullable(Type.String()),
        overdue: Type.Boolean(),
      }),
    ),
  ),
});

export const PublishedSchema = Type.Object({ ...DocumentFields, recipients: Type.Integer() });
