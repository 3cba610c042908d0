/**
 * Workflow rules of a task's steps: who may complete or review a step, what completing does,
 * which steps start next (steps run in `seq` order; steps sharing a `seq` are parallel
 * branches), progress, task input checks, templates and "My work".
 */
import { isDecimal, toPoints } from '../assessment/decimal.ts';
import { compareIds } from '../results/ranking.ts';
import { workProblem, type WorkProblem } from './errors.ts';
import { stepLight } from './lights.ts';
import { addDays, compareDates, daysBetween, isLocalDate, localDate } from './time.ts';
import {
  lightColours,
  stepRoles,
  type Instant,
  type LightColour,
  type LocalDate,
  type MyStep,
  type MyStepInput,
  type MyWork,
  type Step,
  type StepAssignee,
  type StepInput,
  type StepRole,
  type TaskInput,
  type TemplateStep,
  type WorkConfig,
  type WorkTemplate,
} from './types.ts';

function holds(assignees: readonly StepAssignee[], role: StepRole, personId: string): boolean {
  return assignees.some((a) => a.role === role && a.personId === personId);
}

/** Only an assigned handler completes a step, and only while it is active or returned. */
export function canComplete(step: Pick<Step, 'state' | 'assignees'>, personId: string): boolean {
  return (
    (step.state === 'active' || step.state === 'returned') &&
    holds(step.assignees, 'handler', personId)
  );
}

/** Only an assigned reviewer approves or returns a step, and only once it is submitted. */
export function canReview(step: Pick<Step, 'state' | 'assignees'>, personId: string): boolean {
  return step.state === 'submitted' && holds(step.assignees, 'reviewer', personId);
}

/** The state a completed step goes to: `submitted` when review is required, else `done`. */
export function completeOutcome(step: Pick<Step, 'reviewRequired'>): 'submitted' | 'done' {
  return step.reviewRequired ? 'submitted' : 'done';
}

const finished = (state: Step['state']) => state === 'done' || state === 'cancelled';

/**
 * Ids of a task's waiting steps that may start now: every step with a smaller `seq` is done or
 * cancelled. Steps sharing a `seq` start together (parallel branches). Ordered by seq, then id.
 */
export function stepsToActivate(steps: readonly Pick<Step, 'id' | 'seq' | 'state'>[]): string[] {
  const open = steps.filter((s) => !finished(s.state)).map((s) => s.seq);
  const lowestOpen = open.length === 0 ? Infinity : Math.min(...open);
  return steps
    .filter((s) => s.state === 'waiting' && s.seq <= lowestOpen)
    .sort((a, b) => a.seq - b.seq || compareIds(a.id, b.id))
    .map((s) => s.id);
}

/** Done steps out of the steps that count (cancelled steps do not). */
export function taskProgress(steps: readonly Pick<Step, 'state'>[]): {
  done: number;
  total: number;
} {
  const counted = steps.filter((s) => s.state !== 'cancelled');
  return { done: counted.filter((s) => s.state === 'done').length, total: counted.length };
}

/** An all-zero count per light colour. */
export function emptyLightCounts(): Record<LightColour, number> {
  return Object.fromEntries(lightColours.map((c) => [c, 0])) as Record<LightColour, number>;
}

/** How many of a task's (not cancelled) steps show each colour, from their recorded lights. */
export function taskLights(
  steps: readonly Pick<Step, 'state' | 'light'>[],
): Record<LightColour, number> {
  const counts = emptyLightCounts();
  for (const s of steps) if (s.state !== 'cancelled') counts[s.light] += 1;
  return counts;
}

/** Whether `text` is a non-negative decimal with at most two places (points). */
export function isPoints(text: unknown): text is string {
  return (
    typeof text === 'string' && isDecimal(text) && !/\.\d{3,}$/.test(text) && toPoints(text) >= 0n
  );
}

