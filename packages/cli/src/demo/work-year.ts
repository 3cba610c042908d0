import {
  defaultWorkConfig,
  monthCards,
  stepLight,
  type CardColour,
  type CategoryKind,
  type DocumentKind,
  type LightColour,
  type LightInput,
  type LightRules,
  type LocalText,
  type MonthPlanItem,
  type StepRole,
  type StepState,
  type TaskPriority,
  type TemplateStep,
  type UnitImportRow,
  type WorkEventKind,
} from '@tianheng/core';
import type { DemoCounty } from './demo-county.ts';
import { mulberry32, type Prng } from './prng.ts';

/**
 * The demo county's year of work (issue 4), planned in memory before anything is written:
 * twelve categories (eight campaigns 专项行动, key work, key projects, key indicators,
 * leader-assigned items), four workflow templates, a few hundred tasks of 4–8 steps with
 * people by role drawn from the responsible unit, the history of every transition and light
 * change up to the load instant, monthly plans and the cards of finished months, two task
 * forces, documents with read receipts, and notifications. Ids are the county's codes (staff
 * numbers, unit codes) and plan keys; the loader maps them to database ids.
 *
 * Time-relative: everything is laid out around `now` (the load instant), so the demo looks
 * alive on any day — tasks started up to ~320 days ago, some still to come. Deterministic:
 * the same county, `now` and seed give the same plan.
 *
 * Lights are the core rules' (`stepLight`) evaluated at each transition and at each day
 * boundary that can change them (a step's planned start, the day after its planned end), the
 * way the scheduler records them, so a tick right after the load changes nothing.
 */

/** How far back the earliest task of the work year starts, in days before the load instant. */
export const WORK_YEAR_DAYS = 340;

/** Seed of the work year (the county and the assessment year have their own). */
export const DEMO_WORK_SEED = 20260404;

const DAY_MS = 86_400_000;
/** A step can still be stuck (open and late) at the load instant if due at most this long ago. */
const STALL_DAYS = 45;
const HOUR_MS = 3_600_000;

/** Options of a plan; the defaults make the demo, the bench asks for more and no history. */
export interface WorkYearOptions {
  readonly seed?: number;
  /** Tasks besides the showcase ones (default 300). */
  readonly tasks?: number;
  /** Steps per task: a template with fewer gets extra stages (default: the template's). */
  readonly stepsPerTask?: number;
  /**
   * Record history (events, light changes, plans, cards, documents, notifications). The bench
   * turns it off: it only needs tasks and steps as they stand at `now`.
   */
  readonly history?: boolean;
  /** Light thresholds (default core `defaultWorkConfig.lights`). */
  readonly lights?: LightRules;
}

export interface PlannedCategory {
  readonly key: string;
  readonly name: LocalText;
  readonly kind: CategoryKind;
  readonly sortOrder: number;
}

export interface PlannedTemplate {
  readonly key: string;
  readonly name: LocalText;
  readonly categoryKind: CategoryKind;
  readonly steps: readonly TemplateStep[];
}

export interface PlannedTask {
  readonly key: string;
  readonly categoryKey: string;
  readonly title: string;
  readonly description: string;
  readonly responsibleUnitCode: string;
  readonly leadUnitCode: string | null;
  readonly cooperatingUnitCodes: readonly string[];
  readonly leaderStaffNo: string | null;
  readonly startsOn: string;
  readonly dueOn: string;
  readonly priority: TaskPriority;
  readonly templateKey: string;
  readonly taskForceKey: string | null;
  readonly status: 'active' | 'done';
  readonly createdAt: string;
  readonly createdByStaffNo: string;
}

export interface PlannedAssignee {
  readonly role: StepRole;
  readonly staffNo: string;
}

export interface PlannedStep {
  readonly key: string;
  readonly taskKey: string;
  readonly seq: number;
  readonly name: string;
  readonly unitCode: string;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly actualStart: string | null;
  readonly actualEnd: string | null;
  readonly points: string;
  readonly tags: readonly string[];
  readonly reviewRequired: boolean;
  readonly state: StepState;
  readonly flagged: boolean;
  readonly flagNote: string | null;
  readonly light: LightColour;
  /** When the light was last evaluated (a transition or a day boundary), never before `updatedAt`. */
  readonly lightAt: string;
  /** The step's last transition (or its task's creation). */
  readonly updatedAt: string;
  readonly assignees: readonly PlannedAssignee[];
}

