import { lightCarriers, stepLight, type LightColour, type LightInput } from '@tianheng/core';
import {
  appendWorkEvents,
  readTickSteps,
  stepAssignees,
  stepTitles,
  writeStepLights,
  type LightWrite,
  type NewWorkEvent,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { inTransaction } from './audit.service.ts';
import { notify, type NotificationMessage } from './notification.service.ts';
import { workChanged, workConfigOf } from './work.service.ts';

/** What a lights tick did: steps evaluated, lights changed. */
export interface LightTickResult {
  readonly evaluated: number;
  readonly changed: number;
}

/**
 * Re-evaluate the light of every open step of the tenant at `ctx.now` (and of closed steps
 * whose stored light may be stale), in one pass over only the columns the rule reads. Only
 * changes are written: the new lights in batches, a `light-changed` event each (ledgered), and
 * one notification to each carrier of a light that turned red. A second tick at the same time
 * changes nothing. A step a transition changed meanwhile is left to that transition.
 */
export async function runLightTick(ctx: ServiceContext): Promise<LightTickResult> {
  const config = await workConfigOf(ctx);
  const steps = await readTickSteps(ctx.db, ctx.tenantId);
  const now = ctx.now.toISOString();
  const rules = config.lights;
  const writes: LightWrite[] = [];
  const changedAt = new Map<string, number>();
  for (let k = 0; k < steps.count; k++) {
    const state = steps.state[k];
    const from = steps.light[k];
    if (state === undefined || from === undefined) continue;
    const input: LightInput = {
      state,
      plannedStart: steps.plannedStart[k] ?? '',
      plannedEnd: steps.plannedEnd[k] ?? '',
      actualStart: steps.actualStart[k] ?? null,
      actualEnd: steps.actualEnd[k] ?? null,
      flagged: steps.flagged[k] ?? false,
    };
    const to: LightColour = stepLight(input, now, rules);
    // Closed steps are only read when their stamp is stale: stamp them even when unchanged.
    if (to === from && state !== 'done' && state !== 'cancelled') continue;
    const stepId = steps.stepId[k] ?? '';
    writes.push({ stepId, from, to });
    if (to !== from) changedAt.set(stepId, k);
  }
  if (writes.length === 0) return { evaluated: steps.count, changed: 0 };
  const changed = await inTransaction(ctx, async (trx) => {
    const written = await writeStepLights(trx.db, trx.tenantId, writes, ctx.now);
    const events: NewWorkEvent[] = [];
    const red: string[] = [];
    for (const w of writes) {
      const k = changedAt.get(w.stepId);
      if (k === undefined || !written.has(w.stepId)) continue;
      events.push({
        kind: 'light-changed',
        taskId: steps.taskId[k] ?? null,
        stepId: w.stepId,
        actorPersonId: null,
        actorAccountId: null,
        at: now,
        body: { from: w.from, to: w.to },
      });
      if (w.to === 'red') red.push(w.stepId);
    }
    await appendWorkEvents(trx.db, trx.tenantId, events);
    await notifyRed(trx, red);
    return events.length;
  });
  workChanged(ctx);
  return { evaluated: steps.count, changed };
}

/** Tell the carriers of lights that just turned red (handler and section or unit head). */
async function notifyRed(ctx: ServiceContext, stepIds: readonly string[]): Promise<void> {
  if (stepIds.length === 0) return;
  const [people, titles] = await Promise.all([
    stepAssignees(ctx.db, ctx.tenantId, stepIds),
    stepTitles(ctx.db, ctx.tenantId, stepIds),
  ]);
  const messages: NotificationMessage[] = [];
  for (const stepId of stepIds) {
    const title = titles.get(stepId);
    if (title === undefined) continue;
    for (const personId of lightCarriers(people.get(stepId) ?? [])) {
      messages.push({
        personId,
        kind: 'light-red',
        title: {
          'zh-CN': `环节已亮红灯：${title.stepName}`,
          en: `Red light: ${title.stepName}`,
        },
        body: {
          'zh-CN': `${title.taskTitle} · ${title.stepName} 已超过计划完成时间`,
          en: `${title.taskTitle} · ${title.stepName} is past its planned end`,
        },
        link: `/work/tasks/${title.taskId}`,
      });
    }
  }
  await notify(ctx, messages);
}