function checkDates(
  problems: WorkProblem[],
  code: WorkProblem['code'],
  prefix: string,
  [startField, start]: [string, string],
  [endField, end]: [string, string],
): boolean {
  let ok = true;
  for (const [field, value] of [
    [startField, start],
    [endField, end],
  ] as const) {
    if (typeof value !== 'string' || !isLocalDate(value)) {
      problems.push(
        workProblem(
          code,
          `${prefix}${field}`,
          '日期应为 YYYY-MM-DD 格式的有效日期',
          'A date is a real calendar day written YYYY-MM-DD',
        ),
      );
      ok = false;
    }
  }
  if (ok && compareDates(start, end) > 0) {
    problems.push(
      workProblem(
        code,
        `${prefix}${endField}`,
        '结束日期不能早于开始日期',
        'The end date cannot be before the start date',
      ),
    );
    ok = false;
  }
  return ok;
}

/** The first seq missing from 1 … max of the valid seqs, or null when they run without a gap. */
function missingSeq(seqs: readonly number[]): number | null {
  const valid = new Set(seqs.filter((q) => Number.isInteger(q) && q >= 1));
  for (let q = 1; valid.size > 0; q += 1) {
    if (!valid.has(q)) return q;
    valid.delete(q);
  }
  return null;
}

function blank(text: unknown): boolean {
  return typeof text !== 'string' || text.trim() === '';
}

/** Problems of one step's people: roles known, people named, no person twice in one role. */
function checkAssignees(problems: WorkProblem[], path: string, step: StepInput): void {
  const seen = new Set<string>();
  step.assignees.forEach((a, j) => {
    if (!(stepRoles as readonly string[]).includes(a.role)) {
      problems.push(
        workProblem(
          'step-invalid',
          `${path}.assignees[${j}].role`,
          '未知的环节角色',
          'Unknown step role',
        ),
      );
    }
    if (blank(a.personId)) {
      problems.push(
        workProblem(
          'step-invalid',
          `${path}.assignees[${j}].personId`,
          '请选择人员',
          'Choose a person',
        ),
      );
    }
    const key = `${a.role}\u0000${a.personId}`;
    if (seen.has(key)) {
      problems.push(
        workProblem(
          'step-invalid',
          `${path}.assignees[${j}]`,
          '同一人员在同一角色中重复出现',
          'The same person appears twice in one role',
        ),
      );
    }
    seen.add(key);
  });
  if (!step.assignees.some((a) => a.role === 'handler')) {
    problems.push(
      workProblem(
        'step-invalid',
        `${path}.assignees`,
        '每个环节至少需要一名经办人',
        'Every step needs at least one handler',
      ),
    );
  }
  if (step.reviewRequired && !step.assignees.some((a) => a.role === 'reviewer')) {
    problems.push(
      workProblem(
        'step-invalid',
        `${path}.assignees`,
        '需要审核的环节必须指定审核人',
        'A step that needs review needs a reviewer',
      ),
    );
  }
}

/**
 * Problems of a new task (empty = valid): a title; real dates in order (`startsOn ≤ dueOn`);
 * at least one step; per step a name, real dates in order and inside the task's dates, points a
 * decimal ≥ 0 with at most two places, at least one handler, a reviewer when review is
 * required, no person twice in one role; and the seqs are whole numbers running 1, 2, 3… with
 * no gap (steps sharing a seq are parallel). Codes: `task-invalid` for task fields,
 * `step-invalid` for steps.
 */
