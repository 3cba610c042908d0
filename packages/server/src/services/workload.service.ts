/**
 * Workload per person (issue 4): every step finished in a date range is split among its
 * people by the tenant's role shares (core `splitStepPoints`, exact to 0.01), and summed per
 * person and role.
 */
import {
  addDays,
  splitStepPoints,
  startOfLocalDay,
  stepRoles,
  sumWorkload,
  visibility,
  type Decimal,
  type ImportColumn,
  type LocalText,
  type LocalDate,
  type StepRole,
  type WorkConfig,
  type WorkloadShare,
} from '@tianheng/core';
import { findUnit, listFinishedSteps, peopleNames, type FinishedStep } from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { addDataSheet, newWorkbook } from '../excel/import-workbook.ts';
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

/** Columns of the workload sheet: person, unit, total and one column per role. */
type WorkloadColumn = 'name' | 'unit' | 'points' | StepRole;
const workloadColumns: readonly ImportColumn<WorkloadColumn>[] = [
  column('name', '姓名', { 'zh-CN': '人员姓名', en: 'Name' }),
  column('unit', '单位', { 'zh-CN': '当前所在单位', en: 'Current unit' }),
  column('points', '合计分值', { 'zh-CN': '各环节分值合计', en: 'Points of all steps' }),
  ...stepRoles.map((role) =>
    column(role, roleHeaders[role], {
      'zh-CN': `作为${roleHeaders[role]}所得分值`,
      en: `Points as ${role}`,
    }),
  ),
];

function column<K extends string>(key: K, header: string, hint: LocalText): ImportColumn<K> {
  return { key, header, required: false, maxLength: 200, hint };
}

/**
 * The workload report as .xlsx: sheet 工作量, one person a row, points as text (exactly the
 * decimals computed), the range below.
 */
export async function buildWorkloadExport(
  ctx: ServiceContext,
  query: { from: LocalDate; to: LocalDate; unitId?: string | undefined },
): Promise<Buffer> {
  const report = await getWorkload(ctx, query);
  const workbook = await newWorkbook();
  const sheet = addDataSheet(workbook, '工作量', workloadColumns);
  for (const p of report.people)
    sheet.addRow({ name: p.name, unit: p.unitName, points: p.points, ...p.byRole });
  sheet.addRow([]);
  sheet.addRow([`统计区间 ${report.from} 至 ${report.to}`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
