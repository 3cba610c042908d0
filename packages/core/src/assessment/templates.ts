/**
 * Built-in scheme templates. `hTownship2021Scheme` reproduces Table 1 of seed 004 (H乡 2021
 * 干部“战斗力指数”数字化考核办法) and the result rules the seed describes; where the seed is
 * silent the choice is ours and documented in docs/schemes.md. `departmentSchemeTemplate`
 * is a department variant. Both are plain data: a county copies one and edits it.
 */
import type { SchemeWorkRules } from '../work/types.ts';
import type { Item, Label, ResultRules, Scheme, SchemeDimension, SchemeNode } from './types.ts';

const label = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });
const item = (key: string, zh: string, en: string, points: string): Item => ({
  key,
  label: label(zh, en),
  points,
});

/** Seed 004: top 20 % excellent, bonus coefficients by rank, promotion and accountability. */
const seedResults: ResultRules = {
  tieRule: 'competition',
  grades: { excellentQuota: '0.2' },
  bonus: {
    coefficients: {
      byRank: {
        shiye: '0.85',
        ordinary: '1',
        general: '1',
        fugu: '1.2',
        zhenggu: '1.4',
        fuke: '1.7',
        zhengke: '2.0',
      },
      default: '1',
    },
    // The seed pays point value × 分数 (the total score) × bonus coefficient; basing it on
    // the index would apply the position coefficient a second time.
    basis: 'total',
    rounding: 'largest-remainder',
  },
  signals: [
    {
      key: 'top-20-percent',
      label: label('年度指数位列单位前 20%', 'Top 20 % of the unit'),
      kind: 'promotion',
      when: { kind: 'top-share', share: '0.2', within: 'unit' },
      then: { promotionPoints: '1.5', seniorityMonths: 6 },
    },
    {
      key: 'last-in-county',
      label: label(
        '全县倒数第一：约谈分管领导',
        'Last in the county: interview the leader in charge',
      ),
      kind: 'accountability',
      when: { kind: 'last-place', within: 'tenant', consecutive: 1 },
      then: { action: 'interview-leader' },
    },
    {
      key: 'last-two-running',
      label: label(
        '连续两个季度倒数第一：取消年度奖',
        'Last two quarters running: withhold the annual bonus',
      ),
      kind: 'accountability',
      when: { kind: 'last-place', within: 'tenant', consecutive: 2 },
      then: { action: 'withhold-annual-bonus' },
    },
  ],
};

/** 思想作风 (20): two deduction indicators from the seed, shared by both templates. */
const conductDimension: SchemeDimension = {
  key: 'conduct',
  label: label('思想作风评分', 'Political conduct and work style'),
  max: '20',
  part: 'common',
  children: [
    {
      key: 'political',
      label: label('政治素质', 'Political quality'),
      max: '10',
      method: {
        kind: 'deduction',
        items: [
          item(
            'assigned-task',
            '上级领导交办任务落实不到位',
            'Task assigned by superiors not carried out',
            '3',
          ),
          item('dual-duty', '一岗双责落实不到位', '"One post, two duties" not carried out', '3'),
          item('major-report', '个人重大事项未请示报告', 'Major personal matter not reported', '3'),
          item('improper-speech', '发表不当政治言论', 'Improper political remarks', '3'),
          item('missed-study', '缺席集中学习', 'Missed group study', '1'),
        ],
      },
    },
    {
      key: 'work-style',
      label: label('工作作风', 'Work style'),
      max: '10',
      method: {
        kind: 'deduction',
        items: [
          item('late-early', '迟到早退', 'Late arrival or early leave', '3'),
          item('discipline', '受纪律处分', 'Disciplinary sanction', '3'),
        ],
      },
    },
  ],
};

