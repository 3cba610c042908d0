import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openTestDatabase,
  seedTestTenant,
  testBackends,
  type TestTenant,
} from '@tianheng/db/testing';
import type { DatabaseHandle } from '@tianheng/db';
import { systemContext } from '../context.ts';
import { runLightTick } from './light-tick.service.ts';
import { createCategory, createTask } from './work.service.ts';

describe.each(testBackends())('lights tick on %s', (backend) => {
  let handle: DatabaseHandle;
  let t: TestTenant;
  let late = '';
  let done = '';
  const ctxAt = (instant: string) => systemContext(handle.db, t.tenantId, new Date(instant));

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    t = await seedTestTenant(handle.db, 'l1', 'x');
    const ctx = ctxAt('2026-03-02T02:00:00Z');
    const category = await createCategory(ctx, {
      key: 'c',
      name: { 'zh-CN': '类', en: 'C' },
      kind: 'campaign',
    });
    const created = await createTask(ctx, {
      categoryId: category.id,
      title: '灯事项',
      responsibleUnitId: t.units.townSection.id,
      startsOn: '2026-03-01',
      dueOn: '2026-03-31',
      steps: ['迟办', '已办'].map((name) => ({
        seq: 1,
        name,
        plannedStart: '2026-03-02',
        plannedEnd: '2026-03-05',
        points: '1',
        tags: [],
        reviewRequired: false,
        assignees: [
          { role: 'handler' as const, personId: t.people.cadre },
          { role: 'section-head' as const, personId: t.people.head },
          { role: 'unit-head' as const, personId: t.people.leader },
          { role: 'reviewer' as const, personId: t.people.office },
        ],
      })),
    });
    late = created.steps.find((s) => s.name === '迟办')?.id ?? '';
    done = created.steps.find((s) => s.name === '已办')?.id ?? '';
    // A step finished early but stored with a stale light and no stamp (as a bulk load might).
    await handle.db
      .updateTable('step')
      .set({ state: 'done', actual_end: '2026-03-02T03:00:00Z', light: 'green', light_at: null })
      .where('step_id', '=', done)
      .execute();
  });
  afterAll(async () => {
    await handle.close();
  });

  const lightOf = async (stepId: string) =>
    (
      await handle.db
        .selectFrom('step')
        .select(['light', 'light_at'])
        .where('step_id', '=', stepId)
        .executeTakeFirstOrThrow()
    ).light;
  const notified = async () =>
    (
      await handle.db
        .selectFrom('notification')
        .select('person_id')
        .where('tenant_id', '=', t.tenantId)
        .where('kind', '=', 'light-red')
        .execute()
    )
      .map((r) => r.person_id)
      .sort();

  it('corrects a stale closed light and stamps it, so it is not read again', async () => {
    expect(await runLightTick(ctxAt('2026-03-03T02:00:00Z'))).toEqual({ evaluated: 2, changed: 1 });
    expect(await lightOf(done)).toBe('blue');
    expect(await runLightTick(ctxAt('2026-03-03T02:00:00Z'))).toEqual({ evaluated: 1, changed: 0 });
  });

  it('turns a late step red at the local day’s end and tells its handler and section head only', async () => {
    expect(await runLightTick(ctxAt('2026-03-05T15:59:59Z'))).toMatchObject({ changed: 0 });
    expect(await runLightTick(ctxAt('2026-03-05T16:00:00Z'))).toMatchObject({ changed: 1 });
    expect(await lightOf(late)).toBe('red');
    expect(await notified()).toEqual([t.people.cadre, t.people.head].sort());
    const events = await handle.db
      .selectFrom('work_event')
      .select(['kind', 'body', 'actor_person_id'])
      .where('step_id', '=', late)
      .where('kind', '=', 'light-changed')
      .orderBy('at')
      .execute();
    expect(events.at(-1)).toEqual({
      kind: 'light-changed',
      body: { from: 'green', to: 'red' },
      actor_person_id: null,
    });
    // Idempotent: the same moment again changes and tells nothing.
    expect(await runLightTick(ctxAt('2026-03-05T16:00:00Z'))).toMatchObject({ changed: 0 });
    expect(await notified()).toHaveLength(2);
  });
});
