import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWorkConfig } from './lights.ts';
import type {
  MyStepInput,
  Step,
  StepAssignee,
  StepInput,
  TaskInput,
  WorkTemplate,
} from './types.ts';
import {
  canComplete,
  canReview,
  completeOutcome,
  instantiateTemplate,
  myWorkBuckets,
  stepsToActivate,
  taskLights,
  taskProgress,
  validateTaskInput,
  validateTemplate,
} from './workflow.ts';

const handler: StepAssignee = { role: 'handler', personId: 'h' };
const reviewer: StepAssignee = { role: 'reviewer', personId: 'r' };
const head: StepAssignee = { role: 'section-head', personId: 'k' };

const step = (over: Partial<Step> = {}): Step => ({
  id: 's1',
  taskId: 't1',
  seq: 1,
  name: '摸底',
  unitId: 'u1',
  plannedStart: '2026-11-16',
  plannedEnd: '2026-11-30',
  actualStart: null,
  actualEnd: null,
  points: '10',
  tags: [],
  reviewRequired: true,
  state: 'active',
  flagged: false,
  assignees: [handler, reviewer, head],
  light: 'green',
  ...over,
});

describe('who may act', () => {
  it.each<[Step['state'], boolean, boolean]>([
    ['waiting', false, false],
    ['active', true, false],
    ['returned', true, false],
    ['submitted', false, true],
    ['done', false, false],
    ['cancelled', false, false],
  ])('in state %s: handler completes %s, reviewer reviews %s', (state, complete, review) => {
    const s = step({ state });
    expect(canComplete(s, 'h')).toBe(complete);
    expect(canReview(s, 'r')).toBe(review);
    // Nobody else, whatever their role.
    expect(canComplete(s, 'r')).toBe(false);
    expect(canComplete(s, 'k')).toBe(false);
    expect(canReview(s, 'h')).toBe(false);
    expect(canReview(s, 'k')).toBe(false);
  });

  it('completing submits when review is required, else finishes', () => {
    expect(completeOutcome(step())).toBe('submitted');
    expect(completeOutcome(step({ reviewRequired: false }))).toBe('done');
  });
});

describe(stepsToActivate, () => {
  const s = (id: string, seq: number, state: Step['state']) => ({ id, seq, state });

  it.each<[string, ReturnType<typeof s>[], string[]]>([
    [
      'a new task starts its first seq, all branches',
      [s('b', 2, 'waiting'), s('a2', 1, 'waiting'), s('a1', 1, 'waiting')],
      ['a1', 'a2'],
    ],
    [
      'the next seq waits for every branch',
      [s('a1', 1, 'done'), s('a2', 1, 'active'), s('b', 2, 'waiting')],
      [],
    ],
    [
      'the next seq starts when all branches are done',
      [s('a1', 1, 'done'), s('a2', 1, 'done'), s('b', 2, 'waiting'), s('c', 3, 'waiting')],
      ['b'],
    ],
    [
      'cancelled steps do not hold anything up',
      [s('a1', 1, 'done'), s('a2', 1, 'cancelled'), s('b', 2, 'waiting')],
      ['b'],
    ],
    [
      'nothing to start when the running seq is active',
      [s('a', 1, 'active'), s('b', 2, 'waiting')],
      [],
    ],
    ['a submitted step still holds the next', [s('a', 1, 'submitted'), s('b', 2, 'waiting')], []],
    ['all done', [s('a', 1, 'done'), s('b', 2, 'done')], []],
    [
      'skips a fully cancelled seq',
      [s('a', 1, 'done'), s('b', 2, 'cancelled'), s('c', 3, 'waiting')],
      ['c'],
    ],
  ])('%s', (_, steps, expected) => {
    expect(stepsToActivate(steps)).toEqual(expected);
  });
});

describe('task summaries', () => {
  it('counts progress and lights without cancelled steps', () => {
    const steps = [
      step({ state: 'done', light: 'blue' }),
      step({ state: 'done', light: 'red' }),
      step({ state: 'active', light: 'yellow' }),
      step({ state: 'cancelled', light: 'white' }),
      step({ state: 'waiting', light: 'white' }),
    ];
    expect(taskProgress(steps)).toEqual({ done: 2, total: 4 });
    expect(taskLights(steps)).toEqual({ white: 1, blue: 1, green: 0, yellow: 1, red: 1 });
  });
});