/** A work event of a task or step (cards and task forces are the loader's: their bodies hold ids). */
export interface PlannedEvent {
  readonly kind: WorkEventKind;
  readonly taskKey: string;
  readonly stepKey: string | null;
  readonly actorStaffNo: string | null;
  readonly at: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface PlannedPlanItem {
  readonly month: string;
  readonly stepKey: string;
  readonly taskKey: string;
  readonly unitCode: string;
  readonly leadUnitCode: string | null;
  readonly plannedEnd: string;
  readonly addedAt: string;
}

export interface PlannedCard {
  readonly month: string;
  readonly taskKey: string;
  readonly unitCode: string;
  readonly as: 'responsible' | 'lead';
  readonly colour: CardColour;
  readonly planned: number;
  readonly done: number;
  readonly issuedAt: string;
}

export interface PlannedTaskForce {
  readonly key: string;
  readonly name: string;
  readonly leaderStaffNo: string;
  readonly basePoints: string;
  readonly allocationPool: string;
  readonly memberStaffNos: readonly string[];
  readonly createdAt: string;
}

export interface PlannedDocument {
  readonly key: string;
  readonly kind: DocumentKind;
  readonly title: string;
  readonly body: string;
  readonly readBy: string | null;
  readonly publishedByStaffNo: string;
  readonly publishedAt: string;
  readonly recipients: readonly {
    readonly staffNo: string;
    readonly viaUnitCode: string | null;
    readonly readAt: string | null;
  }[];
}

export interface PlannedNotification {
  readonly staffNo: string;
  readonly kind: string;
  readonly title: LocalText;
  readonly body: LocalText | null;
  /** What the link opens: a task (by key) or a document (by key). */
  readonly target: { readonly task: string } | { readonly document: string };
  readonly createdAt: string;
  readonly readAt: string | null;
}

/** The whole work year. */
export interface DemoWorkYear {
  readonly now: string;
  readonly categories: readonly PlannedCategory[];
  readonly templates: readonly PlannedTemplate[];
  readonly taskForces: readonly PlannedTaskForce[];
  readonly tasks: readonly PlannedTask[];
  readonly steps: readonly PlannedStep[];
  /** In time order (as the ledger chains them). */
  readonly events: readonly PlannedEvent[];
  readonly planItems: readonly PlannedPlanItem[];
  readonly cards: readonly PlannedCard[];
  readonly documents: readonly PlannedDocument[];
  readonly notifications: readonly PlannedNotification[];
}

// ---------------------------------------------------------------- categories and templates

type Line = '党建' | '经济' | '农业' | '民政' | '综治' | '财政' | '城建' | '环保' | '应急';

interface CategoryPlan {
  readonly key: string;
  readonly name: LocalText;
  readonly kind: CategoryKind;
  readonly line: Line;
  /** County department (by name) that leads the campaign: it carries yellow cards. */
  readonly leadDepartment: string | null;
  readonly subjects: readonly string[];
  /** Share of the generated tasks. */
  readonly weight: number;
}

const categoryPlans: readonly CategoryPlan[] = [
  {
    key: 'living-environment',
    name: { 'zh-CN': '人居环境整治', en: 'Living environment improvement' },
    kind: 'campaign',
    line: '环保',
    leadDepartment: '县农业农村局',
    subjects: ['农村生活垃圾集中清理', '农村改厕质量验收', '村庄清洁行动', '黑臭水体排查整治'],
    weight: 3,
  },
  {
    key: 'work-safety',
    name: { 'zh-CN': '安全生产', en: 'Work safety' },
    kind: 'campaign',
    line: '应急',
    leadDepartment: '县应急管理局',
    subjects: ['企业安全隐患大排查', '燃气安全专项检查', '道路交通安全整治', '消防安全集中整治'],
    weight: 3,
  },
  {
    key: 'forest-fire',
    name: { 'zh-CN': '森林防火', en: 'Forest fire prevention' },
    kind: 'campaign',
    line: '应急',
    leadDepartment: '县应急管理局',
    subjects: ['野外火源管控巡查', '防火隔离带清理', '扑火队伍实战演练', '重点林区值守'],
    weight: 2,
  },
  {
    key: 'flood-drought',
    name: { 'zh-CN': '防汛抗旱', en: 'Flood and drought control' },
    kind: 'campaign',
    line: '应急',
    leadDepartment: '县应急管理局',
    subjects: ['汛前隐患排查', '山塘水库安全检查', '防汛物资储备', '地质灾害点巡查'],
    weight: 2,
  },
  {
    key: 'rural-revival',
    name: { 'zh-CN': '乡村振兴', en: 'Rural revitalisation' },
    kind: 'campaign',
    line: '农业',
    leadDepartment: '县农业农村局',
    subjects: ['特色产业基地建设', '村集体经济增收', '防返贫动态监测', '农村电商培育'],
    weight: 3,
  },
  {
    key: 'petition-stability',
    name: { 'zh-CN': '信访维稳', en: 'Petitions and stability' },
    kind: 'campaign',
    line: '综治',
    leadDepartment: '县委政法委员会',
    subjects: ['信访积案化解', '矛盾纠纷排查调处', '重点时段安保维稳'],
    weight: 2,
  },
  {
    key: 'civilised-county',
    name: { 'zh-CN': '文明县城创建', en: 'Civilised county campaign' },
    kind: 'campaign',
    line: '党建',
    leadDepartment: '县委宣传部',
    subjects: ['背街小巷环境整治', '新时代文明实践活动', '公益广告宣传'],
    weight: 2,
  },
  {
    key: 'river-chief',
    name: { 'zh-CN': '河湖长制', en: 'River and lake chiefs' },
    kind: 'campaign',
    line: '环保',
    leadDepartment: '县生态环境分局',
    subjects: ['河道清漂保洁', '巡河问题整改', '入河排污口排查'],
    weight: 2,
  },
  {
    key: 'key-work',
    name: { 'zh-CN': '重点工作', en: 'Key work' },
    kind: 'key-work',
    line: '经济',
    leadDepartment: null,
    subjects: ['优化营商环境', '基层减负', '数字政府建设', '民生实事办理', '招商引资'],
    weight: 3,
  },
  {
    key: 'key-projects',
    name: { 'zh-CN': '重点项目', en: 'Key projects' },
    kind: 'key-project',
    line: '城建',
    leadDepartment: '县发展和改革局',
    subjects: [
      '农村公路提质改造',
      '乡镇卫生院改扩建',
      '标准厂房建设',
      '安置小区建设',
      '污水管网延伸',
      '文体中心建设',
    ],
    weight: 4,
  },
  {
    key: 'key-indicators',
    name: { 'zh-CN': '重点指标', en: 'Key indicators' },
    kind: 'key-indicator',
    line: '经济',
    leadDepartment: '县发展和改革局',
    subjects: [
      '固定资产投资',
      '一般公共预算收入',
      '城乡居民可支配收入',
      '社会消费品零售总额',
      '森林覆盖率',
    ],
    weight: 3,
  },
  {
    key: 'leader-assigned',
    name: { 'zh-CN': '领导交办', en: 'Leader-assigned items' },
    kind: 'assigned',
    line: '党建',
    leadDepartment: null,
    subjects: ['群众来信办理', '专题会议议定事项落实', '调研报告起草', '人大建议政协提案办理'],
    weight: 3,
  },
];

/** A template step before offsets are computed. */
interface StepPlan {
  readonly seq: number;
  readonly name: string;
  readonly days: number;
  readonly points: string;
  readonly tags: readonly string[];
  readonly review: boolean;
  readonly roles: readonly StepRole[];
}

const base: readonly StepRole[] = ['handler', 'section-head', 'unit-head', 'leader'];
const reviewed: readonly StepRole[] = [...base, 'reviewer'];

const templatePlans: readonly {
  key: string;
  name: LocalText;
  kind: CategoryKind;
  steps: readonly StepPlan[];
}[] = [
  {
    key: 'campaign',
    name: { 'zh-CN': '专项行动流程', en: 'Campaign workflow' },
    kind: 'campaign',
    steps: [
      {
        seq: 1,
        name: '动员部署',
        days: 4,
        points: '4.00',
        tags: ['组织'],
        review: false,
        roles: base,
      },
      {
        seq: 2,
        name: '排查摸底',
        days: 8,
        points: '8.00',
        tags: ['排查'],
        review: false,
        roles: base,
      },
      {
        seq: 2,
        name: '宣传发动',
        days: 6,
        points: '4.00',
        tags: ['宣传'],
        review: false,
        roles: base,
      },
      {
        seq: 3,
        name: '集中整治',
        days: 18,
        points: '15.00',
        tags: ['整治'],
        review: false,
        roles: base,
      },
      {
        seq: 4,
        name: '督查检查',
        days: 6,
        points: '6.00',
        tags: ['督查'],
        review: true,
        roles: reviewed,
      },
      {
        seq: 5,
        name: '总结验收',
        days: 5,
        points: '5.00',
        tags: ['验收'],
        review: true,
        roles: [...reviewed, 'card-issuer'],
      },
    ],
  },
  {
    key: 'key-project',
    name: { 'zh-CN': '重点项目推进流程', en: 'Key project workflow' },
    kind: 'key-project',
    steps: [
      {
        seq: 1,
        name: '前期手续办理',
        days: 15,
        points: '8.00',
        tags: ['审批'],
        review: false,
        roles: [...base, 'project-lead'],
      },
      {
        seq: 2,
        name: '招标采购',
        days: 20,
        points: '8.00',
        tags: ['采购'],
        review: true,
        roles: [...reviewed, 'project-lead'],
      },
      {
        seq: 3,
        name: '开工建设',
        days: 30,
        points: '15.00',
        tags: ['建设'],
        review: false,
        roles: [...base, 'project-lead'],
      },
      {
        seq: 4,
        name: '进度调度',
        days: 20,
        points: '8.00',
        tags: ['调度'],
        review: false,
        roles: [...base, 'project-lead'],
      },
      {
        seq: 4,
        name: '资金拨付',
        days: 10,
        points: '6.00',
        tags: ['资金'],
        review: true,
        roles: [...reviewed, 'project-lead'],
      },
      {
        seq: 5,
        name: '竣工验收',
        days: 10,
        points: '10.00',
        tags: ['验收'],
        review: true,
        roles: [...reviewed, 'project-lead'],
      },
      {
        seq: 6,
        name: '资料归档',
        days: 5,
        points: '3.00',
        tags: ['档案'],
        review: false,
        roles: [...base, 'project-lead'],
      },
    ],
  },
  {
    key: 'routine',
    name: { 'zh-CN': '重点工作推进流程', en: 'Key work workflow' },
    kind: 'key-work',
    steps: [
      {
        seq: 1,
        name: '任务分解',
        days: 5,
        points: '4.00',
        tags: ['分解'],
        review: false,
        roles: base,
      },
      {
        seq: 2,
        name: '推进落实',
        days: 25,
        points: '12.00',
        tags: ['落实'],
        review: false,
        roles: base,
      },
      {
        seq: 3,
        name: '阶段调度',
        days: 10,
        points: '6.00',
        tags: ['调度'],
        review: false,
        roles: base,
      },
      {
        seq: 4,
        name: '问题整改',
        days: 10,
        points: '6.00',
        tags: ['整改'],
        review: false,
        roles: base,
      },
      {
        seq: 5,
        name: '考评总结',
        days: 6,
        points: '5.00',
        tags: ['总结'],
        review: true,
        roles: reviewed,
      },
    ],
  },
  {
    key: 'assigned',
    name: { 'zh-CN': '领导交办流程', en: 'Leader-assigned workflow' },
    kind: 'assigned',
    steps: [
      {
        seq: 1,
        name: '接收登记',
        days: 2,
        points: '2.00',
        tags: ['登记'],
        review: false,
        roles: base,
      },
      {
        seq: 2,
        name: '研究办理',
        days: 10,
        points: '8.00',
        tags: ['办理'],
        review: false,
        roles: base,
      },
      {
        seq: 3,
        name: '办结反馈',
        days: 4,
        points: '4.00',
        tags: ['反馈'],
        review: true,
        roles: reviewed,
      },
      {
        seq: 4,
        name: '归档备查',
        days: 2,
        points: '1.00',
        tags: ['档案'],
        review: false,
        roles: base,
      },
    ],
  },
];

/** Which template a category kind uses. */
const templateOfKind: Readonly<Record<CategoryKind, string>> = {
  campaign: 'campaign',
  'key-project': 'key-project',
  'key-work': 'routine',
  'key-indicator': 'routine',
  assigned: 'assigned',
};

/** The four workflow templates, offsets laid out step after step (parallel steps share one). */
export function demoTemplates(): PlannedTemplate[] {
  return templatePlans.map((t) => {
    let offset = 0;
    let seq = 0;
    let groupStart = 0;
    const steps = t.steps.map((s): TemplateStep => {
      if (s.seq !== seq) {
        groupStart = offset;
        seq = s.seq;
      }
      offset = Math.max(offset, groupStart + s.days);
      return {
        seq: s.seq,
        name: s.name,
        startOffsetDays: groupStart,
        durationDays: s.days,
        points: s.points,
        tags: [...s.tags],
        reviewRequired: s.review,
        roles: [...s.roles],
      };
    });
    return { key: t.key, name: t.name, categoryKind: t.kind, steps };
  });
}

/** The twelve categories. */
export function demoCategories(): PlannedCategory[] {
  return categoryPlans.map((c, i) => ({
    key: c.key,
    name: c.name,
    kind: c.kind,
    sortOrder: (i + 1) * 10,
  }));
}

// ---------------------------------------------------------------- time (fixed offset, as core)

interface Clock {
  readonly offsetMs: number;
}
const dayOf = (clock: Clock, ms: number): number => Math.floor((ms + clock.offsetMs) / DAY_MS);
const dayStart = (clock: Clock, day: number): number => day * DAY_MS - clock.offsetMs;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const iso = (ms: number): string => new Date(ms).toISOString();
const monthOfDay = (day: number): string => dateOf(day).slice(0, 7);

// ---------------------------------------------------------------- the county's people by role

interface UnitPeople {
  readonly unit: UnitImportRow;
  readonly kind: 'grassroots' | 'department';
  /** Party secretary (grassroots) or the department head. */
  readonly top: string;
  /** Chief (镇长/乡长/主任) or the department head. */
  readonly head: string;
  /** Deputies with their lines. */
  readonly deputies: readonly { staffNo: string; lines: readonly string[] }[];
  readonly sections: readonly SectionPeople[];
}

interface SectionPeople {
  readonly unit: UnitImportRow;
  readonly lines: readonly string[];
  readonly head: string;
  /** Who handles steps: staff, else the deputy, else the head. */
  readonly handlers: readonly string[];
}

function countyPeople(county: DemoCounty): UnitPeople[] {
  const byUnit = new Map<string, DemoCounty['people']>();
  for (const p of county.people) {
    const list = byUnit.get(p.unitCode) ?? [];
    list.push(p);
    byUnit.set(p.unitCode, list);
  }
  const tops = county.units.filter((u) =>
    ['street', 'town', 'township', 'department'].includes(u.kind),
  );
  return tops.flatMap((unit): UnitPeople[] => {
    const members = byUnit.get(unit.code) ?? [];
    const leaders = members.filter((p) => p.rank === 'zhengke');
    const deputies = members
      .filter((p) => p.rank === 'fuke' && p.post !== '纪委书记')
      .map((p) => ({ staffNo: p.staffNo, lines: p.lines }));
    const sections = county.units
      .filter((u) => u.kind === 'section' && u.parentCode === unit.code)
      .flatMap((section): SectionPeople[] => {
        const staff = byUnit.get(section.code) ?? [];
        const head = staff.find((p) => p.rank === 'middle_head' || p.rank === 'zhenggu');
        if (!head) return [];
        const clerks = staff.filter((p) => p.post === '科员').map((p) => p.staffNo);
        const deputy = staff.find((p) => p.rank === 'middle_deputy' || p.rank === 'fugu');
        const handlers = clerks.length > 0 ? clerks : deputy ? [deputy.staffNo] : [head.staffNo];
        return [{ unit: section, lines: head.lines, head: head.staffNo, handlers }];
      });
    const first = leaders[0];
    if (!first || sections.length === 0) return [];
    const grassroots = unit.kind !== 'department';
    return [
      {
        unit,
        kind: grassroots ? 'grassroots' : 'department',
        top: first.staffNo,
        head: (grassroots ? leaders[1] : first)?.staffNo ?? first.staffNo,
        deputies,
        sections,
      },
    ];
  });
}

// ---------------------------------------------------------------- simulation of one task

/** How a step goes: finished ahead / on the day / late, or still open at `now`. */
type Pace = 'ahead' | 'on-plan' | 'late' | 'stalled';

/** What a showcase step is doing at `now`. */
type ShowMode = 'active' | 'flagged' | 'submitted' | 'returned';

interface Showcase {
  readonly categoryKey: string;
  readonly subject: string;
  /** Index (0-based) of the template step that is current at `now`. */
  readonly current: number;
  /** Its planned end, in days from today. */
  readonly endOffset: number;
  readonly mode: ShowMode;
  readonly handler: 'ganbu' | 'danwei' | 'lingdao';
}

/** Tasks of the first town's 党政办 that give the demo logins something in My work. */
const showcases: readonly Showcase[] = [
  {
    categoryKey: 'leader-assigned',
    subject: '专题会议议定事项落实',
    current: 1,
    endOffset: -3,
    mode: 'active',
    handler: 'ganbu',
  },
  {
    categoryKey: 'living-environment',
    subject: '村庄清洁行动',
    current: 3,
    endOffset: 2,
    mode: 'active',
    handler: 'ganbu',
  },
  {
    categoryKey: 'work-safety',
    subject: '消防安全集中整治',
    current: 3,
    endOffset: 1,
    mode: 'flagged',
    handler: 'ganbu',
  },
  {
    categoryKey: 'key-work',
    subject: '基层减负',
    current: 1,
    endOffset: 12,
    mode: 'active',
    handler: 'ganbu',
  },
  {
    categoryKey: 'leader-assigned',
    subject: '群众来信办理',
    current: 2,
    endOffset: 1,
    mode: 'submitted',
    handler: 'ganbu',
  },
  {
    categoryKey: 'petition-stability',
    subject: '矛盾纠纷排查调处',
    current: 4,
    endOffset: 3,
    mode: 'returned',
    handler: 'ganbu',
  },
  {
    categoryKey: 'key-indicators',
    subject: '一般公共预算收入',
    current: 1,
    endOffset: -1,
    mode: 'active',
    handler: 'danwei',
  },
  {
    categoryKey: 'forest-fire',
    subject: '野外火源管控巡查',
    current: 3,
    endOffset: 3,
    mode: 'active',
    handler: 'danwei',
  },
  {
    categoryKey: 'leader-assigned',
    subject: '调研报告起草',
    current: 1,
    endOffset: -2,
    mode: 'active',
    handler: 'lingdao',
  },
  {
    categoryKey: 'key-work',
    subject: '民生实事办理',
    current: 1,
    endOffset: 2,
    mode: 'active',
    handler: 'lingdao',
  },
];

interface SimStep {
  readonly key: string;
  readonly seq: number;
  readonly name: string;
  readonly unitCode: string;
  readonly startDay: number;
  readonly endDay: number;
  readonly points: string;
  readonly tags: readonly string[];
  readonly review: boolean;
  readonly assignees: readonly PlannedAssignee[];
  readonly handler: string;
  readonly reviewer: string | null;
  /** Transitions of the step (no light changes), in time order, all at or before `now`. */
  readonly events: {
    kind: Transition;
    at: number;
    actor: string | null;
    body: Record<string, unknown>;
  }[];
}

/** The transitions the simulation records for a step. */
type Transition =
  | 'step-started'
  | 'step-submitted'
  | 'step-returned'
  | 'step-completed'
  | 'step-approved'
  | 'step-flagged'
  | 'step-unflagged';

/** The step as it was at `at`, from its own transitions. */
function lightInputAt(step: SimStep, at: number): LightInput {
  let state: StepState = 'waiting';
  let actualStart: string | null = null;
  let actualEnd: string | null = null;
  let flagged = false;
  for (const e of step.events) {
    if (e.at > at) break;
    switch (e.kind) {
      case 'step-started':
        state = 'active';
        actualStart = iso(e.at);
        break;
      case 'step-submitted':
        state = 'submitted';
        break;
      case 'step-returned':
        state = 'returned';
        break;
      case 'step-completed':
      case 'step-approved':
        state = 'done';
        actualEnd = iso(e.at);
        break;
      case 'step-flagged':
        flagged = true;
        break;
      case 'step-unflagged':
        flagged = false;
        break;
    }
  }
  return {
    state,
    plannedStart: dateOf(step.startDay),
    plannedEnd: dateOf(step.endDay),
    actualStart,
    actualEnd,
    flagged,
  };
}

const returnNotes = [
  '材料不完整，请补充佐证',
  '整改台账未更新，请完善后重新提交',
  '数据口径不一致，请核实',
];
const flagNotes = ['资金未到位，进度受影响', '涉及多部门协调，需领导调度', '天气原因暂停施工'];
const completeNotes = ['已按要求完成', '已办结，佐证材料已上传', '按计划完成，台账已更新'];

// ---------------------------------------------------------------- the plan

/**
 * Plan the demo county's work around `now` (see the module comment). Pure: the same county,
 * `now` and options give the same plan.
 */
export function planWorkYear(
  county: DemoCounty,
  now: Date,
  options: WorkYearOptions = {},
): DemoWorkYear {
  const rng = mulberry32(options.seed ?? DEMO_WORK_SEED);
  const rules = options.lights ?? defaultWorkConfig.lights;
  const history = options.history ?? true;
  const clock: Clock = { offsetMs: rules.utcOffsetMinutes * 60_000 };
  const nowMs = now.getTime();
  const today = dayOf(clock, nowMs);
  const at = (day: number, hour: number): number => dayStart(clock, day) + hour * HOUR_MS;
  const workHour = (): number => 8.5 + rng.int(0, 17) * 0.5;

  const categories = demoCategories();
  const templates = demoTemplates();
  const templateByKey = new Map(templatePlans.map((t) => [t.key, t]));
  const units = countyPeople(county);
  const unitByName = new Map(county.units.map((u) => [u.name, u]));
  const grassroots = units.filter((u) => u.kind === 'grassroots');
  const departments = units.filter((u) => u.kind === 'department');
  const login = (username: string): string => {
    const account = county.accounts.find((a) => a.username === username);
    if (!account) throw new Error(`demo work year: no ${username} login`);
    return account.staffNo;
  };
  const firstTown = units.find((u) =>
    u.sections.some((s) =>
      county.people.some((p) => p.unitCode === s.unit.code && p.staffNo === login('ganbu')),
    ),
  );
  if (!firstTown) throw new Error('demo work year: the cadre login is in no unit');
  const officeOfLogins = firstTown.sections.find((s) => s.head === login('danwei'));
  if (!officeOfLogins) throw new Error('demo work year: the unit-head login heads no section');
  const inspector = login('ducha');
  // Each unit works a little better or worse than the others (supervision ranks differ).
  const lateness = new Map(units.map((u) => [u.unit.code, 0.04 + rng.next() * 0.1]));

  const tasks: PlannedTask[] = [];
  const steps: PlannedStep[] = [];
  const events: PlannedEvent[] = [];

  const pickSection = (unit: UnitPeople, line: Line): SectionPeople => {
    const matching = unit.sections.filter((s) => s.lines.includes(line));
    return rng.pick(matching.length > 0 ? matching : unit.sections);
  };
  const leaderOf = (unit: UnitPeople, line: Line, kind: CategoryKind): string => {
    if (kind === 'assigned') return unit.top;
    const matching = unit.deputies.filter((d) => d.lines.includes(line));
    const pool = matching.length > 0 ? matching : unit.deputies;
    return pool.length > 0 ? rng.pick(pool).staffNo : unit.top;
  };

  /** One task: lay out its steps, run them up to `now`, record transitions and lights. */
  const addTask = (spec: {
    category: CategoryPlan;
    subject: string;
    unit: UnitPeople;
    section: SectionPeople;
    startDay: number | null;
    show: Showcase | null;
    showHandler: string | null;
    taskForceKey: string | null;
  }): void => {
    const { category, unit, section, show } = spec;
    const n = tasks.length + 1;
    const taskKey = `T${String(n).padStart(5, '0')}`;
    const template = templateByKey.get(templateOfKind[category.kind]);
    if (!template) throw new Error(`demo work year: no template for ${category.kind}`);
    // Extra stages for the bench's long tasks, before the last step.
    let plans: StepPlan[] = [...template.steps];
    const want = options.stepsPerTask ?? plans.length;
    if (want > plans.length) {
      const last = plans.at(-1) as StepPlan;
      const extra = Array.from({ length: want - plans.length }, (_, i) => ({
        seq: last.seq + i,
        name: `推进落实（第${i + 1}阶段）`,
        days: 6,
        points: '3.00',
        tags: ['落实'],
        review: false,
        roles: base,
      }));
      plans = [...plans.slice(0, -1), ...extra, { ...last, seq: last.seq + extra.length }];
    }
    const durations = plans.map((p) => Math.max(1, Math.round(p.days * (0.7 + rng.next() * 0.6))));
    if (show) {
      // The current step ends `endOffset` days from today and began at least two days ago.
      const i = show.current;
      durations[i] = Math.max(durations[i] ?? 1, show.endOffset + 3);
    }
    // Lay out groups (same seq = parallel) one after the other.
    const seqs = [...new Set(plans.map((p) => p.seq))];
    const groupLength = seqs.map((seq) =>
      Math.max(...plans.flatMap((p, i) => (p.seq === seq ? [durations[i] ?? 1] : []))),
    );
    let startDay: number;
    if (show) {
      const currentSeq = plans[show.current]?.seq ?? 1;
      const g = seqs.indexOf(currentSeq);
      const before = groupLength.slice(0, g).reduce((a, b) => a + b, 0);
      startDay = today + show.endOffset - (durations[show.current] ?? 1) + 1 - before;
    } else startDay = spec.startDay ?? today;
    const groupStart: number[] = [];
    groupLength.reduce((day, length, g) => {
      groupStart[g] = day;
      return day + length;
    }, startDay);
    const dueDay = startDay + groupLength.reduce((a, b) => a + b, 0) - 1;

    const leader = leaderOf(unit, category.line, category.kind);
    const creator = category.kind === 'assigned' ? leader : unit.head;
    const createdMs = Math.min(
      at(startDay - rng.int(0, 3), workHour()),
      nowMs - rng.int(2, 30) * HOUR_MS,
    );
    const leadUnit =
      category.leadDepartment !== null && unit.kind === 'grassroots' && rng.chance(0.45)
        ? (unitByName.get(category.leadDepartment)?.code ?? null)
        : null;
    const cooperating =
      rng.chance(0.25) && departments.length > 0
        ? [rng.pick(departments.filter((d) => d.unit.code !== unit.unit.code)).unit.code]
        : [];
    const unitWord = unit.unit.name;
    const title = `${unitWord}${category.name['zh-CN']}：${spec.subject}`;
    const late = lateness.get(unit.unit.code) ?? 0.1;
    const projectLead = unit.deputies.find((d) => d.staffNo !== leader)?.staffNo ?? unit.head;

    const sims: SimStep[] = plans.map((p, i) => {
      const g = seqs.indexOf(p.seq);
      const s = groupStart[g] ?? startDay;
      const handler =
        show && i === show.current && spec.showHandler !== null
          ? spec.showHandler
          : rng.pick(section.handlers);
      const people: PlannedAssignee[] = [{ role: 'handler', staffNo: handler }];
      const holds = (staffNo: string) => people.some((a) => a.staffNo === staffNo);
      const add = (role: StepRole, staffNo: string) => {
        if (!holds(staffNo)) people.push({ role, staffNo });
      };
      if (p.roles.includes('section-head')) add('section-head', section.head);
      if (p.roles.includes('unit-head')) add('unit-head', unit.head);
      if (p.roles.includes('project-lead')) add('project-lead', projectLead);
      // The reviewer: the town's secretary for the showcase, the supervision office for
      // inspections, else the unit's top leader — whoever of them holds no other role here.
      const preferred = show
        ? firstTown.top
        : p.tags.includes('督查')
          ? inspector
          : unit.kind === 'grassroots'
            ? unit.top
            : (unit.deputies[0]?.staffNo ?? unit.top);
      const reviewer = p.review
        ? ([preferred, unit.top, unit.head, ...unit.deputies.map((d) => d.staffNo), inspector].find(
            (staffNo) => !holds(staffNo),
          ) ?? null)
        : null;
      if (reviewer !== null) add('reviewer', reviewer);
      if (p.roles.includes('card-issuer')) add('card-issuer', inspector);
      if (p.roles.includes('leader')) add('leader', leader);
      return {
        key: `${taskKey}-S${i + 1}`,
        seq: p.seq,
        name: p.name,
        unitCode: unit.unit.code,
        startDay: s,
        endDay: s + (durations[i] ?? 1) - 1,
        points: p.points,
        tags: p.tags,
        review: p.review,
        assignees: people,
        handler,
        reviewer,
        events: [],
      };
    });

    // Run the workflow: each group starts when the previous one is all done.
    let activation = createdMs;
    const currentSeq = show ? (plans[show.current]?.seq ?? 0) : 0;
    for (const seq of seqs) {
      if (activation > nowMs) break;
      let groupDone = activation;
      let open = false;
      for (const step of sims.filter((x) => x.seq === seq)) {
        step.events.push({ kind: 'step-started', at: activation, actor: null, body: {} });
        const showing = show && seq === currentSeq;
        if (showing && show) {
          // The showcase step is open at `now`, in the arranged way.
          const recent = Math.max(activation + HOUR_MS, nowMs - rng.int(20, 40) * HOUR_MS);
          if (show.mode === 'flagged')
            step.events.push({
              kind: 'step-flagged',
              at: recent,
              actor: step.handler,
              body: { note: rng.pick(flagNotes) },
            });
          if (show.mode === 'submitted' || show.mode === 'returned')
            step.events.push({
              kind: 'step-submitted',
              at: recent,
              actor: step.handler,
              body: { note: rng.pick(completeNotes) },
            });
          if (show.mode === 'returned')
            step.events.push({
              kind: 'step-returned',
              at: recent + 3 * HOUR_MS,
              actor: step.reviewer,
              body: { note: rng.pick(returnNotes) },
            });
          open = true;
          continue;
        }
        const roll = rng.next();
        const pace: Pace =
          show !== null
            ? roll < 0.4
              ? 'ahead'
              : 'on-plan'
            : roll < 0.03
              ? // A step stuck for months would have been chased: old ones end late instead.
                step.endDay >= today - STALL_DAYS
                ? 'stalled'
                : 'late'
              : roll < 0.03 + late
                ? 'late'
                : roll < 0.4 + late
                  ? 'ahead'
                  : 'on-plan';
        const delta = pace === 'ahead' ? -rng.int(1, 4) : pace === 'late' ? rng.int(1, 9) : 0;
        let finish = at(step.endDay + delta, workHour());
        if (finish <= activation + HOUR_MS) finish = activation + rng.int(2, 30) * HOUR_MS;
        // A showcase's earlier steps are all done a few days before today.
        if (show) finish = Math.min(finish, nowMs - 4 * DAY_MS - rng.int(1, 20) * HOUR_MS);
        if (finish <= activation) finish = activation + HOUR_MS;
        const span = finish - activation;
        // Still open at `now`: a quarter of them have a problem flagged (yellow).
        const openNow = finish > nowMs;
        const ran = (openNow ? nowMs : finish) - activation;
        const flagged = pace !== 'stalled' && rng.chance(openNow ? 0.25 : 0.06);
        if (flagged) {
          step.events.push({
            kind: 'step-flagged',
            at: activation + ran * 0.5,
            actor: step.handler,
            body: { note: rng.pick(flagNotes) },
          });
          step.events.push({
            kind: 'step-unflagged',
            at: openNow ? finish - HOUR_MS : activation + span * 0.75,
            actor: step.handler,
            body: {},
          });
        }
        if (pace === 'stalled') {
          if (rng.chance(0.3))
            step.events.push({
              kind: 'step-flagged',
              at: activation + Math.min(span, 2 * DAY_MS) * 0.5,
              actor: step.handler,
              body: { note: rng.pick(flagNotes) },
            });
          open = true;
          continue;
        }
        if (step.review) {
          if (rng.chance(openNow ? 0.5 : 0.15)) {
            step.events.push({
              kind: 'step-submitted',
              at: activation + ran * 0.6,
              actor: step.handler,
              body: { note: rng.pick(completeNotes) },
            });
            step.events.push({
              kind: 'step-returned',
              at: activation + ran * 0.8,
              actor: step.reviewer,
              body: { note: rng.pick(returnNotes) },
            });
          }
          step.events.push({
            kind: 'step-submitted',
            at: activation + Math.max(span * 0.85, ran * 0.9),
            actor: step.handler,
            body: { note: rng.pick(completeNotes) },
          });
          step.events.push({ kind: 'step-approved', at: finish, actor: step.reviewer, body: {} });
        } else
          step.events.push({
            kind: 'step-completed',
            at: finish,
            actor: step.handler,
            body: { note: rng.pick(completeNotes) },
          });
        groupDone = Math.max(groupDone, finish);
      }
      if (open) break;
      activation = groupDone;
    }
    for (const step of sims) {
      const kept = step.events.filter((e) => e.at <= nowMs);
      step.events.length = 0;
      step.events.push(...kept.map((e) => ({ ...e, at: Math.round(e.at) })));
    }

    const allDone = sims.every((s) => lightInputAt(s, nowMs).state === 'done');
    tasks.push({
      key: taskKey,
      categoryKey: category.key,
      title,
      description: `${unitWord}按照县委县政府部署推进${spec.subject}，责任到人、按期办结。`,
      responsibleUnitCode: unit.unit.code,
      leadUnitCode: leadUnit,
      cooperatingUnitCodes: cooperating,
      leaderStaffNo: leader,
      startsOn: dateOf(startDay),
      dueOn: dateOf(dueDay),
      priority:
        category.kind === 'assigned' || rng.chance(0.2)
          ? 'high'
          : rng.chance(0.15)
            ? 'low'
            : 'normal',
      templateKey: template.key,
      taskForceKey: spec.taskForceKey,
      status: allDone ? 'done' : 'active',
      createdAt: iso(createdMs),
      createdByStaffNo: creator,
    });
    if (history)
      events.push({
        kind: 'task-created',
        taskKey,
        stepKey: null,
        actorStaffNo: creator,
        at: iso(createdMs),
        body: { title },
      });

    for (const step of sims) {
      const final = lightInputAt(step, nowMs);
      let light: LightColour;
      const updatedAt = step.events.at(-1)?.at ?? createdMs;
      let lightAt = nowMs;
      if (history) {
        // Every moment the light can change: transitions and the day boundaries of the rules.
        const moments = [
          createdMs,
          ...step.events.map((e) => e.at),
          dayStart(clock, step.startDay),
          dayStart(clock, step.endDay + rules.graceDays + 1),
        ]
          .filter((t) => t >= createdMs && t <= nowMs)
          .sort((a, b) => a - b);
        let shown: LightColour = 'white';
        let e = 0;
        for (const t of moments) {
          while (e < step.events.length && (step.events[e]?.at ?? Infinity) <= t) {
            const ev = step.events[e] as SimStep['events'][number];
            events.push({
              kind: ev.kind,
              taskKey,
              stepKey: step.key,
              actorStaffNo: ev.actor,
              at: iso(ev.at),
              body: ev.body,
            });
            e++;
          }
          const colour = stepLight(lightInputAt(step, t), iso(t), rules);
          if (colour !== shown) {
            events.push({
              kind: 'light-changed',
              taskKey,
              stepKey: step.key,
              actorStaffNo: null,
              at: iso(t),
              body: { from: shown, to: colour },
            });
            shown = colour;
          }
          lightAt = t;
        }
        light = shown;
      } else light = stepLight(final, iso(nowMs), rules);
      steps.push({
        key: step.key,
        taskKey,
        seq: step.seq,
        name: step.name,
        unitCode: step.unitCode,
        plannedStart: dateOf(step.startDay),
        plannedEnd: dateOf(step.endDay),
        actualStart: final.actualStart,
        actualEnd: final.actualEnd,
        points: step.points,
        tags: step.tags,
        reviewRequired: step.review,
        state: final.state,
        flagged: final.flagged,
        flagNote: final.flagged
          ? ((step.events.findLast((e) => e.kind === 'step-flagged')?.body.note as
              string | undefined) ?? null)
          : null,
        light,
        lightAt: iso(Math.max(lightAt, updatedAt)),
        updatedAt: iso(updatedAt),
        assignees: step.assignees,
      });
    }
  };

  // Task forces: the first town's secretary leads rural revitalisation, the government
  // office's head leads investment promotion; members from the 专班 units and the town.
  const forceUnits = county.units.filter((u) => u.kind === 'task_force');
  const membersOf = (code: string) =>
    county.people.filter((p) => p.unitCode === code).map((p) => p.staffNo);
  const govOffice = departments.find((d) => d.unit.name === '县人民政府办公室') ?? departments[0];
  const taskForces: PlannedTaskForce[] = [];
  if (history && forceUnits.length >= 2 && govOffice) {
    const [rural, invest] = forceUnits as [UnitImportRow, UnitImportRow];
    taskForces.push(
      {
        key: 'TF1',
        name: `${rural.name}（${firstTown.unit.name}）`,
        leaderStaffNo: firstTown.top,
        basePoints: '5.00',
        allocationPool: '20.00',
        memberStaffNos: [...membersOf(rural.code), login('ganbu'), login('danwei')],
        createdAt: iso(at(today - 200, 10)),
      },
      {
        key: 'TF2',
        name: invest.name,
        leaderStaffNo: govOffice.head,
        basePoints: '4.00',
        allocationPool: '15.00',
        memberStaffNos: membersOf(invest.code),
        createdAt: iso(at(today - 150, 10)),
      },
    );
  }

  // Showcase tasks first (the first town's 党政办), then the year's work.
  const categoryByKey = new Map(categoryPlans.map((c) => [c.key, c]));
  if (history)
    for (const show of showcases) {
      const category = categoryByKey.get(show.categoryKey);
      if (!category) throw new Error(`demo work year: no category ${show.categoryKey}`);
      addTask({
        category,
        subject: show.subject,
        unit: firstTown,
        section: officeOfLogins,
        startDay: null,
        show,
        showHandler: login(show.handler),
        taskForceKey: null,
      });
    }
  const count = options.tasks ?? 300;
  const totalWeight = categoryPlans.reduce((s, c) => s + c.weight, 0);
  for (let i = 0; i < count; i++) {
    // Categories in proportion to their weight, dealt out evenly.
    let slot = ((i * 7919) % count) * (totalWeight / count);
    const category =
      categoryPlans.find((c) => {
        slot -= c.weight;
        return slot < 0;
      }) ?? categoryPlans.at(-1);
    if (!category) throw new Error('demo work year: no categories');
    const pool =
      category.kind === 'campaign'
        ? grassroots
        : category.kind === 'key-indicator'
          ? departments
          : rng.chance(0.5)
            ? grassroots
            : departments;
    // The first town gets a few more (the demo logins work there).
    const unit = rng.chance(0.08) ? firstTown : rng.pick(pool.length > 0 ? pool : units);
    const section =
      unit === firstTown && rng.chance(0.5) ? officeOfLogins : pickSection(unit, category.line);
    const startDay = today - Math.floor((WORK_YEAR_DAYS - 10) * rng.next() ** 0.9) + rng.int(0, 25);
    const force =
      taskForces.length > 0 &&
      (category.key === 'rural-revival' || category.key === 'key-work') &&
      rng.chance(0.25)
        ? category.key === 'rural-revival'
          ? 'TF1'
          : 'TF2'
        : null;
    addTask({
      category,
      subject: rng.pick(category.subjects),
      unit,
      section,
      startDay,
      show: null,
      showHandler: null,
      taskForceKey: force,
    });
  }

  if (!history)
    return {
      now: iso(nowMs),
      categories,
      templates,
      taskForces: [],
      tasks,
      steps,
      events: [],
      planItems: [],
      cards: [],
      documents: [],
      notifications: [],
    };

  // Monthly plans (frozen at the month's start or when the task was made) and the cards of
  // every finished month, by the core rule.
  const taskByKey = new Map(tasks.map((t) => [t.key, t]));
  const planItems: PlannedPlanItem[] = [];
  const currentMonth = monthOfDay(today);
  for (const step of steps) {
    const month = step.plannedEnd.slice(0, 7);
    if (month > currentMonth) continue;
    const task = taskByKey.get(step.taskKey) as PlannedTask;
    const monthStart = dayStart(clock, Math.floor(Date.parse(`${month}-01T00:00:00Z`) / DAY_MS));
    planItems.push({
      month,
      stepKey: step.key,
      taskKey: step.taskKey,
      unitCode: step.unitCode,
      leadUnitCode: task.leadUnitCode,
      plannedEnd: step.plannedEnd,
      addedAt: iso(Math.max(monthStart, Date.parse(task.createdAt))),
    });
  }
  planItems.sort((a, b) => a.month.localeCompare(b.month) || a.stepKey.localeCompare(b.stepKey));
  const finishedOn = new Map(
    steps.map((s) => [
      s.key,
      s.actualEnd === null ? null : dateOf(dayOf(clock, Date.parse(s.actualEnd))),
    ]),
  );
  const cards: PlannedCard[] = [];
  const months = [...new Set(planItems.map((p) => p.month))].filter((m) => m < currentMonth);
  for (const month of months) {
    const items: MonthPlanItem[] = planItems
      .filter((p) => p.month === month)
      .map((p) => ({
        month,
        stepId: p.stepKey,
        taskId: p.taskKey,
        unitId: p.unitCode,
        leadUnitId: p.leadUnitCode,
        plannedEnd: p.plannedEnd,
      }));
    const [y, m] = month.split('-').map(Number) as [number, number];
    const nextMonthDay = Math.floor(Date.UTC(y, m, 1) / DAY_MS);
    const issuedAt = iso(dayStart(clock, nextMonthDay) + HOUR_MS);
    for (const card of monthCards(items, finishedOn, month))
      cards.push({
        month,
        taskKey: card.taskId,
        unitCode: card.unitId,
        as: card.as,
        colour: card.colour,
        planned: card.planned,
        done: card.done,
        issuedAt,
      });
  }

  events.sort((a, b) => a.at.localeCompare(b.at));
  const documents = planDocuments(rng, county, units, firstTown, inspector, today, nowMs, at);
  const notifications = planNotifications(rng, tasks, steps, events, documents, nowMs);
  return {
    now: iso(nowMs),
    categories,
    templates,
    taskForces,
    tasks,
    steps,
    events,
    planItems,
    cards,
    documents,
    notifications,
  };
}

const documentPlans: readonly { kind: DocumentKind; title: string; body: string }[] = [
  {
    kind: 'policy',
    title: '关于印发《溪山县2026年度重点工作任务清单》的通知',
    body: '各乡镇（街道）、县直各单位：现将年度重点工作任务清单印发给你们，请认真抓好落实。',
  },
  {
    kind: 'instruction',
    title: '关于做好春季森林防火工作的紧急通知',
    body: '清明前后是森林火灾高发期，请立即组织开展野外火源管控巡查。',
  },
  {
    kind: 'policy',
    title: '溪山县工作事项督查督办办法（试行）',
    body: '为推动各项工作落地见效，实行“五色灯、三色牌”督查督办制度。',
  },
  {
    kind: 'instruction',
    title: '关于切实做好主汛期防汛工作的通知',
    body: '请各单位严格落实24小时值班和领导带班制度，确保安全度汛。',
  },
  {
    kind: 'instruction',
    title: '县委主要领导关于人居环境整治工作的批示',
    body: '请各乡镇对照问题清单逐项整改，月底前报送整改情况。',
  },
  {
    kind: 'policy',
    title: '关于进一步规范领导交办事项办理的意见',
    body: '领导交办事项实行台账管理、限时办结、办结反馈。',
  },
  {
    kind: 'instruction',
    title: '关于开展安全生产大检查的通知',
    body: '请各单位于本月内完成辖区企业安全隐患排查并建立整改台账。',
  },
  {
    kind: 'instruction',
    title: '关于报送半月工作进展情况的通知',
    body: '请各单位每半月报送一次重点工作进展，县委办督查室汇总通报。',
  },
  {
    kind: 'policy',
    title: '溪山县基层减负若干措施',
    body: '精简文件会议，规范督查检查考核，切实为基层减负。',
  },
  {
    kind: 'instruction',
    title: '关于做好年底各项工作收尾的通知',
    body: '请各单位对照年度任务清单，查漏补缺，确保全年任务圆满完成。',
  },
];

function planDocuments(
  rng: Prng,
  county: DemoCounty,
  units: readonly UnitPeople[],
  firstTown: UnitPeople,
  inspector: string,
  today: number,
  nowMs: number,
  at: (day: number, hour: number) => number,
): PlannedDocument[] {
  const firstTownPeople = county.people.filter(
    (p) =>
      p.unitCode === firstTown.unit.code ||
      firstTown.sections.some((s) => s.unit.code === p.unitCode),
  );
  return documentPlans.map((plan, i): PlannedDocument => {
    // Spread over the year; the last one is two days old, so its reads are still due.
    const day = i === documentPlans.length - 1 ? today - 2 : today - 300 + i * 32 + rng.int(0, 10);
    const publishedMs = Math.min(at(day, 9 + rng.int(0, 6)), nowMs - HOUR_MS);
    const readByMs = rng.chance(0.85) ? at(day + rng.int(3, 7), 18) : null;
    const recipients = [
      // Every unit's head, via their unit, and everybody of the first town.
      ...units.map((u) => ({ staffNo: u.head, viaUnitCode: u.unit.code })),
      ...firstTownPeople
        .filter((p) => p.staffNo !== firstTown.head)
        .map((p) => ({ staffNo: p.staffNo, viaUnitCode: firstTown.unit.code })),
    ].map((r) => {
      const roll = rng.next();
      const deadline = readByMs ?? publishedMs + 5 * DAY_MS;
      let readAt: number | null =
        roll < 0.78
          ? publishedMs + rng.int(1, 40) * HOUR_MS
          : roll < 0.9
            ? deadline + rng.int(5, 72) * HOUR_MS
            : null;
      if (readAt !== null && (readAt > nowMs || readAt <= publishedMs)) readAt = null;
      return { ...r, readAt: readAt === null ? null : new Date(readAt).toISOString() };
    });
    return {
      key: `D${i + 1}`,
      kind: plan.kind,
      title: plan.title,
      body: plan.body,
      readBy: readByMs === null ? null : new Date(readByMs).toISOString(),
      publishedByStaffNo: inspector,
      publishedAt: new Date(publishedMs).toISOString(),
      recipients,
    };
  });
}

/**
 * Notifications as the workflow sends them: a step handed over (to its handlers), submitted
 * for review (to the reviewer), returned (to the handlers), turned red (to the carriers), and
 * documents (to recipients). Only the last 60 days; older ones, and most of the last days',
 * are read.
 */
function planNotifications(
  rng: Prng,
  tasks: readonly PlannedTask[],
  steps: readonly PlannedStep[],
  events: readonly PlannedEvent[],
  documents: readonly PlannedDocument[],
  nowMs: number,
): PlannedNotification[] {
  const since = nowMs - 60 * DAY_MS;
  const stepByKey = new Map(steps.map((s) => [s.key, s]));
  const titleOf = new Map(tasks.map((t) => [t.key, t.title]));
  const out: PlannedNotification[] = [];
  const readAt = (created: number): string | null => {
    const age = nowMs - created;
    const read = age > 3 * DAY_MS ? rng.chance(0.9) : rng.chance(0.3);
    const when = created + rng.int(1, 24) * HOUR_MS;
    return read && when < nowMs ? new Date(when).toISOString() : null;
  };
  const holders = (step: PlannedStep, roles: readonly StepRole[]) =>
    step.assignees.filter((a) => roles.includes(a.role)).map((a) => a.staffNo);
  for (const e of events) {
    const created = Date.parse(e.at);
    if (created < since || e.stepKey === null) continue;
    const step = stepByKey.get(e.stepKey);
    if (!step) continue;
    const task = titleOf.get(e.taskKey) ?? '';
    const say = (staffNos: readonly string[], kind: string, zh: string, en: string): void => {
      for (const staffNo of staffNos)
        out.push({
          staffNo,
          kind,
          title: { 'zh-CN': `${zh}：${step.name}`, en: `${en}: ${step.name}` },
          body: { 'zh-CN': `${task} · ${step.name}`, en: `${task} · ${step.name}` },
          target: { task: e.taskKey },
          createdAt: e.at,
          readAt: readAt(created),
        });
    };
    if (e.kind === 'step-started')
      say(holders(step, ['handler']), 'step-started', '轮到您办理', 'Your turn');
    else if (e.kind === 'step-submitted')
      say(holders(step, ['reviewer']), 'step-submitted', '待您审核', 'Waiting for your review');
    else if (e.kind === 'step-returned')
      say(holders(step, ['handler']), 'step-returned', '环节被退回', 'Step returned');
    else if (e.kind === 'light-changed' && e.body.to === 'red')
      say(holders(step, ['handler', 'section-head']), 'light-red', '环节已亮红灯', 'Red light');
  }
  for (const doc of documents) {
    const created = Date.parse(doc.publishedAt);
    if (created < since) continue;
    const kind =
      doc.kind === 'instruction'
        ? { 'zh-CN': '工作指令', en: 'Instruction' }
        : { 'zh-CN': '政策文件', en: 'Policy' };
    for (const r of doc.recipients)
      out.push({
        staffNo: r.staffNo,
        kind: 'document-published',
        title: { 'zh-CN': `${kind['zh-CN']}：${doc.title}`, en: `${kind.en}: ${doc.title}` },
        body:
          doc.readBy === null
            ? null
            : { 'zh-CN': `请于 ${doc.readBy} 前阅读`, en: `Please read it by ${doc.readBy}` },
        target: { document: doc.key },
        createdAt: doc.publishedAt,
        readAt: r.readAt,
      });
  }
  return out;
}
