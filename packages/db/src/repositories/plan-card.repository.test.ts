import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import { seedTestTenant, type TestTenant } from '../fixtures.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import {
  insertCards,
  listCards,
  listMonthPlan,
  monthsAwaitingCards,
  snapshotMonthPlan,
  unitHeadsOf,
} from './plan-card.repository.ts';

/** A category, a task of the town section led by the town, and steps by planned end. */
async function seedTask(
  db: Kysely<Database>,
  t: TestTenant,
  ends: readonly string[],
): Promise<{ taskId: string; stepIds: string[] }> {
  const category = await db
    .insertInto('work_category')
    .values({
      tenant_id: t.tenantId,
      key: `c${Math.random().toString(36).slice(2, 8)}`,
      name: JSON.stringify({ 'zh-CN': '类别', en: 'Category' }),
      kind: 'campaign',
    })
    .returning('category_id')
    .executeTakeFirstOrThrow();
  const task = await db
    .insertInto('task')
    .values({
      tenant_id: t.tenantId,
      category_id: category.category_id,
      title: '事项',
      responsible_unit_id: t.units.townSection.id,
      lead_unit_id: t.units.town.id,
      starts_on: '2026-03-01',
      due_on: '2026-05-31',
    })
    .returning('task_id')
    .executeTakeFirstOrThrow();
  const stepIds: string[] = [];
  for (const [i, end] of ends.entries()) {
    const step = await db
      .insertInto('step')
      .values({
        tenant_id: t.tenantId,
        task_id: task.task_id,
        seq: i + 1,
        name: `环节${i + 1}`,
        unit_id: t.units.townSection.id,
        planned_start: '2026-03-01',
        planned_end: end,
        points: '1',
      })
      .returning('step_id')
      .executeTakeFirstOrThrow();
    stepIds.push(step.step_id);
  }
  return { taskId: task.task_id, stepIds };
}

describe.each(testBackends())('month plans and cards on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let t: TestTenant;
  let other: TestTenant;
  let seeded: { taskId: string; stepIds: string[] };

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    t = await seedTestTenant(db, 't1', 'x');
    other = await seedTestTenant(db, 't2', 'x');
    seeded = await seedTask(db, t, ['2026-03-10', '2026-03-31', '2026-04-01']);
    await seedTask(db, other, ['2026-03-15']);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('snapshots the steps ending in the month once, and keeps them when dates move', async () => {
    expect(
      await snapshotMonthPlan(db, t.tenantId, '2026-03', '2026-03-01', '2026-03-31', new Date()),
    ).toBe(2);
    expect(
      await snapshotMonthPlan(db, t.tenantId, '2026-03', '2026-03-01', '2026-03-31', new Date()),
    ).toBe(0);
    await db
      .updateTable('step')
      .set({ planned_end: '2026-04-20' })
      .where('step_id', '=', seeded.stepIds[1]!)
      .execute();
    const plan = await listMonthPlan(db, t.tenantId, '2026-03');
    expect(plan.map((p) => p.stepId)).toEqual(seeded.stepIds.slice(0, 2));
    expect(plan[0]).toMatchObject({
      unitId: t.units.townSection.id,
      leadUnitId: t.units.town.id,
      plannedEnd: '2026-03-10',
      taskTitle: '事项',
      unitName: '东城镇党政办',
    });
    // Filtered by the lead unit too; another unit sees nothing.
    expect(await listMonthPlan(db, t.tenantId, '2026-03', [t.units.town.id])).toHaveLength(2);
    expect(await listMonthPlan(db, t.tenantId, '2026-03', [t.units.dept.id])).toEqual([]);
    expect(await listMonthPlan(db, other.tenantId, '2026-03')).toEqual([]);
  });

  it('lists months awaiting cards and writes each card once', async () => {
    expect(await monthsAwaitingCards(db, t.tenantId, '2026-04')).toEqual(['2026-03']);
    expect(await monthsAwaitingCards(db, t.tenantId, '2026-03')).toEqual([]);
    const card = {
      month: '2026-03',
      taskId: seeded.taskId,
      unitId: t.units.townSection.id,
      as: 'responsible' as const,
      colour: 'red' as const,
      planned: 2,
      done: 1,
    };
    const lead = {
      ...card,
      unitId: t.units.town.id,
      as: 'lead' as const,
      colour: 'yellow' as const,
    };
    const at = new Date('2026-04-01T00:00:00Z');
    expect(await insertCards(db, t.tenantId, [card, lead], at)).toEqual([card, lead]);
    expect(await insertCards(db, t.tenantId, [card, { ...lead, colour: 'green' }], at)).toEqual([]);
    expect(await monthsAwaitingCards(db, t.tenantId, '2026-04')).toEqual([]);
    const cards = await listCards(db, t.tenantId, '2026-03');
    expect(cards.map((c) => [c.unitName, c.colour])).toEqual([
      ['东城镇', 'yellow'],
      ['东城镇党政办', 'red'],
    ]);
    expect(await listCards(db, t.tenantId, '2026-03', [t.units.town.id])).toHaveLength(1);
    expect(await listCards(db, other.tenantId, '2026-03')).toEqual([]);
  });

  it('names the unit heads: unit_head grants at the unit', async () => {
    expect(await unitHeadsOf(db, t.tenantId, [t.units.townSection.id, t.units.dept.id])).toEqual([
      { unitId: t.units.townSection.id, personId: t.people.head },
    ]);
    expect(await unitHeadsOf(db, t.tenantId, [])).toEqual([]);
  });
});
