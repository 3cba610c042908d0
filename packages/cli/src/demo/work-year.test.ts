import { describe, expect, it } from 'vitest';
import {
  cardColours,
  defaultWorkConfig,
  lightColours,
  localDate,
  myWorkBuckets,
  stepLight,
  validateTemplate,
  type MyStepInput,
} from '@tianheng/core';
import { generateDemoCounty } from './demo-county.ts';
import { planWorkYear } from './work-year.ts';

const county = generateDemoCounty();
const now = new Date('2026-11-22T08:00:00Z');
const plan = planWorkYear(county, now);
const staffOf = (username: string): string => {
  const account = county.accounts.find((a) => a.username === username);
  if (!account) throw new Error(username);
  return account.staffNo;
};

/** My work of a demo login, by the core rule the server uses. */
function myWork(username: string, at: Date = now) {
  const staffNo = staffOf(username);
  const titles = new Map(plan.tasks.map((t) => [t.key, t.title]));
  const steps: MyStepInput[] = plan.steps
    .filter((s) => s.assignees.some((a) => a.staffNo === staffNo))
    .map((s) => ({
      stepId: s.key,
      taskId: s.taskKey,
      taskTitle: titles.get(s.taskKey) ?? '',
      name: s.name,
      plannedStart: s.plannedStart,
      plannedEnd: s.plannedEnd,
      actualStart: s.actualStart,
      actualEnd: s.actualEnd,
      state: s.state,
      flagged: s.flagged,
      points: s.points,
      assignees: s.assignees.map((a) => ({ role: a.role, personId: a.staffNo })),
    }));
  return myWorkBuckets(steps, staffNo, at.toISOString(), defaultWorkConfig);
}

describe(planWorkYear, () => {
  it('is deterministic for the county, the instant and the seed', () => {
    expect(planWorkYear(county, now)).toEqual(plan);
    expect(planWorkYear(county, now, { seed: 7 }).steps).not.toEqual(plan.steps);
  });

  it('is laid out around the load instant', () => {
    const later = planWorkYear(county, new Date(now.getTime() + 30 * 86_400_000));
    const shift = (d: string) =>
      new Date(Date.parse(d) + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(later.tasks.map((t) => t.startsOn)).toEqual(plan.tasks.map((t) => shift(t.startsOn)));
  });

  it('has eight campaigns, key work, key projects, key indicators and leader-assigned items, each with tasks', () => {
    expect(plan.categories.filter((c) => c.kind === 'campaign')).toHaveLength(8);
    for (const kind of ['key-work', 'key-project', 'key-indicator', 'assigned'])
      expect(
        plan.categories.some((c) => c.kind === kind),
        kind,
      ).toBe(true);
    for (const c of plan.categories)
      expect(
        plan.tasks.some((t) => t.categoryKey === c.key),
        c.key,
      ).toBe(true);
    expect(plan.tasks.length).toBeGreaterThanOrEqual(300);
  });

  it('has valid templates of 4–8 steps and tasks of 4–8 steps', () => {
    expect(plan.templates.length).toBeGreaterThanOrEqual(3);
    for (const t of plan.templates) {
      expect(validateTemplate(t), t.key).toEqual([]);
      expect(t.steps.length).toBeGreaterThanOrEqual(4);
      expect(t.steps.length).toBeLessThanOrEqual(8);
    }
    const perTask = new Map<string, number>();
    for (const s of plan.steps) perTask.set(s.taskKey, (perTask.get(s.taskKey) ?? 0) + 1);
    for (const n of perTask.values()) expect(n >= 4 && n <= 8).toBe(true);
  });

  it('shows every light colour and every card colour', () => {
    const lights = new Set(plan.steps.map((s) => s.light));
    expect([...lights].sort()).toEqual([...lightColours].sort());
    const cards = new Set(plan.cards.map((c) => c.colour));
    expect([...cards].sort()).toEqual([...cardColours].sort());
  });

  it('stores each step’s light as the core rule computes it at the load instant', () => {
    for (const s of plan.steps)
      expect(stepLight(s, now.toISOString(), defaultWorkConfig.lights), s.key).toBe(s.light);
  });

  it('records a history that ends in each step’s light and never runs past the load instant', () => {
    const last = new Map<string, string>();
    for (const e of plan.events) {
      expect(e.at <= now.toISOString()).toBe(true);
      if (e.kind === 'light-changed' && e.stepKey !== null) {
        const before = last.get(e.stepKey) ?? 'white';
        expect(e.body.from).toBe(before);
        last.set(e.stepKey, e.body.to as string);
      }
    }
    for (const s of plan.steps) expect(last.get(s.key) ?? 'white', s.key).toBe(s.light);
    const sorted = [...plan.events].sort((a, b) => a.at.localeCompare(b.at));
    expect(plan.events.map((e) => e.at)).toEqual(sorted.map((e) => e.at));
  });

  it('puts every step’s people in its task’s unit and names a handler', () => {
    for (const s of plan.steps) {
      expect(s.assignees.filter((a) => a.role === 'handler')).toHaveLength(1);
      if (s.reviewRequired) expect(s.assignees.some((a) => a.role === 'reviewer')).toBe(true);
      expect(new Set(s.assignees.map((a) => a.staffNo)).size).toBe(s.assignees.length);
    }
  });

  it('gives the cadre, unit-head and leader logins work due soon and overdue', () => {
    for (const username of ['ganbu', 'danwei', 'lingdao']) {
      const work = myWork(username);
      expect(work.overdue.length, username).toBeGreaterThan(0);
      expect(work.dueSoon.length, username).toBeGreaterThan(0);
    }
    expect(myWork('ganbu').todo.length).toBeGreaterThan(0);
    expect(myWork('lingdao').review.length).toBeGreaterThan(0);
  });

  it('has task forces, documents with overdue reads and unread notifications', () => {
    expect(plan.taskForces).toHaveLength(2);
    expect(plan.tasks.some((t) => t.taskForceKey !== null)).toBe(true);
    const overdue = plan.documents.flatMap((d) =>
      d.readBy !== null && d.readBy < now.toISOString()
        ? d.recipients.filter((r) => r.readAt === null || r.readAt > (d.readBy ?? ''))
        : [],
    );
    expect(overdue.length).toBeGreaterThan(0);
    const ganbu = plan.notifications.filter((n) => n.staffNo === staffOf('ganbu'));
    expect(ganbu.some((n) => n.readAt === null)).toBe(true);
    expect(ganbu.some((n) => n.readAt !== null)).toBe(true);
  });

  it('makes monthly plans of past and current months only, cards for finished months only', () => {
    const month = localDate(now, 480).slice(0, 7);
    for (const p of plan.planItems) expect(p.month <= month).toBe(true);
    for (const c of plan.cards) expect(c.month < month).toBe(true);
  });

  it('grows to the bench size without history', () => {
    const big = planWorkYear(county, now, { tasks: 200, stepsPerTask: 15, history: false });
    expect(big.tasks).toHaveLength(200);
    expect(big.steps).toHaveLength(3000);
    expect(big.events).toEqual([]);
    for (const s of big.steps)
      expect(stepLight(s, now.toISOString(), defaultWorkConfig.lights)).toBe(s.light);
  });
});