/** 组团专班 / 加扣分 / 综合赋分: the uncapped individual part, shared by both templates. */
const individualDimension = (extra: SchemeDimension['children'] = []): SchemeDimension => ({
  key: 'individual',
  label: label('个性分值', 'Individual score'),
  max: null,
  part: 'individual',
  children: [
    {
      key: 'task-force',
      label: label('组团专班计分', 'Task-force work'),
      max: null,
      description: label(
        '急难险重任务成立专班，由党政班子联席会议确定基础分值和二次赋分值',
        'Urgent tasks get a task force; the leaders’ joint meeting sets a base and a second allocation',
      ),
      method: { kind: 'task-force' },
    },
    {
      key: 'clauses',
      label: label('加扣分考核', 'Bonus and penalty clauses'),
      max: null,
      method: {
        kind: 'clause',
        clauses: [
          item('honour-national', '获国家级表彰', 'National commendation', '5'),
          item('honour-provincial', '获省级表彰', 'Provincial commendation', '3'),
          item('honour-city', '获市级表彰', 'City commendation', '2'),
          item('honour-county', '获县级表彰', 'County commendation', '1'),
          item(
            'criticised',
            '被县级以上通报批评',
            'Publicly criticised at county level or above',
            '-2',
          ),
        ],
      },
    },
    {
      key: 'discretionary',
      label: label('综合赋分', 'Leaders’ overall adjustment'),
      max: null,
      method: { kind: 'discretionary', min: '-10', max: '10' },
    },
    ...extra,
  ],
});

/**
 * Seed 004: every half month the county supervision office (县委督查室) counts each unit's
 * lights and cards and adds or deducts points; the units' ranking converts into points of
 * each member's index. The unit's half-month rank feeds this rank table (a unit fact that
 * flows to the unit's members); the table itself is our choice, the seed gives none.
 */
const supervisionRankLeaf: SchemeNode = {
  key: 'supervision-rank',
  label: label('半月督查单位排名', 'Half-month supervision rank of the unit'),
  max: null,
  description: label(
    '县委督查室每半月统计各单位亮灯亮牌并加扣分，单位排名折算成分值计入个人指数',
    'Every half month the supervision office scores each unit’s lights and cards; the unit’s rank converts into points of each member’s index',
  ),
  factScope: 'assessment-unit',
  method: {
    kind: 'rank-table',
    rows: [
      { from: 1, to: 3, points: '3' },
      { from: 4, to: 6, points: '2' },
      { from: 7, to: 10, points: '1' },
    ],
    ties: 'best',
    outOfTable: { kind: 'zero' },
    missing: { kind: 'zero' },
  },
};

/** Each red light a person carries (handler, section head or else unit head) costs points. */
const redLightLeaf: SchemeNode = {
  key: 'red-lights',
  label: label('红灯扣分', 'Red lights carried'),
  max: null,
  description: label(
    '环节亮红灯，由该环节经办人和科室负责人（无科室负责人时为单位负责人）承担',
    'A late step’s red light is carried by its handler and section head (or unit head when there is none)',
  ),
  method: { kind: 'workflow', factor: '1' },
};

/** Workload points from the steps a person finished, by role share (seed 004: 工作量明细). */
const workloadLeaf: SchemeNode = {
  key: 'workload',
  label: label('工作量计分', 'Workload'),
  max: null,
  description: label(
    '按环节分值和角色比例计算的个人工作量，每 10 分工作量计 1 分',
    'Workload from step points shared by role; 1 point per 10 points of workload',
  ),
  method: { kind: 'workflow', factor: '0.1' },
};

/**
 * Light and card points of a half-month window (our choice; the seed gives no table): ahead
 * of plan +0.5, on plan 0, a problem −0.5, late −1; a green card +1, yellow −1, red −2.
 */
const seedWorkTables: Pick<SchemeWorkRules, 'lightPoints' | 'cardPoints'> = {
  lightPoints: { white: '0', blue: '0.5', green: '0', yellow: '-0.5', red: '-1' },
  cardPoints: { green: '1', yellow: '-1', red: '-2' },
};

/** Position coefficients of the seed: middle-level heads 1.4, deputies 1.2, general staff 1. */
const seedCoefficients: Scheme['positionCoefficients'] = {
  byRank: { middle_head: '1.4', middle_deputy: '1.2', general: '1', ordinary: '1' },
  default: '1',
};

