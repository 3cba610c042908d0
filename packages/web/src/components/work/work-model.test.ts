import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assigneesFromRoles,
  completable,
  groupBySeq,
  lastEndedWindow,
  lightSegments,
  localToday,
  peopleByRole,
  problemsByStep,
  recentWindows,
  rolesFromAssignees,
  shiftMonth,
  sumDecimals,
  unitMonths,
} from './work-model.ts';

describe('lightSegments', () => {
  it('keeps the light order, leaves out zeros and widths sum to 100', () => {
    const segments = lightSegments({ red: 1, white: 1, green: 1, blue: 0 });
    expect(segments.map((s) => s.colour)).toEqual(['white', 'green', 'red']);
    expect(segments.map((s) => s.percent)).toEqual([33.4, 33.3, 33.3]);
  });

  it('is empty when nothing is counted', () => {
    expect(lightSegments({})).toEqual([]);
    expect(lightSegments({ red: 0 })).toEqual([]);
  });

  it('always sums to exactly 100.0 percent', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(10_000), { minLength: 5, maxLength: 5 }), (n) => {
        const [white, blue, green, yellow, red] = n as [number, number, number, number, number];
        const segments = lightSegments({ white, blue, green, yellow, red });
        if (n.every((x) => x === 0)) return segments.length === 0;
        const tenths = segments.reduce((sum, s) => sum + Math.round(s.percent * 10), 0);
        return tenths === 1000 && segments.every((s) => s.percent >= 0);
      }),
    );
  });
});

describe('half-month windows', () => {
  it('counts back from the window holding today, across a year end', () => {
    const windows = recentWindows('2026-01-10', 4);
    expect(windows.map((w) => w.key)).toEqual([
      '2026-01-H1',
      '2025-12-H2',
      '2025-12-H1',
      '2025-11-H2',
    ]);
    expect(windows[1]).toMatchObject({ startsOn: '2025-12-16', endsOn: '2025-12-31' });
    expect(windows[3]).toMatchObject({ startsOn: '2025-11-16', endsOn: '2025-11-30' });
  });

  it('knows February and the 15th/16th boundary', () => {
    expect(recentWindows('2028-02-16', 1)[0]).toMatchObject({
      key: '2028-02-H2',
      endsOn: '2028-02-29',
    });
    expect(recentWindows('2027-02-15', 1)[0]?.key).toBe('2027-02-H1');
    expect(lastEndedWindow('2027-03-01')).toBe('2027-02-H2');
    expect(lastEndedWindow('2027-03-16')).toBe('2027-03-H1');
  });

  it('reads today in the tenant zone, not UTC', () => {
    // 16:00 UTC on 15 Nov is 00:00 on 16 Nov in Asia/Shanghai.
    expect(localToday(new Date('2026-11-15T16:00:00.000Z'), 480)).toBe('2026-11-16');
    expect(localToday(new Date('2026-11-15T15:59:59.999Z'), 480)).toBe('2026-11-15');
  });

  it('shifts months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-05', -17)).toBe('2024-12');
  });
});

describe('people by role', () => {
  it('groups in the fixed role order and round-trips through role lists', () => {
    const assignees = [
      { role: 'reviewer' as const, personId: 'r', name: '李审' },
      { role: 'handler' as const, personId: 'h1', name: '张办' },
      { role: 'handler' as const, personId: 'h2', name: '王办' },
    ];
    expect(peopleByRole(assignees)).toEqual([
      { role: 'handler', names: ['张办', '王办'] },
      { role: 'reviewer', names: ['李审'] },
    ]);
    const roles = rolesFromAssignees(assignees);
    expect(assigneesFromRoles(roles)).toEqual([
      { role: 'handler', personId: 'h1' },
      { role: 'handler', personId: 'h2' },
      { role: 'reviewer', personId: 'r' },
    ]);
  });

  it('drops a person picked twice for one role', () => {
    expect(assigneesFromRoles({ handler: ['a', 'a'], leader: ['a'] })).toEqual([
      { role: 'handler', personId: 'a' },
      { role: 'leader', personId: 'a' },
    ]);
  });
});

describe('sumDecimals', () => {
  it('adds exactly at the point scale and treats blanks as zero', () => {
    expect(sumDecimals(['0.1', '0.2', '', undefined])).toBe('0.30');
    expect(sumDecimals(['0.5', '0.15', '0.1', '0.1', '0.05', '0.05', '0.05'], 4)).toBe('1.0000');
  });

  it('is null while a value is not a number yet', () => {
    expect(sumDecimals(['1', 'abc'])).toBeNull();
  });
});

describe('groupBySeq', () => {
  it('puts parallel branches together in seq order', () => {
    const groups = groupBySeq([
      { seq: 2, id: 'b' },
      { seq: 1, id: 'a' },
      { seq: 2, id: 'c' },
    ]);
    expect(groups.map((g) => [g.seq, g.steps.map((s) => s.id)])).toEqual([
      [1, ['a']],
      [2, ['b', 'c']],
    ]);
  });
});

describe('unitMonths', () => {
  it('counts plan items for the doing unit and cards for the receiving unit', () => {
    const rows = unitMonths(
      [
        { unitId: 'u1', unitName: '甲局', done: true },
        { unitId: 'u1', unitName: '甲局', done: false },
        { unitId: 'u2', unitName: '乙局', done: true },
      ],
      [
        { unitId: 'u1', unitName: '甲局', colour: 'red' },
        { unitId: 'u3', unitName: '丙局', colour: 'yellow' },
        { unitId: 'u2', unitName: '乙局', colour: 'green' },
      ],
    );
    expect(rows.map((r) => [r.id, r.planned, r.done, r.cards])).toEqual([
      // Sorted by pinyin: 丙 (bing), 甲 (jia), 乙 (yi).
      ['u3', 0, 0, { green: 0, yellow: 1, red: 0 }],
      ['u1', 2, 1, { green: 0, yellow: 0, red: 1 }],
      ['u2', 1, 1, { green: 1, yellow: 0, red: 0 }],
    ]);
  });
});

describe('problemsByStep', () => {
  it('sends step paths to their step and the rest to the task', () => {
    const { task, steps } = problemsByStep([
      { path: 'title' },
      { path: 'steps[1].name' },
      { path: 'steps.1.points' },
      { path: 'steps[10]' },
      { path: 'steps' },
    ]);
    expect(task.map((p) => p.path)).toEqual(['title', 'steps']);
    expect(steps.get(1)?.map((p) => p.path)).toEqual(['steps[1].name', 'steps.1.points']);
    expect(steps.get(10)?.length).toBe(1);
  });
});

describe('completable', () => {
  it('offers 办结 only to a handler of a step in hand', () => {
    expect(completable({ roles: ['handler'], state: 'active' })).toBe(true);
    expect(completable({ roles: ['section-head', 'handler'], state: 'returned' })).toBe(true);
    expect(completable({ roles: ['handler'], state: 'submitted' })).toBe(false);
    expect(completable({ roles: ['handler'], state: 'waiting' })).toBe(false);
    expect(completable({ roles: ['reviewer'], state: 'active' })).toBe(false);
  });
});
