import { randomUUID } from 'node:crypto';
import {
  analyzeWorkTables,
  appendWorkEvents,
  bulkInsertCards,
  bulkInsertCategories,
  bulkInsertDocuments,
  bulkInsertNotifications,
  bulkInsertPlanItems,
  bulkInsertSteps,
  bulkInsertTaskForces,
  bulkInsertTasks,
  bulkInsertTemplates,
  inTransaction,
  listUnits,
  loadPeopleDirectory,
  type DatabaseHandle,
  type NewWorkEvent,
} from '@tianheng/db';
import {
  defaultWorkConfig,
  halfMonthEnd,
  halfMonthOf,
  localDate,
  nextHalfMonth,
  type HalfMonthKey,
} from '@tianheng/core';
import { listWindows, runSupervision, systemContext } from '@tianheng/server';
import type { ClosingWork } from './assessment-load.ts';
import type { DemoCounty } from './demo-county.ts';
import { WORK_YEAR_DAYS, planWorkYear, type DemoWorkYear } from './work-year.ts';

type Db = DatabaseHandle['db'];

/** What loading the work year wrote. */
export interface WorkLoadSummary {
  readonly categories: number;
  readonly templates: number;
  readonly tasks: number;
  readonly steps: number;
  readonly events: number;
  readonly planItems: number;
  readonly cards: number;
  readonly documents: number;
  readonly notifications: number;
}

/** Look up an id the plan needs, or fail loudly (the load is one whole). */
function idOf(map: ReadonlyMap<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (id === undefined) throw new Error(`demo work year: ${what} ${key} is not in the database`);
  return id;
}

/** Database ids for a plan's keys, made up as they are asked for. */
function keyIds(): (key: string) => string {
  const ids = new Map<string, string>();
  return (key) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = randomUUID();
      ids.set(key, id);
    }
    return id;
  };
}

/**
 * Write a planned work year into a tenant whose county is imported, in one transaction (a load
 * cut off half-way leaves nothing): categories, templates, task forces, tasks, steps with their
 * people, monthly plans, cards, documents with receipts, notifications, in bulk statements;
 * then every event (transitions, light changes, cards issued, task forces formed, documents
 * published) in time order through `appendWorkEvents`, which chains them into the ledger.
 */