/** The seed's H township 2021 scheme (Table 1) with its results rules. */
export const hTownship2021Scheme: Scheme = {
  key: 'h-township-2021',
  version: 1,
  name: label(
    'H乡 2021 年干部“战斗力指数”数字化考核办法',
    'H township 2021 cadre combat-power index',
  ),
  audience: 'township',
  commonCap: '100',
  dimensions: [
    conductDimension,
    {
      key: 'post-module',
      label: label('岗位模块赋分', 'Post and module'),
      max: '40',
      part: 'common',
      children: [
        {
          key: 'post-score',
          label: label('岗位分值', 'Post score'),
          max: '10',
          description: label(
            '按每季工作量、难易程度及工作成效评为 10 分、9 分两档',
            'Graded 10 or 9 each quarter by workload, difficulty and results',
          ),
          method: {
            kind: 'graded-choice',
            options: [
              { key: 'A', label: label('10 分档', 'Grade 10'), points: '10' },
              { key: 'B', label: label('9 分档', 'Grade 9'), points: '9' },
            ],
            missing: { kind: 'zero' },
          },
        },
        {
          key: 'module-rank',
          label: label('模块实绩分值', 'Module results'),
          max: '30',
          description: label(
            '按所承担条线工作在全县的排名赋分',
            'Points by the county-wide rank of the person’s line of work',
          ),
          method: {
            kind: 'rank-table',
            rows: [
              { from: 1, to: 3, points: '30' },
              { from: 4, to: 6, points: '28' },
              { from: 7, to: 10, points: '25' },
              { from: 11, to: 14, points: '22' },
              { from: 15, to: 17, points: '19' },
              { from: 18, to: 20, points: '15' },
            ],
            ties: 'best',
            outOfTable: { kind: 'last-row' },
            missing: { kind: 'zero' },
          },
        },
      ],
    },
    {
      key: 'area',
      label: label('片区协同计分', 'Area coordination'),
      max: '40',
      part: 'common',
      children: [
        {
          key: 'village-rank',
          label: label('村级考核分', 'Linked villages’ assessment'),
          max: '20',
          description: label(
            '参照所联系村主职干部“红黑榜”排名；联系多个村时取平均',
            'By the red/black-list rank of the linked villages’ heads; the mean when several',
          ),
          method: {
            kind: 'external-lookup',
            link: 'villages',
            ranks: [
              { from: 1, to: 10, points: '20' },
              { from: 11, to: 20, points: '18' },
              { from: 21, to: 30, points: '16' },
              { from: 31, to: 40, points: '14' },
              { from: 41, to: 50, points: '12' },
              { from: 51, to: 9999, points: '10' },
            ],
            combine: 'mean',
            missing: { kind: 'zero' },
          },
        },
        {
          key: 'difficulty',
          label: label('难度分', 'Difficulty'),
          max: '10',
          method: {
            kind: 'graded-choice',
            options: [
              { key: 'hard', label: label('难度大', 'Hard'), points: '10' },
              { key: 'medium', label: label('难度一般', 'Medium'), points: '8' },
              { key: 'easy', label: label('难度小', 'Easy'), points: '5' },
            ],
            missing: { kind: 'zero' },
          },
        },
        {
          key: 'evaluation',
          label: label('评价分', 'Evaluation'),
          max: '10',
          description: label(
            '联系领导和村主职干部对驻村干部的实绩评分（百分制）',
            'Linked leader and village heads rate the cadre out of 100',
          ),
          method: {
            kind: 'rating-average',
            scaleMax: '100',
            groups: [
              { key: 'leader', label: label('联系领导', 'Linked leader'), weight: '0.5' },
              { key: 'village-head', label: label('村主职干部', 'Village heads'), weight: '0.5' },
            ],
            missingGroup: 'renormalise',
          },
        },
      ],
    },
    individualDimension([supervisionRankLeaf, workloadLeaf, redLightLeaf]),
  ],
  positionCoefficients: seedCoefficients,
  composition: { kind: 'facts' },
  results: seedResults,
  work: {
    ...seedWorkTables,
    unitIndicator: { key: 'supervision-rank', value: 'rank' },
    workloadIndicator: 'workload',
    redLightIndicator: { key: 'red-lights', points: '-0.5' },
  },
};

/**
 * A department variant: business-line performance by threshold metrics instead of villages,
 * indicators layered for managers vs executors, and the section's score flowing to its members.
 */
