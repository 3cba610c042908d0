import {
  canComplete,
  canReview,
  lightCarriers,
  taskLights,
  taskProgress,
  type LightColour,
  type LocalText,
  type Step,
  type StepAssignee,
  type Task,
} from '@tianheng/core';
import type { TaskListRow, WorkEventRow } from '@tianheng/db';

/** A task of the list (GET /api/work/tasks) and the head of the task page. */
export interface TaskSummary extends Task {
  readonly categoryName: LocalText;
  readonly responsibleUnitName: string;
  readonly leadUnitName: string | null;
  readonly leaderName: string | null;
  readonly progress: { readonly done: number; readonly total: number };
  readonly lights: Record<LightColour, number>;
}

/** A step as the task page shows it. */
export interface StepView extends Omit<Step, 'assignees'> {
  readonly unitName: string;
  readonly assignees: readonly (StepAssignee & { readonly name: string })[];
  /** Names of the people who carry the step's red light (empty unless red). */
  readonly carriers: readonly string[];
  /** Whether the caller may complete / approve or return the step now. */
  readonly canComplete: boolean;
  readonly canReview: boolean;
}

/** The task page: the task, its steps in order, its history. */
export interface TaskDetail {
  readonly task: TaskSummary;
  readonly steps: readonly StepView[];
  readonly events: readonly WorkEventRow[];
}

/** The list row of a task: progress and lights come from the core rules over its steps. */
export function taskSummary(row: TaskListRow): TaskSummary {
  return {
    ...row.task,
    categoryName: row.categoryName,
    responsibleUnitName: row.responsibleUnitName,
    leadUnitName: row.leadUnitName,
    leaderName: row.leaderName,
    progress: taskProgress(row.steps),
    lights: taskLights(row.steps),
  };
}

/** A step for the caller (`personId`, null for an account without a person). */
export function stepView(
  step: Step,
  names: {
    readonly units: ReadonlyMap<string, string>;
    readonly people: ReadonlyMap<string, string>;
  },
  personId: string | null,
): StepView {
  const nameOf = (id: string) => names.people.get(id) ?? '';
  return {
    ...step,
    unitName: names.units.get(step.unitId) ?? '',
    assignees: step.assignees.map((a) => ({ ...a, name: nameOf(a.personId) })),
    carriers: step.light === 'red' ? lightCarriers(step.assignees).map(nameOf) : [],
    canComplete: personId !== null && canComplete(step, personId),
    canReview: personId !== null && canReview(step, personId),
  };
}