export function validateTaskInput(input: TaskInput): WorkProblem[] {
  const problems: WorkProblem[] = [];
  if (blank(input.title)) {
    problems.push(workProblem('task-invalid', 'title', '请填写事项名称', 'Enter a title'));
  }
  if (blank(input.categoryId)) {
    problems.push(workProblem('task-invalid', 'categoryId', '请选择工作类别', 'Choose a category'));
  }
  if (blank(input.responsibleUnitId)) {
    problems.push(
      workProblem(
        'task-invalid',
        'responsibleUnitId',
        '请选择责任单位',
        'Choose the responsible unit',
      ),
    );
  }
  const taskDatesOk = checkDates(
    problems,
    'task-invalid',
    '',
    ['startsOn', input.startsOn],
    ['dueOn', input.dueOn],
  );
  if (input.steps.length === 0) {
    problems.push(
      workProblem(
        'task-invalid',
        'steps',
        '事项至少需要一个环节',
        'A task needs at least one step',
      ),
    );
  }
  input.steps.forEach((step, i) => {
    const path = `steps[${i}]`;
    if (blank(step.name)) {
      problems.push(workProblem('step-invalid', `${path}.name`, '请填写环节名称', 'Enter a name'));
    }
    if (!Number.isInteger(step.seq) || step.seq < 1) {
      problems.push(
        workProblem(
          'step-invalid',
          `${path}.seq`,
          '环节顺序应为不小于 1 的整数',
          'The order is a whole number from 1',
        ),
      );
    }
    const datesOk = checkDates(
      problems,
      'step-invalid',
      `${path}.`,
      ['plannedStart', step.plannedStart],
      ['plannedEnd', step.plannedEnd],
    );
    if (datesOk && taskDatesOk) {
      if (compareDates(step.plannedStart, input.startsOn) < 0) {
        problems.push(
          workProblem(
            'step-invalid',
            `${path}.plannedStart`,
            '环节不能早于事项开始日期',
            'A step cannot start before its task',
          ),
        );
      }
      if (compareDates(step.plannedEnd, input.dueOn) > 0) {
        problems.push(
          workProblem(
            'step-invalid',
            `${path}.plannedEnd`,
            '环节不能晚于事项截止日期',
            'A step cannot end after its task is due',
          ),
        );
      }
    }
    if (!isPoints(step.points)) {
      problems.push(
        workProblem(
          'step-invalid',
          `${path}.points`,
          '分值应为不小于 0、最多两位小数的数',
          'Points are a number ≥ 0 with at most two decimals',
        ),
      );
    }
    checkAssignees(problems, path, step);
  });
  const missing = missingSeq(input.steps.map((s) => s.seq));
  if (missing !== null) {
    const at = input.steps.findIndex((s) => s.seq > missing);
    problems.push(
      workProblem(
        'step-invalid',
        `steps[${at}].seq`,
        `环节顺序须从 1 起连续，缺少第 ${missing} 步`,
        `Step order must run from 1 without gaps; ${missing} is missing`,
      ),
    );
  }
  return problems;
}

/**
 * Problems of a workflow template (code `template-invalid`): a key and a name, at least one
 * step, per step a name, whole start offset ≥ 0, whole duration ≥ 1, points ≥ 0 with at most
 * two places, known roles (`handler` required; `reviewer` when review is required), and seqs
 * running 1, 2, 3… without a gap.
 */
export function validateTemplate(
  template: Pick<WorkTemplate, 'key' | 'name' | 'steps'>,
): WorkProblem[] {
  const problems: WorkProblem[] = [];
  const bad = (path: string, zh: string, en: string) =>
    problems.push(workProblem('template-invalid', path, zh, en));
  if (blank(template.key)) bad('key', '请填写模板代码', 'Enter a key');
  if (blank(template.name['zh-CN']) || blank(template.name.en)) {
    bad('name', '请填写中英文名称', 'Enter the name in Chinese and English');
  }
  if (template.steps.length === 0)
    bad('steps', '模板至少需要一个环节', 'A template needs at least one step');
  template.steps.forEach((step: TemplateStep, i) => {
    const path = `steps[${i}]`;
    if (blank(step.name)) bad(`${path}.name`, '请填写环节名称', 'Enter a name');
    if (!Number.isInteger(step.seq) || step.seq < 1) {
      bad(`${path}.seq`, '环节顺序应为不小于 1 的整数', 'The order is a whole number from 1');
    }
    if (!Number.isInteger(step.startOffsetDays) || step.startOffsetDays < 0) {
      bad(
        `${path}.startOffsetDays`,
        '开始偏移天数应为不小于 0 的整数',
        'The start offset is a whole number of days ≥ 0',
      );
    }
    if (!Number.isInteger(step.durationDays) || step.durationDays < 1) {
      bad(
        `${path}.durationDays`,
        '工期应为不小于 1 的整数天数',
        'The duration is a whole number of days ≥ 1',
      );
    }
    if (!isPoints(step.points)) {
      bad(
        `${path}.points`,
        '分值应为不小于 0、最多两位小数的数',
        'Points are a number ≥ 0 with at most two decimals',
      );
    }
    if (step.roles.some((r) => !(stepRoles as readonly string[]).includes(r))) {
      bad(`${path}.roles`, '未知的环节角色', 'Unknown step role');
    }
    if (!step.roles.includes('handler')) {
      bad(`${path}.roles`, '每个环节至少需要经办人角色', 'Every step needs the handler role');
    }
    if (step.reviewRequired && !step.roles.includes('reviewer')) {
      bad(
        `${path}.roles`,
        '需要审核的环节必须包含审核人角色',
        'A step that needs review needs the reviewer role',
      );
    }
  });
  const missing = missingSeq(template.steps.map((s) => s.seq));
  if (missing !== null) {
    bad(
      `steps[${template.steps.findIndex((s) => s.seq > missing)}].seq`,
      `环节顺序须从 1 起连续，缺少第 ${missing} 步`,
      `Step order must run from 1 without gaps; ${missing} is missing`,
    );
  }
  return problems;
}

