import type { LocalText } from '../i18n.ts';

/**
 * Error codes of the work platform (merged into `errorCatalogue`). Add new codes here and
 * their HTTP status in packages/server/src/errors.ts.
 */
export const workErrorCatalogue = {
  'category-not-found': { 'zh-CN': '工作类别不存在', en: 'Work category not found' },
  'category-key-taken': {
    'zh-CN': '该类别代码已被使用',
    en: 'This category key is already in use',
  },
  'template-not-found': { 'zh-CN': '流程模板不存在', en: 'Workflow template not found' },
  'template-invalid': {
    'zh-CN': '流程模板不符合要求',
    en: 'The workflow template is not valid',
  },
  'task-not-found': { 'zh-CN': '工作事项不存在', en: 'Task not found' },
  'task-invalid': { 'zh-CN': '工作事项内容不符合要求', en: 'The task is not valid' },
  'step-not-found': { 'zh-CN': '工作环节不存在', en: 'Step not found' },
  'step-invalid': { 'zh-CN': '工作环节内容不符合要求', en: 'The step is not valid' },
  'step-not-assigned': {
    'zh-CN': '只有该环节的经办人可以办结',
    en: 'Only the step’s handler can complete it',
  },
  'step-not-reviewer': {
    'zh-CN': '只有该环节的审核人可以审核通过或退回',
    en: 'Only the step’s reviewer can approve or return it',
  },
  'step-state-invalid': {
    'zh-CN': '该环节当前状态不允许此操作',
    en: 'The step’s current state does not allow this',
  },
  'work-shares-invalid': {
    'zh-CN': '各角色分值比例须为非负数且合计为 1',
    en: 'Role shares must be non-negative and sum to 1',
  },
  'work-config-invalid': {
    'zh-CN': '工作设置不符合要求',
    en: 'The work settings are not valid',
  },
  'no-linked-person': {
    'zh-CN': '当前账号未关联人员，无法办理工作',
    en: 'This account is not linked to a person, so it cannot act on work',
  },
  'supervision-window-open': {
    'zh-CN': '该半月统计期尚未结束',
    en: 'This half-month window has not ended yet',
  },
  'supervision-window-invalid': {
    'zh-CN': '半月统计期格式应为 YYYY-MM-H1 或 YYYY-MM-H2',
    en: 'A half-month window is written YYYY-MM-H1 or YYYY-MM-H2',
  },
  'task-force-not-found': { 'zh-CN': '工作专班不存在', en: 'Task force not found' },
  'task-force-invalid': { 'zh-CN': '工作专班内容不符合要求', en: 'The task force is not valid' },
  'task-force-allocation-mismatch': {
    'zh-CN': '二次赋分合计须等于专班二次赋分总额',
    en: 'The second allocation must add up to the task force’s allocation pool',
  },
  'task-force-not-leader': {
    'zh-CN': '只有专班组长可以进行此操作',
    en: 'Only the task force’s leader can do this',
  },
  'document-not-found': { 'zh-CN': '文件不存在', en: 'Document not found' },
  'document-invalid': { 'zh-CN': '文件内容不符合要求', en: 'The document is not valid' },
  'notification-not-found': { 'zh-CN': '通知不存在', en: 'Notification not found' },
} as const satisfies Record<string, LocalText>;

/** A work error code. */
export type WorkErrorCode = keyof typeof workErrorCatalogue;

/**
 * One problem found by a work validator: the error code (from `workErrorCatalogue`), where it
 * is (`steps[2].plannedEnd`, `roleShares.handler`, `allocations[0].points`) and what is wrong.
 */
export interface WorkProblem {
  readonly code: WorkErrorCode;
  readonly path: string;
  readonly message: LocalText;
}

/** Build a problem. */
export function workProblem(
  code: WorkErrorCode,
  path: string,
  zh: string,
  en: string,
): WorkProblem {
  return { code, path, message: { 'zh-CN': zh, en } };
}
