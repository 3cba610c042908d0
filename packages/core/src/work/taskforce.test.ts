import { describe, expect, it } from 'vitest';
import { checkAllocation, taskForceFacts } from './taskforce.ts';

describe(checkAllocation, () => {
  const members = ['a', 'b', 'c'];

  it('accepts an allocation that adds up to the pool', () => {
    expect(
      checkAllocation(
        '10',
        [
          { personId: 'a', points: '6.5' },
          { personId: 'b', points: '3.50' },
        ],
        members,
      ),
    ).toEqual([]);
    expect(checkAllocation('0', [], members)).toEqual([]);
  });

  it.each<[string, string, { personId: string; points: string }[], string[]]>([
    [
      'short of the pool',
      '10',
      [{ personId: 'a', points: '9.99' }],
      ['task-force-allocation-mismatch allocations'],
    ],
    [
      'over the pool',
      '10',
      [
        { personId: 'a', points: '5' },
        { personId: 'b', points: '5.01' },
      ],
      ['task-force-allocation-mismatch allocations'],
    ],
    [
      'a non-member',
      '10',
      [{ personId: 'z', points: '10' }],
      ['task-force-invalid allocations[0].personId'],
    ],
    [
      'a member twice',
      '10',
      [
        { personId: 'a', points: '5' },
        { personId: 'a', points: '5' },
      ],
      ['task-force-invalid allocations[1].personId'],
    ],
    [
      'negative points',
      '10',
      [
        { personId: 'a', points: '11' },
        { personId: 'b', points: '-1' },
      ],
      ['task-force-invalid allocations[1].points'],
    ],
    [
      'three decimals',
      '1',
      [{ personId: 'a', points: '0.999' }],
      ['task-force-invalid allocations[0].points'],
    ],
    ['a bad pool', 'ten', [{ personId: 'a', points: '1' }], ['task-force-invalid allocationPool']],
  ])('refuses %s', (_, pool, allocations, expected) => {
    expect(checkAllocation(pool, allocations, members).map((p) => `${p.code} ${p.path}`)).toEqual(
      expected,
    );
  });

  it('says the sums', () => {
    const [problem] = checkAllocation('10', [{ personId: 'a', points: '9' }], members);
    expect(problem?.message.en).toContain('9.00');
    expect(problem?.message.en).toContain('10.00');
  });
});

describe(taskForceFacts, () => {
  it('records every member’s base and each non-zero allocation', () => {
    const facts = taskForceFacts(
      { id: 'tf1', basePoints: '3', memberIds: ['b', 'a', 'c'] },
      'p1',
      'task-force',
      [
        { personId: 'a', points: '2' },
        { personId: 'b', points: '0' },
        { personId: 'c', points: '1.5' },
      ],
    );
    expect(facts.map((f) => [f.subject.id, f.payload.part, f.value])).toEqual([
      ['a', 'base', '3.00'],
      ['a', 'allocation', '2.00'],
      ['b', 'base', '3.00'],
      ['c', 'base', '3.00'],
      ['c', 'allocation', '1.50'],
    ]);
    expect(facts[0]).toMatchObject({
      periodId: 'p1',
      indicator: 'task-force',
      source: 'workflow',
      payload: { taskForce: 'tf1' },
    });
  });
});
