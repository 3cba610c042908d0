/**
 * Workload per person (issue 4): every step finished in a date range is split among its
 * people by the tenant's role shares (core `splitStepPoints`, exact to 0.01), and summed per
 * person and role.
 */
import ExcelJS from 'exceljs';
import {
  addDays,
  splitStepPoints,
  startOfLocalDay,
  stepRoles,
  sumWorkload,
  visibility,
  type Decimal,
  type LocalDate,
  type StepRole,
  type WorkConfig,
  type WorkloadShare,
} from '@tianheng/core';
import { findUnit, listFinishedSteps, peopleNames, type FinishedStep } from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { workConfigOf } from './card.service.ts';

/** One person's line of the workload report. */
export interface WorkloadPerson {
  personId: string;
  name: string;
  unitName: string;
  points: Decimal;
  byRole: Record<StepRole, Decimal>;
}

/** One share of one step in a person's workload detail. */
export type WorkloadItem = WorkloadShare & {
  taskId: string;
  taskTitle: string;
  stepName: string;
  finishedAt: string;
};

/** The instants `[from, to)` covering the local days `from`…`to` in the tenant's zone. */
function rangeOf(from: LocalDate, to: LocalDate, config: WorkConfig): [string, string] {
  if (to < from) throw new AppError('invalid-input', 'to');
  const offset = config.lights.utcOffsetMinutes;
  return [startOfLocalDay(from, offset), startOfLocalDay(addDays(to, 1), offset)];
}

/** Every share of the given finished steps (steps in order, shares in core's order). */
export function workloadShares(
  steps: readonly FinishedStep[],
  config: WorkConfig,
): WorkloadShare[] {
  return steps.flatMap((s) => splitStepPoints(s.stepId, s.points, s.assignees, config.roleShares));
}

/**
 * The workload report over `from`…`to` (local dates, inclusive): each person the caller may
 * see for `workload.read` (a cadre: only themselves), optionally only the people of a unit and
 * its subtree, by points (highest first) then name.
 */
export async function getWorkload(
  ctx: ServiceContext,
  query: { from: LocalDate; to: LocalDate; unitId?: string | undefined },
): Promise<{ from: LocalDate; to: LocalDate; people: WorkloadPerson[] }> {
  const config = await workConfigOf(ctx);
  const [start, end] = rangeOf(query.from, query.to, config);
  let unitPath: string | null = null;
  if (query.unitId !== undefined) {
    const unit = await findUnit(ctx.db, ctx.tenantId, query.unitId);
    if (!unit) throw new AppError('unit-not-found', 'unitId');
    unitPath = unit.path;
  }
  const reach = visibility(ctx.subject, 'workload.read');
  if (reach.kind === 'none') throw new AppError('forbidden');
  const steps = await listFinishedSteps(ctx.db, ctx.tenantId, start, end);
  const sums = sumWorkload(workloadShares(steps, config));
  const names = await peopleNames(ctx.db, ctx.tenantId, [...sums.keys()]);
  const people: WorkloadPerson[] = [];
  for (const [personId, sum] of sums) {
    const person = names.get(personId);
    if (!person) continue;
    if (unitPath !== null && !person.unitPath.startsWith(unitPath)) continue;
    if (
      reach.kind === 'some' &&
      !reach.personIds.includes(personId) &&
      !reach.unitIds.includes(person.unitId) &&
      !reach.pathPrefixes.some((p) => person.unitPath.startsWith(p))
    )
      continue;
    people.push({
      personId,
      name: person.name,
      unitName: person.unitName,
      points: sum.points,
      byRole: sum.byRole,
    });
  }
  people.sort(
    (a, b) =>
      Number(b.points) - Number(a.points) ||
      a.name.localeCompare(b.name, 'zh-CN') ||
      a.personId.localeCompare(b.personId),
  );
  return { from: query.from, to: query.to, people };
}

/** One person's workload detail over `from`…`to`: every share, by finish time. */
export async function getPersonWorkload(
  ctx: ServiceContext,
  personId: string,
  query: { from: LocalDate; to: LocalDate },
): Promise<{
  person: { id: string; name: string; unitName: string };
  from: LocalDate;
  to: LocalDate;
  points: Decimal;
  items: WorkloadItem[];
}> {
  const config = await workConfigOf(ctx);
  const [start, end] = rangeOf(query.from, query.to, config);
  const person = (await peopleNames(ctx.db, ctx.tenantId, [personId])).get(personId);
  if (!person) throw new AppError('person-not-found');
  const steps = await listFinishedSteps(ctx.db, ctx.tenantId, start, end, [personId]);
  const byStep = new Map(steps.map((s) => [s.stepId, s]));
  const items: WorkloadItem[] = workloadShares(steps, config)
    .filter((s) => s.personId === personId)
    .map((s) => {
      const step = byStep.get(s.stepId)!;
      return {
        ...s,
        taskId: step.taskId,
        taskTitle: step.taskTitle,
        stepName: step.stepName,
        finishedAt: step.finishedAt.toISOString(),
      };
    });
  const total = sumWorkload(items).get(personId)?.points ?? '0';
  return {
    person: { id: personId, name: person.name, unitName: person.unitName },
    from: query.from,
    to: query.to,
    points: total,
    items,
  };
}

const roleHeaders: Readonly<Record<StepRole, string>> = {
  handler: '经办人',
  'section-head': '科室负责人',
  'unit-head': '单位负责人',
  'project-lead': '项目负责人',
  reviewer: '审核人',
  'card-issuer': '发牌人',
  leader: '分管领导',
};

/** The workload report as .xlsx (sheet 工作量: one person a row, points per role as text). */
export async function buildWorkloadExport(
  ctx: ServiceContext,
  query: { from: LocalDate; to: LocalDate; unitId?: string | undefined },
): Promise<Buffer> {
  const report = await getWorkload(ctx, query);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工作量', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '姓名', width: 12 },
    { header: '单位', width: 24 },
    { header: '合计分值', width: 12 },
    ...stepRoles.map((r) => ({ header: roleHeaders[r], width: 12 })),
  ];
  sheet.getRow(1).font = { bold: true };
  // Points stay text so Excel shows exactly the decimals computed.
  for (const p of report.people)
    sheet.addRow([p.name, p.unitName, p.points, ...stepRoles.map((r) => p.byRole[r])]);
  sheet.addRow([]);
  sheet.addRow([`统计区间 ${report.from} 至 ${report.to}`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