export async function loadWorkYear(
  db: Db,
  tenantId: string,
  county: DemoCounty,
  now: Date,
  plan: DemoWorkYear = planWorkYear(county, now),
): Promise<WorkLoadSummary> {
  const directory = await loadPeopleDirectory(db, tenantId);
  const people = new Map(directory.people.map((p) => [p.staffNo, p.personId]));
  const units = new Map(
    (await listUnits(db, tenantId, { kind: 'all' })).flatMap((u) =>
      u.code === null ? [] : [[u.code, u.unitId] as const],
    ),
  );
  const person = (staffNo: string) => idOf(people, staffNo, 'person');
  const unit = (code: string) => idOf(units, code, 'unit');
  const categoryId = keyIds();
  const taskId = keyIds();
  const stepId = keyIds();
  const forceId = keyIds();
  const documentId = keyIds();
  const nowIso = now.toISOString();

  const summary = await inTransaction(db, async (trx) => {
    await bulkInsertCategories(
      trx,
      tenantId,
      plan.categories.map((c) => ({ ...c, id: categoryId(c.key) })),
    );
    await bulkInsertTemplates(
      trx,
      tenantId,
      plan.templates.map((t) => ({
        ...t,
        id: randomUUID(),
        createdAt: plan.tasks[0]?.createdAt ?? nowIso,
      })),
    );
    await bulkInsertTaskForces(
      trx,
      tenantId,
      plan.taskForces.map((f) => ({
        id: forceId(f.key),
        name: f.name,
        leaderPersonId: person(f.leaderStaffNo),
        basePoints: f.basePoints,
        allocationPool: f.allocationPool,
        memberIds: f.memberStaffNos.map(person),
        createdAt: f.createdAt,
      })),
    );
    const lastChange = new Map<string, string>();
    for (const s of plan.steps) {
      const seen = lastChange.get(s.taskKey);
      if (seen === undefined || s.updatedAt > seen) lastChange.set(s.taskKey, s.updatedAt);
    }
    await bulkInsertTasks(
      trx,
      tenantId,
      plan.tasks.map((t) => ({
        id: taskId(t.key),
        categoryId: categoryId(t.categoryKey),
        title: t.title,
        description: t.description,
        responsibleUnitId: unit(t.responsibleUnitCode),
        leadUnitId: t.leadUnitCode === null ? null : unit(t.leadUnitCode),
        cooperatingUnitIds: t.cooperatingUnitCodes.map(unit),
        leaderPersonId: t.leaderStaffNo === null ? null : person(t.leaderStaffNo),
        startsOn: t.startsOn,
        dueOn: t.dueOn,
        priority: t.priority,
        templateKey: t.templateKey,
        taskForceId: t.taskForceKey === null ? null : forceId(t.taskForceKey),
        status: t.status,
        createdAt: t.createdAt,
        updatedAt: lastChange.get(t.key) ?? t.createdAt,
      })),
    );
    await bulkInsertSteps(
      trx,
      tenantId,
      plan.steps.map((s) => ({
        id: stepId(s.key),
        taskId: taskId(s.taskKey),
        seq: s.seq,
        name: s.name,
        unitId: unit(s.unitCode),
        plannedStart: s.plannedStart,
        plannedEnd: s.plannedEnd,
        actualStart: s.actualStart,
        actualEnd: s.actualEnd,
        points: s.points,
        tags: s.tags,
        reviewRequired: s.reviewRequired,
        state: s.state,
        flagged: s.flagged,
        flagNote: s.flagNote,
        light: s.light,
        lightAt: s.lightAt,
        updatedAt: s.updatedAt,
        assignees: s.assignees.map((a) => ({ role: a.role, personId: person(a.staffNo) })),
      })),
    );
    await bulkInsertPlanItems(
      trx,
      tenantId,
      plan.planItems.map((p) => ({
        month: p.month,
        stepId: stepId(p.stepKey),
        taskId: taskId(p.taskKey),
        unitId: unit(p.unitCode),
        leadUnitId: p.leadUnitCode === null ? null : unit(p.leadUnitCode),
        plannedEnd: p.plannedEnd,
        addedAt: p.addedAt,
      })),
    );
    await bulkInsertCards(
      trx,
      tenantId,
      plan.cards.map((c) => ({ ...c, taskId: taskId(c.taskKey), unitId: unit(c.unitCode) })),
    );
    await bulkInsertDocuments(
      trx,
      tenantId,
      plan.documents.map((d) => ({
        id: documentId(d.key),
        kind: d.kind,
        title: d.title,
        body: d.body,
        readBy: d.readBy,
        publishedBy: person(d.publishedByStaffNo),
        publishedAt: d.publishedAt,
        recipients: d.recipients.map((r) => ({
          personId: person(r.staffNo),
          viaUnitId: r.viaUnitCode === null ? null : unit(r.viaUnitCode),
          readAt: r.readAt,
        })),
      })),
    );
    await bulkInsertNotifications(
      trx,
      tenantId,
      plan.notifications.map((n) => ({
        personId: person(n.staffNo),
        kind: n.kind,
        title: n.title,
        body: n.body,
        link:
          'task' in n.target
            ? `/work/tasks/${taskId(n.target.task)}`
            : `/work/documents/${documentId(n.target.document)}`,
        createdAt: n.createdAt,
        readAt: n.readAt,
      })),
    );

    const events: NewWorkEvent[] = [
      ...plan.events.map((e): NewWorkEvent => ({
        kind: e.kind,
        taskId: taskId(e.taskKey),
        stepId: e.stepKey === null ? null : stepId(e.stepKey),
        actorPersonId: e.actorStaffNo === null ? null : person(e.actorStaffNo),
        actorAccountId: null,
        at: e.at,
        body: e.body,
      })),
      ...plan.cards.map((c): NewWorkEvent => ({
        kind: 'card-issued',
        taskId: taskId(c.taskKey),
        stepId: null,
        actorPersonId: null,
        actorAccountId: null,
        at: c.issuedAt,
        body: {
          month: c.month,
          unitId: unit(c.unitCode),
          as: c.as,
          colour: c.colour,
          planned: c.planned,
          done: c.done,
        },
      })),
      ...plan.taskForces.map((f): NewWorkEvent => ({
        kind: 'task-force-formed',
        taskId: null,
        stepId: null,
        actorPersonId: person(f.leaderStaffNo),
        actorAccountId: null,
        at: f.createdAt,
        body: {
          taskForceId: forceId(f.key),
          name: f.name,
          memberIds: [...new Set(f.memberStaffNos.map(person))],
        },
      })),
      ...plan.documents.map((d): NewWorkEvent => ({
        kind: 'document-published',
        taskId: null,
        stepId: null,
        actorPersonId: person(d.publishedByStaffNo),
        actorAccountId: null,
        at: d.publishedAt,
        body: { documentId: documentId(d.key), title: d.title, recipients: d.recipients.length },
      })),
    ];
    // Stable: events of one instant keep the plan's order (a transition before its light).
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    await appendWorkEvents(trx, tenantId, events);
    return {
      categories: plan.categories.length,
      templates: plan.templates.length,
      tasks: plan.tasks.length,
      steps: plan.steps.length,
      events: events.length,
      planItems: plan.planItems.length,
      cards: plan.cards.length,
      documents: plan.documents.length,
      notifications: plan.notifications.length,
    };
  });
  await analyzeWorkTables(db);
  return summary;
}