describe(validateTaskInput, () => {
  const stepIn = (over: Partial<StepInput> = {}): StepInput => ({
    seq: 1,
    name: '摸底',
    plannedStart: '2026-11-16',
    plannedEnd: '2026-11-20',
    points: '10',
    tags: [],
    reviewRequired: true,
    assignees: [handler, reviewer],
    ...over,
  });
  const task = (over: Partial<TaskInput> = {}): TaskInput => ({
    categoryId: 'c1',
    title: '人居环境整治',
    responsibleUnitId: 'u1',
    startsOn: '2026-11-16',
    dueOn: '2026-12-31',
    steps: [stepIn(), stepIn({ seq: 2, plannedStart: '2026-11-21', plannedEnd: '2026-12-31' })],
    ...over,
  });
  const paths = (input: TaskInput) => validateTaskInput(input).map((p) => `${p.code} ${p.path}`);

  it('accepts a good task', () => {
    expect(validateTaskInput(task())).toEqual([]);
    // Parallel branches share a seq.
    expect(
      paths(task({ steps: [stepIn(), stepIn({ name: '并行' }), stepIn({ seq: 2 })] })),
    ).toEqual([]);
  });

  it.each<[string, Partial<TaskInput>, string[]]>([
    ['no title', { title: '  ' }, ['task-invalid title']],
    [
      'dates reversed',
      {
        startsOn: '2027-01-01',
        dueOn: '2026-12-31',
        steps: [stepIn({ plannedStart: '2027-01-01', plannedEnd: '2027-01-01' })],
      },
      ['task-invalid dueOn'],
    ],
    ['not a date', { dueOn: '2026-02-30' }, ['task-invalid dueOn']],
    ['no steps', { steps: [] }, ['task-invalid steps']],
    [
      'step dates reversed',
      { steps: [stepIn({ plannedStart: '2026-11-20', plannedEnd: '2026-11-19' })] },
      ['step-invalid steps[0].plannedEnd'],
    ],
    [
      'step before the task',
      { steps: [stepIn({ plannedStart: '2026-11-15' })] },
      ['step-invalid steps[0].plannedStart'],
    ],
    [
      'step after the task',
      { steps: [stepIn({ plannedEnd: '2027-01-01' })] },
      ['step-invalid steps[0].plannedEnd'],
    ],
    ['negative points', { steps: [stepIn({ points: '-1' })] }, ['step-invalid steps[0].points']],
    ['three decimals', { steps: [stepIn({ points: '1.005' })] }, ['step-invalid steps[0].points']],
    ['not a number', { steps: [stepIn({ points: 'ten' })] }, ['step-invalid steps[0].points']],
    [
      'no handler',
      { steps: [stepIn({ assignees: [reviewer] })] },
      ['step-invalid steps[0].assignees'],
    ],
    [
      'no reviewer where review is required',
      { steps: [stepIn({ assignees: [handler] })] },
      ['step-invalid steps[0].assignees'],
    ],
    [
      'a person twice in one role',
      { steps: [stepIn({ assignees: [handler, reviewer, handler] })] },
      ['step-invalid steps[0].assignees[2]'],
    ],
    [
      'unknown role',
      {
        steps: [
          stepIn({ assignees: [handler, reviewer, { role: 'boss' as 'handler', personId: 'x' }] }),
        ],
      },
      ['step-invalid steps[0].assignees[2].role'],
    ],
    ['seq below 1', { steps: [stepIn({ seq: 0 })] }, ['step-invalid steps[0].seq']],
    ['seq gap', { steps: [stepIn(), stepIn({ seq: 3 })] }, ['step-invalid steps[1].seq']],
    ['seq not starting at 1', { steps: [stepIn({ seq: 2 })] }, ['step-invalid steps[0].seq']],
  ])('%s', (_, over, expected) => {
    expect(paths(task(over))).toEqual(expected);
  });

  it('says what is wrong in both languages', () => {
    const [problem] = validateTaskInput(task({ steps: [stepIn({ assignees: [reviewer] })] }));
    expect(problem?.message['zh-CN']).toContain('经办人');
    expect(problem?.message.en).toContain('handler');
  });
});