export const departmentSchemeTemplate: Scheme = {
  key: 'department-2021',
  version: 1,
  name: label('部门干部“战斗力指数”考核办法（模板）', 'Department cadre index (template)'),
  audience: 'department',
  commonCap: '100',
  layers: {
    byRank: {
      zhengke: 'manager',
      fuke: 'manager',
      middle_head: 'manager',
      middle_deputy: 'manager',
    },
    default: 'executor',
  },
  dimensions: [
    conductDimension,
    {
      key: 'line-performance',
      label: label('条线业绩', 'Business-line performance'),
      max: '50',
      part: 'common',
      children: [
        {
          key: 'hotline-response',
          label: label('12345 热线平均响应时长', '12345 hotline mean response time'),
          max: '15',
          method: {
            kind: 'threshold',
            metric: 'minutes',
            aggregate: 'mean',
            rows: [
              { below: '30', points: '15' },
              { min: '30', below: '60', points: '12' },
              { min: '60', below: '120', points: '8' },
              { min: '120', points: '4' },
            ],
            missing: { kind: 'zero' },
          },
        },
        {
          key: 'task-completion',
          label: label('任务按期完成率', 'On-time task completion'),
          max: '20',
          appliesTo: { layers: ['executor'] },
          method: {
            kind: 'threshold',
            metric: 'rate',
            aggregate: 'latest',
            rows: [
              { min: '0.95', points: '20' },
              { min: '0.85', below: '0.95', points: '16' },
              { min: '0.7', below: '0.85', points: '12' },
              { below: '0.7', points: '6' },
            ],
            missing: { kind: 'zero' },
          },
        },
        {
          key: 'line-rank',
          label: label('条线全县排名', 'County rank of the line'),
          max: '20',
          appliesTo: { layers: ['manager'] },
          method: {
            kind: 'rank-table',
            rows: [
              { from: 1, to: 5, points: '20' },
              { from: 6, to: 10, points: '17' },
              { from: 11, to: 20, points: '14' },
            ],
            ties: 'average',
            outOfTable: { kind: 'points', points: '10' },
            missing: { kind: 'zero' },
          },
        },
        {
          key: 'section-score',
          label: label('科室考核（科室得分计入成员）', 'Section result (flows to members)'),
          max: '15',
          factScope: 'unit',
          method: {
            kind: 'graded-choice',
            options: [
              { key: 'A', label: label('好', 'Good'), points: '15' },
              { key: 'B', label: label('较好', 'Fair'), points: '12' },
              { key: 'C', label: label('一般', 'Weak'), points: '9' },
            ],
            missing: { kind: 'zero' },
          },
        },
      ],
    },
    {
      key: 'leadership',
      label: label('管理与评价', 'Management and evaluation'),
      max: '30',
      part: 'common',
      children: [
        {
          key: 'team-management',
          label: label('带队管理', 'Team management'),
          max: '10',
          appliesTo: { layers: ['manager'] },
          method: {
            kind: 'kpi',
            factor: '1',
          },
        },
        {
          key: 'workflow',
          label: label('工作流程办件', 'Work-platform throughput'),
          max: '10',
          appliesTo: { layers: ['executor'] },
          method: { kind: 'workflow', factor: '0.1' },
        },
        {
          key: 'peer-rating',
          label: label('评价分', 'Evaluation'),
          max: '20',
          method: {
            kind: 'rating-average',
            scaleMax: '100',
            groups: [
              { key: 'leader', label: label('分管领导', 'Leader in charge'), weight: '0.6' },
              { key: 'colleagues', label: label('同事', 'Colleagues'), weight: '0.4' },
            ],
            missingGroup: 'zero',
          },
        },
      ],
    },
    individualDimension([
      {
        key: 'okr',
        label: label('OKR 关键结果', 'OKR key results'),
        max: null,
        method: { kind: 'okr', factor: '1' },
      },
      supervisionRankLeaf,
      redLightLeaf,
    ]),
  ],
  positionCoefficients: seedCoefficients,
  composition: {
    kind: 'weighted',
    parts: [
      { assessment: 'routine', weight: '0.6' },
      { assessment: 'periodic', weight: '0.4' },
    ],
  },
  results: seedResults,
  // Workload feeds the executors' existing work-platform leaf (`workflow`, factor 0.1, max 10).
  work: {
    ...seedWorkTables,
    unitIndicator: { key: 'supervision-rank', value: 'rank' },
    workloadIndicator: 'workflow',
    redLightIndicator: { key: 'red-lights', points: '-0.5' },
  },
};

/** Every built-in template by key. */
export const schemeTemplates: Readonly<Record<string, Scheme>> = {
  [hTownship2021Scheme.key]: hTownship2021Scheme,
  [departmentSchemeTemplate.key]: departmentSchemeTemplate,
};