/**
 * The steps of a new task from a template starting on `startsOn`: each step starts
 * `startOffsetDays` after it and ends `durationDays − 1` days after its start (a one-day step
 * starts and ends on the same day). No people yet: the creator fills them in.
 */
export function instantiateTemplate(
  template: Pick<WorkTemplate, 'steps'>,
  startsOn: LocalDate,
): StepInput[] {
  return [...template.steps]
    .sort((a, b) => a.seq - b.seq)
    .map((step) => {
      const plannedStart = addDays(startsOn, step.startOffsetDays);
      return {
        seq: step.seq,
        name: step.name,
        unitId: null,
        plannedStart,
        plannedEnd: addDays(plannedStart, Math.max(step.durationDays, 1) - 1),
        points: step.points,
        tags: [...step.tags],
        reviewRequired: step.reviewRequired,
        assignees: [],
      };
    });
}

/**
 * A person's work at `now`. Steps they may complete (handler of an active or returned step)
 * go to exactly one list: `overdue` when today (tenant zone) is after the planned end,
 * `dueSoon` when the planned end is at most `dueSoonDays` days away, else `todo`. Steps
 * submitted for their review go to `review`. Each list is ordered by planned end, task title,
 * step id. Waiting steps and steps they hold only other roles on are not listed.
 */
export function myWorkBuckets(
  steps: readonly MyStepInput[],
  personId: string,
  now: Instant,
  config: Pick<WorkConfig, 'lights' | 'dueSoonDays'>,
): MyWork {
  const today = localDate(now, config.lights.utcOffsetMinutes);
  const todo: MyStep[] = [];
  const dueSoon: MyStep[] = [];
  const overdue: MyStep[] = [];
  const review: MyStep[] = [];
  for (const step of steps) {
    const complete = canComplete(step, personId);
    const reviewing = canReview(step, personId);
    if (!complete && !reviewing) continue;
    const roles = stepRoles.filter((r) => holds(step.assignees, r, personId));
    const item: MyStep = {
      stepId: step.stepId,
      taskId: step.taskId,
      taskTitle: step.taskTitle,
      name: step.name,
      plannedStart: step.plannedStart,
      plannedEnd: step.plannedEnd,
      light: stepLight(step, now, config.lights),
      state: step.state,
      roles,
      points: step.points,
    };
    if (reviewing) review.push(item);
    else if (compareDates(today, step.plannedEnd) > 0) overdue.push(item);
    else if (daysBetween(today, step.plannedEnd) <= config.dueSoonDays) dueSoon.push(item);
    else todo.push(item);
  }
  const order = (a: MyStep, b: MyStep) =>
    compareDates(a.plannedEnd, b.plannedEnd) ||
    compareIds(a.taskTitle, b.taskTitle) ||
    compareIds(a.stepId, b.stepId);
  return {
    todo: todo.sort(order),
    dueSoon: dueSoon.sort(order),
    overdue: overdue.sort(order),
    review: review.sort(order),
  };
}