describe('templates', () => {
  const template: WorkTemplate = {
    id: 'w1',
    key: 'project',
    name: { 'zh-CN': '重点项目', en: 'Key project' },
    categoryKind: 'key-project',
    steps: [
      {
        seq: 2,
        name: '施工',
        startOffsetDays: 3,
        durationDays: 10,
        points: '20',
        tags: ['build'],
        reviewRequired: true,
        roles: ['handler', 'reviewer'],
      },
      {
        seq: 1,
        name: '立项',
        startOffsetDays: 0,
        durationDays: 1,
        points: '5',
        tags: [],
        reviewRequired: false,
        roles: ['handler'],
      },
    ],
  };

  it('lays the steps out from the start date', () => {
    expect(instantiateTemplate(template, '2026-11-30')).toEqual([
      {
        seq: 1,
        name: '立项',
        unitId: null,
        plannedStart: '2026-11-30',
        plannedEnd: '2026-11-30',
        points: '5',
        tags: [],
        reviewRequired: false,
        assignees: [],
      },
      {
        seq: 2,
        name: '施工',
        unitId: null,
        plannedStart: '2026-12-03',
        plannedEnd: '2026-12-12',
        points: '20',
        tags: ['build'],
        reviewRequired: true,
        assignees: [],
      },
    ]);
  });

  it('checks a template', () => {
    expect(validateTemplate(template)).toEqual([]);
    const bad = validateTemplate({
      ...template,
      steps: [
        { ...template.steps[1]!, durationDays: 0 },
        { ...template.steps[0]!, seq: 3, roles: ['handler'] },
      ],
    });
    expect(bad.map((p) => `${p.code} ${p.path}`)).toEqual([
      'template-invalid steps[0].durationDays',
      'template-invalid steps[1].roles',
      'template-invalid steps[1].seq',
    ]);
  });
});

describe(myWorkBuckets, () => {
  const mine = (id: string, over: Partial<MyStepInput> = {}): MyStepInput => ({
    stepId: id,
    taskId: 't1',
    taskTitle: '人居环境整治',
    name: id,
    points: '10',
    state: 'active',
    plannedStart: '2026-11-01',
    plannedEnd: '2026-11-30',
    actualStart: '2026-11-01T01:00:00Z',
    actualEnd: null,
    flagged: false,
    assignees: [handler, reviewer],
    ...over,
  });
  // 2026-11-25 local (Shanghai); due soon covers Nov 25–28 with dueSoonDays 3.
  const now = '2026-11-24T16:00:00Z';

  it('sorts a person’s steps into disjoint lists', () => {
    const work = myWorkBuckets(
      [
        mine('later', { plannedEnd: '2026-11-29' }),
        mine('soon', { plannedEnd: '2026-11-28' }),
        mine('today', { plannedEnd: '2026-11-25' }),
        mine('late', { plannedEnd: '2026-11-24' }),
        mine('returned-late', { plannedEnd: '2026-11-20', state: 'returned' }),
        mine('waiting', { state: 'waiting' }),
        mine('done', { state: 'done', actualEnd: '2026-11-20T00:00:00Z' }),
        mine('to-review', {
          state: 'submitted',
          assignees: [
            { role: 'handler', personId: 'x' },
            { role: 'reviewer', personId: 'h' },
          ],
        }),
        mine('submitted-mine', { state: 'submitted' }),
        mine('not-mine', {
          assignees: [
            { role: 'handler', personId: 'x' },
            { role: 'section-head', personId: 'h' },
          ],
        }),
      ],
      'h',
      now,
      defaultWorkConfig,
    );
    const ids = (list: readonly { stepId: string }[]) => list.map((s) => s.stepId);
    expect(ids(work.overdue)).toEqual(['returned-late', 'late']);
    expect(ids(work.dueSoon)).toEqual(['today', 'soon']);
    expect(ids(work.todo)).toEqual(['later']);
    expect(ids(work.review)).toEqual(['to-review']);
    expect(work.overdue[1]).toMatchObject({ light: 'red', roles: ['handler'] });
    expect(work.overdue[0]?.light).toBe('red');
    expect(work.dueSoon[0]?.light).toBe('green');
    expect(work.review[0]?.roles).toEqual(['reviewer']);
  });

  it('does not depend on the order of the steps (property)', () => {
    const steps = ['a', 'b', 'c', 'd', 'e'].map((id, i) =>
      mine(id, {
        plannedEnd: `2026-11-${22 + i}`,
        state: i === 4 ? 'submitted' : 'active',
        taskTitle: i % 2 ? 'B' : 'A',
      }),
    );
    const r = { ...reviewer, personId: 'h' };
    const withReview = steps.map((s) => (s.state === 'submitted' ? { ...s, assignees: [r] } : s));
    const expected = myWorkBuckets(withReview, 'h', now, defaultWorkConfig);
    fc.assert(
      fc.property(fc.shuffledSubarray(withReview, { minLength: withReview.length }), (shuffled) => {
        expect(myWorkBuckets(shuffled, 'h', now, defaultWorkConfig)).toEqual(expected);
      }),
    );
  });
});
