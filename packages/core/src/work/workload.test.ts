import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RATIO_SCALE, formatPoints, parseScaled, toPoints } from '../assessment/decimal.ts';
import { defaultWorkConfig } from './lights.ts';
import { stepRoles, type RoleShares, type StepAssignee, type StepRole } from './types.ts';
import { splitStepPoints, sumWorkload, validateRoleShares } from './workload.ts';

const shares = defaultWorkConfig.roleShares;
const a = (role: StepRole, personId: string): StepAssignee => ({ role, personId });

describe(validateRoleShares, () => {
  it('accepts the defaults', () => {
    expect(validateRoleShares(shares)).toEqual([]);
  });

  it('names the bad share and a wrong sum', () => {
    expect(validateRoleShares({ ...shares, handler: '0.6' })).toEqual([
      expect.objectContaining({ code: 'work-shares-invalid', path: 'roleShares' }),
    ]);
    expect(validateRoleShares({ ...shares, reviewer: 'x' })).toEqual([
      expect.objectContaining({ code: 'work-shares-invalid', path: 'roleShares.reviewer' }),
    ]);
    expect(
      validateRoleShares({ ...shares, handler: '0.60', leader: '-0.05' }).map((p) => p.path),
    ).toEqual(['roleShares.leader']);
    expect(validateRoleShares({ ...shares, handler: '0.50001' }).map((p) => p.path)).toEqual([
      'roleShares.handler',
    ]);
    const missing = Object.fromEntries(Object.entries(shares).filter(([r]) => r !== 'leader'));
    expect(validateRoleShares(missing as RoleShares).map((p) => p.path)).toEqual([
      'roleShares.leader',
    ]);
    const message = validateRoleShares({ ...shares, handler: '0.6' })[0]!.message;
    expect(message.en).toContain('1.1');
    expect(message['zh-CN']).toContain('1.1');
  });
});

describe(splitStepPoints, () => {
  it('shares a step among all seven roles by the default table', () => {
    const all = stepRoles.map((r, i) => a(r, `p${i}`));
    expect(
      splitStepPoints('s1', '10', all, shares).map((s) => [s.role, s.personId, s.points]),
    ).toEqual([
      ['handler', 'p0', '5.00'],
      ['section-head', 'p1', '1.50'],
      ['unit-head', 'p2', '1.00'],
      ['project-lead', 'p3', '1.00'],
      ['reviewer', 'p4', '0.50'],
      ['card-issuer', 'p5', '0.50'],
      ['leader', 'p6', '0.50'],
    ]);
  });

  it('renormalises over the roles present', () => {
    // handler 0.5 and section head 0.15 of 0.65: 10 × 0.5/0.65 = 7.6923…, 10 × 0.15/0.65 = 2.3077…
    expect(
      splitStepPoints('s1', '10', [a('section-head', 'h'), a('handler', 'p')], shares).map(
        (s) => s.points,
      ),
    ).toEqual(['7.69', '2.31']);
    expect(splitStepPoints('s1', '3.5', [a('handler', 'p')], shares)).toEqual([
      { stepId: 's1', personId: 'p', role: 'handler', points: '3.50' },
    ]);
  });

  it('splits a role equally and hands out the last hundredths by largest remainder', () => {
    const parts = splitStepPoints(
      's1',
      '1',
      [a('handler', 'c'), a('handler', 'a'), a('handler', 'b')],
      shares,
    );
    expect(parts.map((p) => [p.personId, p.points])).toEqual([
      ['a', '0.34'],
      ['b', '0.33'],
      ['c', '0.33'],
    ]);
  });

  it('counts a person once per role, and once for each role held', () => {
    const parts = splitStepPoints(
      's1',
      '6.5',
      [a('handler', 'p'), a('handler', 'p'), a('section-head', 'p')],
      shares,
    );
    expect(parts.map((p) => [p.role, p.points])).toEqual([
      ['handler', '5.00'],
      ['section-head', '1.50'],
    ]);
  });

  it('shares equally when every held role has share 0, and gives nothing without people', () => {
    const zero: RoleShares = { ...shares, leader: '0', reviewer: '0' };
    expect(
      splitStepPoints('s1', '1', [a('leader', 'l'), a('reviewer', 'r')], zero).map((p) => p.points),
    ).toEqual(['0.50', '0.50']);
    expect(splitStepPoints('s1', '5', [], shares)).toEqual([]);
  });

  const roleArb = fc.constantFrom(...stepRoles);
  const assigneesArb = fc.array(
    fc.record({ role: roleArb, personId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
    { minLength: 1, maxLength: 12 },
  );
  const pointsArb = fc.bigInt({ min: -1_000_000n, max: 10_000_000n }).map(formatPoints);
  const sharesArb = fc
    .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 7, maxLength: 7 })
    .map(
      (ws) =>
        Object.fromEntries(
          stepRoles.map((r, i) => [r, (ws[i]! / 10_000).toFixed(4)]),
        ) as RoleShares,
    );

  it('parts always add up exactly to the points and sit within 0.01 of their exact share (property)', () => {
    fc.assert(
      fc.property(
        pointsArb,
        assigneesArb,
        fc.oneof(fc.constant(shares), sharesArb),
        (points, people, table) => {
          const parts = splitStepPoints('s', points, people, table);
          const sum = parts.reduce((s, p) => s + toPoints(p.points), 0n);
          expect(formatPoints(sum)).toBe(formatPoints(toPoints(points)));
          // Exact share as a rational: points × ratio_r / Σratio / n_r.
          const held = stepRoles.filter((r) => people.some((x) => x.role === r));
          let ratios = held.map((r) => parseScaled(table[r], RATIO_SCALE));
          if (ratios.every((x) => x === 0n)) ratios = held.map(() => 1n);
          const ratioSum = ratios.reduce((s, x) => s + x, 0n);
          for (const part of parts) {
            const i = held.indexOf(part.role);
            const n = BigInt(
              new Set(people.filter((x) => x.role === part.role).map((x) => x.personId)).size,
            );
            // |part × Σratio × n − points × ratio| ≤ 1 hundredth × Σratio × n (in hundredths)
            const lhs = toPoints(part.points) * ratioSum * n - toPoints(points) * ratios[i]!;
            expect(lhs < 0n ? -lhs : lhs).toBeLessThan(ratioSum * n);
          }
          const keys = parts.map((p) => `${p.role}/${p.personId}`);
          expect(new Set(keys).size).toBe(keys.length);
        },
      ),
    );
  });

  it('does not depend on the order of the people (property)', () => {
    fc.assert(
      fc.property(pointsArb, assigneesArb, sharesArb, (points, people, table) => {
        const reversed = [...people].reverse();
        expect(splitStepPoints('s', points, reversed, table)).toEqual(
          splitStepPoints('s', points, people, table),
        );
      }),
    );
  });
});

describe(sumWorkload, () => {
  it('adds a person’s parts by role, exactly', () => {
    const sums = sumWorkload([
      ...splitStepPoints('s1', '10', [a('handler', 'p'), a('section-head', 'h')], shares),
      ...splitStepPoints('s2', '0.1', [a('handler', 'p'), a('handler', 'q')], shares),
    ]);
    expect([...sums.keys()]).toEqual(['h', 'p', 'q']);
    expect(sums.get('p')).toMatchObject({
      points: '7.74',
      byRole: { handler: '7.74', leader: '0.00' },
    });
    expect(sums.get('q')?.points).toBe('0.05');
    expect(sums.get('h')?.byRole['section-head']).toBe('2.31');
  });
});
