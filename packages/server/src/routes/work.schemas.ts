import { Type, type TSchema } from 'typebox';
import {
  categoryKinds,
  lightColours,
  stepRoles,
  stepStates,
  taskPriorities,
  taskStatuses,
  workEventKinds,
} from '@tianheng/core';
import { Uuid } from './schemas.ts';

/** JSON schemas of the work platform's API (issue 4); shapes follow `@tianheng/core` types. */

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const DateOnly = Type.String({ format: 'date' });
export const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
/** Points: a decimal with at most two places, ≥ 0. */
export const Points = Type.String({ pattern: '^[0-9]{1,8}(\\.[0-9]{1,2})?$' });
/** A role share: a decimal between 0 and 1. */
const Share = Type.String({ pattern: '^(0(\\.[0-9]{1,4})?|1(\\.0{1,4})?)$' });

export const LocalTextSchema = Type.Object(
  { 'zh-CN': Text(200), en: Text(200) },
  { additionalProperties: false },
);
export const LightCounts = Type.Object(
  Object.fromEntries(lightColours.map((c) => [c, Type.Integer()])) as Record<
    (typeof lightColours)[number],
    ReturnType<typeof Type.Integer>
  >,
);

export const WorkConfigSchema = Type.Object(
  {
    roleShares: Type.Object(
      Object.fromEntries(stepRoles.map((r) => [r, Share])) as Record<
        (typeof stepRoles)[number],
        typeof Share
      >,
      { additionalProperties: false },
    ),
    lights: Type.Object(
      {
        aheadDays: Type.Integer({ minimum: 0, maximum: 365 }),
        graceDays: Type.Integer({ minimum: 0, maximum: 365 }),
        utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840 }),
      },
      { additionalProperties: false },
    ),
    dueSoonDays: Type.Integer({ minimum: 0, maximum: 365 }),
  },
  { additionalProperties: false },
);

export const CategorySchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: LocalTextSchema,
  kind: Type.Enum(categoryKinds),
  sortOrder: Type.Integer(),
  archived: Type.Boolean(),
});
export const CategoryKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

export const TemplateStepSchema = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, maximum: 1000 }),
    name: Text(200),
    startOffsetDays: Type.Integer({ minimum: 0, maximum: 3650 }),
    durationDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    points: Points,
    tags: Type.Array(Text(50), { maxItems: 20 }),
    reviewRequired: Type.Boolean(),
    roles: Type.Array(Type.Enum(stepRoles), { maxItems: stepRoles.length }),
  },
  { additionalProperties: false },
);
export const TemplateSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: LocalTextSchema,
  categoryKind: nullable(Type.Enum(categoryKinds)),
  steps: Type.Array(TemplateStepSchema),
});

const TaskFields = {
  id: Type.String(),
  categoryId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  responsibleUnitId: Type.String(),
  leadUnitId: nullable(Type.String()),
  cooperatingUnitIds: Type.Array(Type.String()),
  leaderPersonId: nullable(Type.String()),
  startsOn: Type.String(),
  dueOn: Type.String(),
  priority: Type.Enum(taskPriorities),
  attachments: Type.Array(Type.String()),
  templateKey: nullable(Type.String()),
  taskForceId: nullable(Type.String()),
  status: Type.Enum(taskStatuses),
  createdAt: Type.String(),
};

export const TaskSummarySchema = Type.Object({
  ...TaskFields,
  categoryName: LocalTextSchema,
  responsibleUnitName: Type.String(),
  leadUnitName: nullable(Type.String()),
  leaderName: nullable(Type.String()),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  lights: LightCounts,
});

export const AssigneeInput = Type.Object(
  { role: Type.Enum(stepRoles), personId: Uuid },
  { additionalProperties: false },
);

