import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, seedTestTenant, testBackends } from '@tianheng/db/testing';
import type { DatabaseHandle } from '@tianheng/db';
import { systemContext } from '../context.ts';
import { createScheduler, type SchedulerLog } from './scheduler.ts';
import { createCategory, createTask } from './work.service.ts';

/** A log that keeps what it was told. */
function memoryLog(): SchedulerLog & { infos: string[]; errors: [string, unknown][] } {
  const infos: string[] = [];
  const errors: [string, unknown][] = [];
  return {
    infos,
    errors,
    info: (message) => infos.push(message),
    error: (message, error) => errors.push([message, error]),
  };
}

describe.each(testBackends())('scheduler on %s', (backend) => {
  let handle: DatabaseHandle;
  let tenantId = '';
  let stepId = '';
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    const t = await seedTestTenant(handle.db, 's1', 'x');
    await seedTestTenant(handle.db, 's2', 'x');
    tenantId = t.tenantId;
    const ctx = systemContext(handle.db, tenantId, new Date('2026-03-02T02:00:00Z'));
    const category = await createCategory(ctx, {
      key: 'c',
      name: { 'zh-CN': '类', en: 'C' },
      kind: 'campaign',
    });
    const created = await createTask(ctx, {
      categoryId: category.id,
      title: '排程事项',
      responsibleUnitId: t.units.townSection.id,
      startsOn: '2026-03-01',
      dueOn: '2026-03-31',
      steps: [
        {
          seq: 1,
          name: '办理',
          plannedStart: '2026-03-02',
          plannedEnd: '2026-03-05',
          points: '1',
          tags: [],
          reviewRequired: false,
          assignees: [{ role: 'handler', personId: t.people.cadre }],
        },
      ],
    });
    stepId = created.steps[0]?.id ?? '';
    expect(created.steps[0]?.light).toBe('green');
  });
  afterAll(async () => {
    await handle.close();
  });

  it('ticks every tenant at its clock, never two ticks at once', async () => {
    const log = memoryLog();
    let now = new Date('2026-03-06T02:00:00Z');
    const scheduler = createScheduler({ db: handle.db, clock: () => now, intervalMs: 60_000, log });
    const first = scheduler.tick();
    const second = scheduler.tick();
    expect(second).toBe(first);
    await first;
    expect(log.errors).toEqual([]);
    expect(log.infos).toEqual(['tick s1: 1 of 1 lights changed']);
    const light = await handle.db
      .selectFrom('step')
      .select('light')
      .where('tenant_id', '=', tenantId)
      .where('step_id', '=', stepId)
      .executeTakeFirstOrThrow();
    expect(light.light).toBe('red');
    // Nothing changed since: a quiet tick.
    now = new Date('2026-03-06T03:00:00Z');
    await scheduler.tick();
    expect(log.infos).toHaveLength(1);
  });

  it('logs a failing tenant with its error and goes on', async () => {
    const log = memoryLog();
    const scheduler = createScheduler({
      db: handle.db,
      clock: () => new Date(Number.NaN),
      intervalMs: 60_000,
      log,
    });
    await scheduler.tick();
    expect(log.errors.map(([message]) => message)).toEqual(['tick s1 failed', 'tick s2 failed']);
    expect(log.errors[0]?.[1]).toBeInstanceOf(RangeError);
  });

  it('starts with a tick and stops after the tick in progress', async () => {
    const log = memoryLog();
    const scheduler = createScheduler({
      db: handle.db,
      clock: () => new Date('2026-03-07T02:00:00Z'),
      intervalMs: 60_000,
      log,
    });
    scheduler.start();
    await scheduler.stop();
    expect(log.errors).toEqual([]);
  });
});
