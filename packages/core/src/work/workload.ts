/**
 * Workload: how a step's points are shared among its people by role. Exact to the hundredth:
 * the parts always add up to the step's points.
 */
import {
  RATIO_SCALE,
  formatPoints,
  isDecimal,
  parseScaled,
  pow10,
  toPoints,
} from '../assessment/decimal.ts';
import type { Decimal } from '../assessment/types.ts';
import { compareIds } from '../results/ranking.ts';
import { workProblem, type WorkProblem } from './errors.ts';
import {
  stepRoles,
  type RoleShares,
  type StepAssignee,
  type StepRole,
  type WorkloadShare,
} from './types.ts';

/**
 * Problems of a role-share table (code `work-shares-invalid`): every role present, each a
 * decimal in 0 … 1 with at most four places, and together exactly 1.
 */
export function validateRoleShares(shares: RoleShares): WorkProblem[] {
  const problems: WorkProblem[] = [];
  let sum = 0n;
  let readable = true;
  for (const role of stepRoles) {
    const value: unknown = (shares as Partial<Record<StepRole, unknown>>)[role];
    const path = `roleShares.${role}`;
    if (typeof value !== 'string' || !isDecimal(value) || /\.\d{5,}$/.test(value)) {
      problems.push(
        workProblem(
          'work-shares-invalid',
          path,
          '比例应为 0 到 1 之间、最多四位小数的数',
          'A share is a number from 0 to 1 with at most four decimals',
        ),
      );
      readable = false;
      continue;
    }
    const ratio = parseScaled(value, RATIO_SCALE);
    if (ratio < 0n || ratio > pow10(RATIO_SCALE)) {
      problems.push(
        workProblem(
          'work-shares-invalid',
          path,
          '比例应在 0 到 1 之间',
          'A share lies between 0 and 1',
        ),
      );
      readable = false;
    }
    sum += ratio;
  }
  for (const key of Object.keys(shares)) {
    if (!(stepRoles as readonly string[]).includes(key)) {
      problems.push(
        workProblem(
          'work-shares-invalid',
          `roleShares.${key}`,
          '未知的环节角色',
          'Unknown step role',
        ),
      );
    }
  }
  if (readable && sum !== pow10(RATIO_SCALE)) {
    problems.push(
      workProblem(
        'work-shares-invalid',
        'roleShares',
        `各角色比例合计应为 1（当前为 ${formatRatio(sum)}）`,
        `The shares must add up to 1 (now ${formatRatio(sum)})`,
      ),
    );
  }
  return problems;
}

function formatRatio(value: bigint): string {
  const whole = value / pow10(RATIO_SCALE);
  const fraction = (value % pow10(RATIO_SCALE))
    .toString()
    .padStart(RATIO_SCALE, '0')
    .replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/**
 * Split a step's points among its people:
 *
 * 1. each role with at least one person gets its share of `shares`; roles nobody holds are left
 *    out and the shares of the roles held are renormalised to add up to 1 (when every held role
 *    has share 0, every held role counts equally instead);
 * 2. several people in one role split that role's part equally (a person listed twice in one
 *    role counts once; a person in two roles gets a part for each);
 * 3. rounding to hundredths by largest remainder: every part is first rounded towards zero,
 *    then the hundredths still missing go one each to the parts with the largest remainders
 *    (ties by role order, then person id), so the parts add up to exactly `points` and each is
 *    within 0.01 of its exact value.
 *
 * Parts come in role order (handler, section head, …, leader), then person id; a part may be
 * 0.00. No people → no parts.
 * @throws RangeError when `points` or a share of a held role is not a decimal.
 */
export function splitStepPoints(
  stepId: string,
  points: Decimal,
  assignees: readonly StepAssignee[],
  shares: RoleShares,
): WorkloadShare[] {
  const total = toPoints(points);
  const magnitude = total < 0n ? -total : total;
  const people = new Map<StepRole, string[]>();
  for (const role of stepRoles) {
    const ids = [...new Set(assignees.filter((a) => a.role === role).map((a) => a.personId))];
    if (ids.length > 0) people.set(role, ids.sort(compareIds));
  }
  if (people.size === 0) return [];

  const held = [...people.keys()];
  const ratios = new Map(held.map((r) => [r, parseScaled(shares[r], RATIO_SCALE)]));
  if (held.every((r) => ratios.get(r)! <= 0n)) for (const r of held) ratios.set(r, 1n);
  for (const r of held) if (ratios.get(r)! < 0n) ratios.set(r, 0n);
  const ratioSum = held.reduce((sum, r) => sum + ratios.get(r)!, 0n);
  // Common denominator: ratioSum × lcm(people per role); each part's exact value in hundredths
  // is magnitude × ratio × (lcm / n) / denominator.
  const lcm = held.reduce((l, r) => lcmOf(l, BigInt(people.get(r)!.length)), 1n);
  const denominator = ratioSum * lcm;

  const parts = held.flatMap((role) =>
    people.get(role)!.map((personId) => {
      const numerator = magnitude * ratios.get(role)! * (lcm / BigInt(people.get(role)!.length));
      return { role, personId, floor: numerator / denominator, remainder: numerator % denominator };
    }),
  );
  let missing = magnitude - parts.reduce((sum, p) => sum + p.floor, 0n);
  const byRemainder = parts
    .map((p, i) => ({ p, i }))
    .sort((a, b) =>
      a.p.remainder > b.p.remainder ? -1 : a.p.remainder < b.p.remainder ? 1 : a.i - b.i,
    );
  for (const { p } of byRemainder) {
    if (missing === 0n) break;
    p.floor += 1n;
    missing -= 1n;
  }
  return parts.map((p) => ({
    stepId,
    personId: p.personId,
    role: p.role,
    points: formatPoints(total < 0n ? -p.floor : p.floor),
  }));
}

function gcdOf(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function lcmOf(a: bigint, b: bigint): bigint {
  return (a / gcdOf(a, b)) * b;
}

/** One person's workload over many shares: total and per role (exact sums). */
export function sumWorkload(
  shares: readonly WorkloadShare[],
): Map<string, { points: Decimal; byRole: Record<StepRole, Decimal> }> {
  const sums = new Map<string, Map<StepRole, bigint>>();
  for (const s of shares) {
    let roles = sums.get(s.personId);
    if (!roles) sums.set(s.personId, (roles = new Map<StepRole, bigint>()));
    roles.set(s.role, (roles.get(s.role) ?? 0n) + toPoints(s.points));
  }
  const result = new Map<string, { points: Decimal; byRole: Record<StepRole, Decimal> }>();
  for (const personId of [...sums.keys()].sort(compareIds)) {
    const roles = sums.get(personId)!;
    const byRole = Object.fromEntries(
      stepRoles.map((r) => [r, formatPoints(roles.get(r) ?? 0n)]),
    ) as Record<StepRole, Decimal>;
    const points = [...roles.values()].reduce((a, b) => a + b, 0n);
    result.set(personId, { points: formatPoints(points), byRole });
  }
  return result;
}
