import type { Lang, LocalText } from './i18n.ts';
import { workErrorCatalogue } from './work/errors.ts';

/**
 * The closed catalogue of error codes the product returns. Each has a message in
 * every language; the server maps codes to HTTP status in one table.
 */
export const errorCatalogue = {
  'invalid-input': { 'zh-CN': '输入不符合要求', en: 'The input is not valid' },
  'body-too-large': { 'zh-CN': '提交的内容过大', en: 'The request body is too large' },
  'unsupported-media-type': { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  'not-found': { 'zh-CN': '对象不存在', en: 'Not found' },
  unauthenticated: { 'zh-CN': '请先登录', en: 'Please log in first' },
  'session-expired': {
    'zh-CN': '会话已过期，请重新登录',
    en: 'Your session has expired; please log in again',
  },
  forbidden: { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  'invalid-credentials': { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  'account-locked': {
    'zh-CN': '连续登录失败次数过多，账号已锁定，请稍后再试',
    en: 'Too many failed logins: the account is locked, try again later',
  },
  'account-disabled': { 'zh-CN': '账号已停用', en: 'The account is disabled' },
  'password-change-required': {
    'zh-CN': '首次登录须先修改初始密码',
    en: 'You must change your initial password first',
  },
  'password-too-short': { 'zh-CN': '密码长度不足', en: 'The password is too short' },
  'password-too-weak': {
    'zh-CN': '密码须包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'The password needs at least three of: upper case, lower case, digits, symbols',
  },
  'password-same-as-old': {
    'zh-CN': '新密码不能与原密码相同',
    en: 'The new password must differ from the old one',
  },
  'wrong-current-password': { 'zh-CN': '原密码不正确', en: 'The current password is wrong' },
  'username-taken': { 'zh-CN': '用户名已被使用', en: 'The username is already taken' },
  'code-taken': { 'zh-CN': '编码已被使用', en: 'The code is already in use' },
  'staff-no-taken': { 'zh-CN': '工号已被使用', en: 'The staff number is already in use' },
  'unit-parent-kind-invalid': {
    'zh-CN': '该类型的单位不能设在所选上级单位之下',
    en: 'A unit of this kind cannot sit under the chosen parent',
  },
  'unit-move-cycle': {
    'zh-CN': '不能把单位移动到它自己或其下级单位之下',
    en: 'A unit cannot move under itself or one of its descendants',
  },
  'unit-root-exists': {
    'zh-CN': '每个机构只能有一个县级根单位',
    en: 'A tenant has exactly one root unit',
  },
  'person-not-found': { 'zh-CN': '人员不存在', en: 'Person not found' },
  'unit-not-found': { 'zh-CN': '单位不存在', en: 'Unit not found' },
  'effective-date-invalid': {
    'zh-CN': '生效日期不能早于当前任职的开始日期',
    en: 'The effective date cannot precede the start of the current assignment',
  },
  'import-invalid': {
    'zh-CN': '导入文件有错误，未写入任何数据',
    en: 'The import file has errors; nothing was written',
  },
  'attachment-invalid': {
    'zh-CN': '附件无效：文件为空、类型不受支持，或附件引用格式错误',
    en: 'Invalid attachment: the file is empty, of a type not accepted, or the reference is malformed',
  },
  'attachment-not-found': {
    'zh-CN': '附件不存在或内容不符',
    en: 'Attachment not found, or its content does not match the reference',
  },
  'import-file-invalid': {
    'zh-CN': '无法读取文件，请使用下载的 Excel 模板',
    en: 'The file cannot be read; please use the downloaded Excel template',
  },
  'grant-unit-required': {
    'zh-CN': '本单位或下级范围的授权必须指定单位',
    en: 'A grant scoped to a unit or subtree needs a unit',
  },
  'cannot-change-own-grants': {
    'zh-CN': '不能修改自己的角色授权',
    en: 'You cannot change your own role grants',
  },
  'cannot-disable-self': {
    'zh-CN': '不能停用自己的账号',
    en: 'You cannot disable your own account',
  },
  'audit-immutable': {
    'zh-CN': '审计日志不可修改或删除',
    en: 'The audit log cannot be edited or deleted',
  },
  'scheme-invalid': {
    'zh-CN': '考核办法有错误，未保存',
    en: 'The scheme has problems; it was not saved',
  },
  'scheme-not-found': { 'zh-CN': '考核办法不存在', en: 'Scheme not found' },
  'period-not-found': { 'zh-CN': '考核周期不存在', en: 'Period not found' },
  'period-dates-invalid': {
    'zh-CN': '考核周期的结束日期不能早于开始日期',
    en: 'A period cannot end before it starts',
  },
  'period-closed': {
    'zh-CN': '考核周期已关闭，不能再修改',
    en: 'The period is closed and cannot change',
  },
  'period-not-closed': { 'zh-CN': '考核周期尚未关闭', en: 'The period is not closed' },
  'fact-not-found': { 'zh-CN': '记录不存在', en: 'Fact not found' },
  'fact-superseded': {
    'zh-CN': '该记录已被更正，请更正最新的记录',
    en: 'This fact was already corrected; correct the latest one',
  },
  'person-not-in-period': {
    'zh-CN': '该人员不在本考核期的考核范围内（考核方案适用于其他单位）',
    en: 'This person is not assessed in this period (its scheme is for other units)',
  },
  'fact-own-score': {
    'zh-CN': '不能录入影响本人得分的记录',
    en: 'You cannot record a fact about your own score',
  },
  'fact-reason-required': {
    'zh-CN': '综合赋分调整必须填写理由',
    en: 'A discretionary adjustment needs a reason',
  },
  'indicator-unknown': {
    'zh-CN': '考核办法中没有该末级指标',
    en: 'The scheme has no such leaf indicator',
  },
  'indicator-not-applicable': {
    'zh-CN': '该指标不适用于此考核对象',
    en: 'This indicator does not apply to the subject',
  },
  'fact-subject-invalid': {
    'zh-CN': '该指标的记录对象类型不对（应为人员或单位）',
    en: 'Wrong kind of subject for this indicator (person or unit)',
  },
  'fact-value-invalid': {
    'zh-CN': '记录的数值或内容不符合该指标的计分方法',
    en: 'The value or details do not fit the indicator’s scoring method',
  },
  'signal-not-found': { 'zh-CN': '预警提示不存在', en: 'Signal not found' },
  'signal-decided': {
    'zh-CN': '该提示已有处理结果',
    en: 'This signal has already been decided',
  },
  'internal-error': { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  ...workErrorCatalogue,
} as const satisfies Record<string, LocalText>;

/** Every error code the product can return. */
export type ErrorCode = keyof typeof errorCatalogue;

/** The human message for an error code in the given language. */
export function errorMessage(code: ErrorCode, lang: Lang): string {
  return errorCatalogue[code][lang];
}

/** True when a string is a known error code. */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCatalogue, value);
}