/**
 * The half-month windows of the demo's work that ended by `now`, oldest first: from the
 * window of the earliest possible task start to the last one before today's.
 */
export function pastWindows(now: Date): HalfMonthKey[] {
  const offset = defaultWorkConfig.lights.utcOffsetMinutes;
  const first = halfMonthOf(
    localDate(new Date(now.getTime() - WORK_YEAR_DAYS * 86_400_000), offset),
  );
  const windows: HalfMonthKey[] = [];
  for (let w = first; Date.parse(halfMonthEnd(w, offset)) <= now.getTime(); w = nextHalfMonth(w))
    windows.push(w);
  return windows;
}

/** What the supervision of the demo's past windows did. */
export interface DemoSupervision {
  readonly windows: number;
  readonly ms: number;
  /** The first failure, when a window could not be run (the others still were). */
  readonly error: { readonly window: HalfMonthKey; readonly failure: unknown } | null;
}

/**
 * Run the half-month supervision of every past window of the demo's work that has no run yet,
 * through the supervision service (statistics, unit ranking, facts of the scheme, recorded
 * and ledgered), oldest first, as the supervision office would have at each window's end.
 * Then `next` (closing the past periods) — so the windows' facts land in periods still open.
 * `stop()` ends it after the window or period in progress; a later start resumes what is left.
 */
export function superviseDemoWindows(
  db: Db,
  tenantId: string,
  now: Date,
  report: (done: DemoSupervision) => void,
  next: () => ClosingWork,
): ClosingWork {
  let stopped = false;
  let after: ClosingWork | null = null;
  const done = (async () => {
    const started = performance.now();
    const ctx = systemContext(db, tenantId, now, 'demo');
    const run = new Set((await listWindows(ctx)).items.map((w) => w.window));
    let windows = 0;
    let error: DemoSupervision['error'] = null;
    for (const window of pastWindows(now)) {
      if (run.has(window)) continue;
      // Let requests waiting for the one database connection go first (a start, a sign-in).
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (stopped) break;
      try {
        await runSupervision(ctx, window);
        windows += 1;
      } catch (failure) {
        // Reported below with the window; the periods still close.
        error ??= { window, failure };
      }
    }
    report({ windows, ms: performance.now() - started, error });
    if (stopped) return 0;
    after = next();
    return after.done;
  })();
  return {
    done,
    stop: () => {
      stopped = true;
      after?.stop();
    },
  };
}
