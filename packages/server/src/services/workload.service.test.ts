/**
 * The workload report's arithmetic: whatever the steps, their people and the role shares, each
 * step's shares add up exactly to its points, and the people's totals to all steps' points.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  defaultWorkConfig,
  formatPoints,
  stepRoles,
  sumWorkload,
  toPoints,
  type RoleShares,
  type WorkConfig,
} from '@tianheng/core';
import type { FinishedStep } from '@tianheng/db';
import { workloadShares } from './workload.service.ts';

const people = ['p1', 'p2', 'p3', 'p4'];

/** Role shares in ten-thousandths that add up to exactly 1. */
const shares: fc.Arbitrary<RoleShares> = fc
  .array(fc.integer({ min: 0, max: 10_000 }), {
    minLength: stepRoles.length,
    maxLength: stepRoles.length,
  })
  .filter((weights) => weights.some((w) => w > 0))
  .map((weights) => {
    const total = weights.reduce((a, b) => a + b, 0);
    const parts = weights.map((w) => Math.floor((w * 10_000) / total));
    parts[0]! += 10_000 - parts.reduce((a, b) => a + b, 0);
    return Object.fromEntries(
      stepRoles.map((role, i) => [role, (parts[i]! / 10_000).toFixed(4)]),
    ) as RoleShares;
  });

const step: fc.Arbitrary<FinishedStep> = fc.record({
  stepId: fc.uuid(),
  taskId: fc.constant('t'),
  taskTitle: fc.constant('事项'),
  stepName: fc.constant('环节'),
  unitId: fc.constant('u'),
  points: fc.integer({ min: 0, max: 10_000_000 }).map((cents) => formatPoints(BigInt(cents))),
  finishedAt: fc.constant(new Date('2026-03-10T00:00:00Z')),
  assignees: fc.uniqueArray(
    fc.record({ role: fc.constantFrom(...stepRoles), personId: fc.constantFrom(...people) }),
    { minLength: 1, maxLength: 6, selector: (a) => `${a.role}:${a.personId}` },
  ),
});

describe('workload shares', () => {
  it('split every step exactly, and the people’s totals add up to all the points', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(step, { maxLength: 20, selector: (s) => s.stepId }),
        shares,
        (steps, roleShares) => {
          const config: WorkConfig = { ...defaultWorkConfig, roleShares };
          const all = workloadShares(steps, config);
          for (const s of steps) {
            const parts = all.filter((x) => x.stepId === s.stepId);
            expect(parts.reduce((sum, x) => sum + toPoints(x.points), 0n)).toBe(toPoints(s.points));
          }
          const totals = [...sumWorkload(all).values()];
          expect(totals.reduce((sum, p) => sum + toPoints(p.points), 0n)).toBe(
            steps.reduce((sum, s) => sum + toPoints(s.points), 0n),
          );
          for (const p of totals)
            expect(Object.values(p.byRole).reduce((sum, v) => sum + toPoints(v), 0n)).toBe(
              toPoints(p.points),
            );
        },
      ),
      { numRuns: 200 },
    );
  });
});
