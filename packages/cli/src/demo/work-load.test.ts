import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardColours,
  defaultWorkConfig,
  lightColours,
  myWorkBuckets,
  stepLight,
} from '@tianheng/core';
import {
  findPersonIdByStaffNo,
  insertTenant,
  listMySteps,
  readTickSteps,
  stepAssignees,
  verifyLedger,
  workRowCounts,
  type DatabaseHandle,
} from '@tianheng/db';
import { openTestDatabase, testBackends } from '@tianheng/db/testing';
import { importOrgAndPeople, systemContext } from '@tianheng/server';
import { generateDemoCounty } from './demo-county.ts';
import {
  loadWorkYear,
  pastWindows,
  superviseDemoWindows,
  type DemoSupervision,
  type WorkLoadSummary,
} from './work-load.ts';
import { planWorkYear } from './work-year.ts';

const county = generateDemoCounty();
const now = new Date('2026-11-22T08:00:00Z');
const plan = planWorkYear(county, now);

describe.each(testBackends())('the demo work year on %s', (backend) => {
  let handle: DatabaseHandle;
  let tenantId: string;
  let summary: WorkLoadSummary;
  let loadMs: number;

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    tenantId = (await insertTenant(handle.db, county.tenant)).tenant_id;
    const ctx = systemContext(handle.db, tenantId, now, 'demo');
    await importOrgAndPeople(ctx, { units: county.units, people: county.people });
    const started = performance.now();
    summary = await loadWorkYear(handle.db, tenantId, county, now, plan);
    loadMs = performance.now() - started;
  }, 240_000);
  afterAll(async () => {
    await handle?.close();
  });

  it('writes the whole plan, fast enough for a first start', async () => {
    expect(summary).toMatchObject({
      tasks: plan.tasks.length,
      steps: plan.steps.length,
      cards: plan.cards.length,
      documents: plan.documents.length,
      notifications: plan.notifications.length,
    });
    const { tables } = await workRowCounts(handle.db, tenantId);
    expect(tables.task).toBe(plan.tasks.length);
    expect(tables.step).toBe(plan.steps.length);
    expect(tables.step_assignee).toBe(plan.steps.reduce((n, s) => n + s.assignees.length, 0));
    expect(tables.work_event).toBe(summary.events);
    expect(tables.month_plan_item).toBe(plan.planItems.length);
    expect(tables.work_card).toBe(plan.cards.length);
    expect(tables.notification).toBe(plan.notifications.length);
    expect(tables.work_category).toBe(12);
    expect(tables.work_template).toBe(4);
    expect(tables.task_force_member).toBeGreaterThan(4);
    expect(tables.document_recipient).toBeGreaterThan(plan.documents.length);
    // Generous for a busy machine; the demo's first start must stay well under 10 s.
    expect(loadMs).toBeLessThan(30_000);
  });

  it('chains every event into a ledger that verifies', async () => {
    const verified = await verifyLedger(handle.db, tenantId);
    expect(verified.ok).toBe(true);
  });

  it('leaves nothing for a lights tick at the load instant; a day later lights change', async () => {
    const steps = await readTickSteps(handle.db, tenantId);
    // Only open steps: every closed step's light is stamped after its last change.
    expect(steps.count).toBe(plan.steps.filter((s) => s.state !== 'done').length);
    const changes = (at: Date) => {
      let changed = 0;
      for (let k = 0; k < steps.count; k++) {
        const light = stepLight(
          {
            state: steps.state[k] ?? 'waiting',
            plannedStart: steps.plannedStart[k] ?? '',
            plannedEnd: steps.plannedEnd[k] ?? '',
            actualStart: steps.actualStart[k] ?? null,
            actualEnd: steps.actualEnd[k] ?? null,
            flagged: steps.flagged[k] ?? false,
          },
          at.toISOString(),
          defaultWorkConfig.lights,
        );
        if (light !== steps.light[k]) changed += 1;
      }
      return changed;
    };
    expect(changes(now)).toBe(0);
    expect(changes(new Date(now.getTime() + 7 * 86_400_000))).toBeGreaterThan(0);
  });

  it('shows every light colour and every card colour in the database', async () => {
    const { lights, cards } = await workRowCounts(handle.db, tenantId);
    for (const colour of lightColours) expect(lights[colour], colour).toBeGreaterThan(0);
    for (const colour of cardColours) expect(cards[colour], colour).toBeGreaterThan(0);
  });

  it.each(['ganbu', 'danwei', 'lingdao'])(
    'gives the %s login steps due soon and overdue in My work',
    async (username) => {
      const staffNo = county.accounts.find((a) => a.username === username)?.staffNo ?? '';
      const personId = await findPersonIdByStaffNo(handle.db, tenantId, staffNo);
      if (personId === undefined) throw new Error(staffNo);
      const rows = await listMySteps(handle.db, tenantId, personId);
      const people = await stepAssignees(
        handle.db,
        tenantId,
        rows.map((r) => r.stepId),
      );
      const work = myWorkBuckets(
        rows.map((r) => ({
          ...r,
          assignees: people.get(r.stepId) ?? [],
        })),
        personId,
        now.toISOString(),
        defaultWorkConfig,
      );
      expect(work.overdue.length).toBeGreaterThan(0);
      expect(work.dueSoon.length).toBeGreaterThan(0);
    },
  );

  it('runs the supervision of every past window once, then what comes next; a restart runs none', async () => {
    const windows = pastWindows(now);
    expect(windows[0]).toMatch(/^2025-12-H[12]$/);
    expect(windows.at(-1)).toBe('2026-11-H1');
    const supervise = async () => {
      let report: DemoSupervision | null = null;
      let nextRan = false;
      const work = superviseDemoWindows(
        handle.db,
        tenantId,
        now,
        (done) => (report = done),
        () => {
          nextRan = true;
          return { done: Promise.resolve(7), stop: () => undefined };
        },
      );
      expect(await work.done).toBe(7);
      expect(nextRan).toBe(true);
      return report as DemoSupervision | null;
    };
    const first = await supervise();
    expect(first?.error).toBeNull();
    expect(first?.windows).toBe(windows.length);
    const again = await supervise();
    expect(again?.windows).toBe(0);
  }, 240_000);
});