export const StepViewSchema = Type.Object({
  id: Type.String(),
  taskId: Type.String(),
  seq: Type.Integer(),
  name: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  plannedStart: Type.String(),
  plannedEnd: Type.String(),
  actualStart: nullable(Type.String()),
  actualEnd: nullable(Type.String()),
  points: Type.String(),
  tags: Type.Array(Type.String()),
  reviewRequired: Type.Boolean(),
  state: Type.Enum(stepStates),
  flagged: Type.Boolean(),
  light: Type.Enum(lightColours),
  assignees: Type.Array(
    Type.Object({ role: Type.Enum(stepRoles), personId: Type.String(), name: Type.String() }),
  ),
  carriers: Type.Array(Type.String(), { description: 'Names carrying the red light (when red)' }),
  canComplete: Type.Boolean(),
  canReview: Type.Boolean(),
});

export const EventViewSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum(workEventKinds),
  taskId: nullable(Type.String()),
  stepId: nullable(Type.String()),
  actorPersonId: nullable(Type.String()),
  actorName: nullable(Type.String()),
  at: Type.String(),
  body: Type.Object({}, { additionalProperties: true }),
});

export const TaskDetailSchema = Type.Object({
  task: TaskSummarySchema,
  steps: Type.Array(StepViewSchema),
  events: Type.Array(EventViewSchema),
});

export const StepInputSchema = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, maximum: 1000 }),
    name: Text(200),
    unitId: Type.Optional(nullable(Uuid)),
    plannedStart: DateOnly,
    plannedEnd: DateOnly,
    points: Points,
    tags: Type.Array(Text(50), { maxItems: 20 }),
    reviewRequired: Type.Boolean(),
    assignees: Type.Array(AssigneeInput, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const TaskInputSchema = Type.Object(
  {
    categoryId: Uuid,
    title: Text(200),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    responsibleUnitId: Uuid,
    leadUnitId: Type.Optional(nullable(Uuid)),
    cooperatingUnitIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
    leaderPersonId: Type.Optional(nullable(Uuid)),
    startsOn: DateOnly,
    dueOn: DateOnly,
    priority: Type.Optional(Type.Enum(taskPriorities)),
    attachments: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 })),
    templateKey: Type.Optional(nullable(Type.String({ maxLength: 64 }))),
    steps: Type.Array(StepInputSchema, { maxItems: 200 }),
  },
  { additionalProperties: false },
);

export const TaskPatchSchema = Type.Object(
  {
    title: Type.Optional(Text(200)),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    startsOn: Type.Optional(DateOnly),
    dueOn: Type.Optional(DateOnly),
    priority: Type.Optional(Type.Enum(taskPriorities)),
    status: Type.Optional(Type.Enum(taskStatuses)),
    leadUnitId: Type.Optional(nullable(Uuid)),
    cooperatingUnitIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
    leaderPersonId: Type.Optional(nullable(Uuid)),
  },
  { additionalProperties: false },
);

export const StepPatchSchema = Type.Object(
  {
    name: Type.Optional(Text(200)),
    plannedStart: Type.Optional(DateOnly),
    plannedEnd: Type.Optional(DateOnly),
    points: Type.Optional(Points),
    tags: Type.Optional(Type.Array(Text(50), { maxItems: 20 })),
    reviewRequired: Type.Optional(Type.Boolean()),
    assignees: Type.Optional(Type.Array(AssigneeInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const MyStepSchema = Type.Object({
  stepId: Type.String(),
  taskId: Type.String(),
  taskTitle: Type.String(),
  name: Type.String(),
  plannedStart: Type.String(),
  plannedEnd: Type.String(),
  light: Type.Enum(lightColours),
  state: Type.Enum(stepStates),
  roles: Type.Array(Type.Enum(stepRoles)),
  points: Type.String(),
});

export const MyWorkSchema = Type.Object({
  todo: Type.Array(MyStepSchema),
  dueSoon: Type.Array(MyStepSchema),
  overdue: Type.Array(MyStepSchema),
  review: Type.Array(MyStepSchema),
});
