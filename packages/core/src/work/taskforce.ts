/**
 * Task forces (专班): a leader forms one and picks members; the leaders' joint meeting sets the
 * base points every member receives, and the leader distributes an allocation pool among the
 * members (second allocation, 二次赋分). Both are recorded as facts of the period's
 * `task-force` indicator (`payload.taskForce`, `payload.part` = `base` | `allocation`).
 */
import { formatPoints, toPoints } from '../assessment/decimal.ts';
import type { Decimal } from '../assessment/types.ts';
import { compareIds } from '../results/ranking.ts';
import { workProblem, type WorkProblem } from './errors.ts';
import type { TaskForce } from './types.ts';
import { isPoints } from './workflow.ts';

/** One member's part of the second allocation. */
export interface Allocation {
  readonly personId: string;
  readonly points: Decimal;
}

/**
 * Problems of a second allocation (empty = valid): each part names a member of the task force
 * (`task-force-invalid`), at most once, with points ≥ 0 and at most two decimals; and the parts
 * add up exactly to the pool (`task-force-allocation-mismatch`).
 */
export function checkAllocation(
  pool: Decimal,
  allocations: readonly Allocation[],
  memberIds: readonly string[],
): WorkProblem[] {
  const problems: WorkProblem[] = [];
  const members = new Set(memberIds);
  const seen = new Set<string>();
  let sum = 0n;
  let readable = true;
  allocations.forEach((a, i) => {
    if (!members.has(a.personId)) {
      problems.push(
        workProblem(
          'task-force-invalid',
          `allocations[${i}].personId`,
          '只能给专班成员赋分',
          'Only members of the task force can be allocated points',
        ),
      );
    } else if (seen.has(a.personId)) {
      problems.push(
        workProblem(
          'task-force-invalid',
          `allocations[${i}].personId`,
          '同一成员只能出现一次',
          'A member can appear only once',
        ),
      );
    }
    seen.add(a.personId);
    if (!isPoints(a.points)) {
      problems.push(
        workProblem(
          'task-force-invalid',
          `allocations[${i}].points`,
          '分值应为不小于 0、最多两位小数的数',
          'Points are a number ≥ 0 with at most two decimals',
        ),
      );
      readable = false;
    } else {
      sum += toPoints(a.points);
    }
  });
  if (!isPoints(pool)) {
    problems.push(
      workProblem(
        'task-force-invalid',
        'allocationPool',
        '二次赋分总额应为不小于 0、最多两位小数的数',
        'The allocation pool is a number ≥ 0 with at most two decimals',
      ),
    );
  } else if (readable && sum !== toPoints(pool)) {
    problems.push(
      workProblem(
        'task-force-allocation-mismatch',
        'allocations',
        `二次赋分合计 ${formatPoints(sum)}，应等于总额 ${formatPoints(toPoints(pool))}`,
        `The allocations add up to ${formatPoints(sum)}; they must equal the pool of ${formatPoints(toPoints(pool))}`,
      ),
    );
  }
  return problems;
}

/** A task-force fact to record through the assessment engine (the caller adds id and time). */
export interface TaskForceFact {
  readonly periodId: string;
  readonly subject: { readonly kind: 'person'; readonly id: string };
  readonly indicator: string;
  readonly value: Decimal;
  readonly payload: { readonly taskForce: string; readonly part: 'base' | 'allocation' };
  readonly source: 'workflow';
}

/**
 * The facts of a task force in a period, for its `task-force` leaf `indicator`: every member's
 * base points (`part: 'base'`) and each allocated part (`part: 'allocation'`; zero parts are
 * left out). Check the allocation first (`checkAllocation`). Ordered by person, base first.
 */
export function taskForceFacts(
  taskForce: Pick<TaskForce, 'id' | 'basePoints' | 'memberIds'>,
  periodId: string,
  indicator: string,
  allocations: readonly Allocation[],
): TaskForceFact[] {
  const fact = (personId: string, value: Decimal, part: 'base' | 'allocation'): TaskForceFact => ({
    periodId,
    subject: { kind: 'person', id: personId },
    indicator,
    value: formatPoints(toPoints(value)),
    payload: { taskForce: taskForce.id, part },
    source: 'workflow',
  });
  const facts = [...new Set(taskForce.memberIds)].map((id) =>
    fact(id, taskForce.basePoints, 'base'),
  );
  for (const a of allocations) {
    if (toPoints(a.points) !== 0n) facts.push(fact(a.personId, a.points, 'allocation'));
  }
  return facts.sort(
    (a, b) =>
      compareIds(a.subject.id, b.subject.id) ||
      (a.payload.part === b.payload.part ? 0 : a.payload.part === 'base' ? -1 : 1),
  );
}
