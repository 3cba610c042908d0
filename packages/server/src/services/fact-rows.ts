/**
 * Rows of the bulk-facts sheet → fact inputs, with every problem named by row, column and
 * reason (the people import's shape). The recording rules themselves are core's
 * `checkFactRecording`; this module only reads the text cells.
 */
import {
  errorCatalogue,
  isDecimal,
  isErrorCode,
  type LocalText,
  type Method,
  type NewFactInput,
  type RawImportRow,
  type SchemeNode,
} from '@tianheng/core';
import { FACTS_SHEET, factColumns, type FactColumnKey } from '../excel/assessment-workbook.ts';

/** Reasons a row can fail before the recording rules run. */
export const factRowReasons = {
  required: { 'zh-CN': '必填项为空', en: 'Required value is missing' },
  'too-long': { 'zh-CN': '内容过长', en: 'The text is too long' },
  'unknown-subject-kind': {
    'zh-CN': '对象类型应为“人员”或“单位”',
    en: 'The subject kind must be 人员 (person) or 单位 (unit)',
  },
  'unknown-staff-no': { 'zh-CN': '没有该工号的人员', en: 'No person has this staff number' },
  'unknown-unit-code': { 'zh-CN': '没有该编码的单位', en: 'No unit has this code' },
  'bad-decimal': {
    'zh-CN': '应为数字，最多 4 位小数',
    en: 'Must be a number with at most 4 decimals',
  },
  'unknown-part': {
    'zh-CN': '部分应为“基础”或“二次分配”',
    en: 'The part must be 基础 (base) or 二次分配 (allocation)',
  },
  'bad-id': { 'zh-CN': '记录 ID 格式不正确', en: 'Not a fact id' },
  'duplicate-correction': {
    'zh-CN': '与文件中前面的行更正同一条记录',
    en: 'An earlier row corrects the same fact',
  },
} as const satisfies Record<string, LocalText>;

/** One problem of a bulk-facts upload. */
export interface FactRowError {
  readonly sheet: string;
  readonly row: number;
  /** The column header as in the file, e.g. 指标编码. */
  readonly column: string;
  /** A reason of {@link factRowReasons} or an error code of the catalogue. */
  readonly reason: string;
  readonly message: LocalText;
  readonly value?: string;
}

/** A row read into a fact input, with its row number. */
export interface FactRowInput {
  readonly row: number;
  readonly input: NewFactInput;
}

/** What the rows are checked against. */
export interface FactRowLookups {
  readonly periodId: string;
  readonly personByStaffNo: ReadonlyMap<string, string>;
  readonly unitByCode: ReadonlyMap<string, string>;
  readonly leaves: ReadonlyMap<string, SchemeNode>;
  /** The person recording (a rating's rater); null for the system. */
  readonly recorder: string | null;
}

const headerOf = (key: FactColumnKey): string =>
  factColumns.find((c) => c.key === key)?.header ?? key;

/** The payload key the 细项 column fills for a method, if any. */
export function detailKey(method: Method): string | null {
  switch (method.kind) {
    case 'deduction':
      return 'item';
    case 'graded-choice':
      return 'option';
    case 'external-lookup':
      return 'grade';
    case 'rating-average':
      return 'group';
    case 'task-force':
      return 'taskForce';
    case 'clause':
      return 'clause';
    case 'rank-table':
    case 'discretionary':
    case 'threshold':
    case 'workflow':
    case 'okr':
    case 'kpi':
      return null;
  }
}

/** The keys the 细项 column accepts for a method (for the template's indicator sheet). */
export function detailChoices(method: Method): string[] {
  switch (method.kind) {
    case 'deduction':
      return method.items.map((i) => i.key);
    case 'graded-choice':
      return method.options.map((o) => o.key);
    case 'external-lookup':
      return (method.grades ?? []).map((g) => g.key);
    case 'rating-average':
      return method.groups.map((g) => g.key);
    case 'clause':
      return method.clauses.map((c) => c.key);
    case 'rank-table':
    case 'task-force':
    case 'discretionary':
    case 'threshold':
    case 'workflow':
    case 'okr':
    case 'kpi':
      return [];
  }
}

const partOf: Readonly<Record<string, 'base' | 'allocation'>> = {
  基础: 'base',
  base: 'base',
  二次分配: 'allocation',
  allocation: 'allocation',
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which column a recording rule's field points at. */
export function columnOfField(field: string | undefined): string {
  if (field === undefined) return headerOf('indicator');
  if (field === 'value') return headerOf('value');
  if (field === 'payload.part') return headerOf('part');
  if (field.startsWith('payload')) return headerOf('detail');
  if (field.startsWith('evidence')) return headerOf('note');
  if (field.startsWith('subject')) return headerOf('subject');
  if (field === 'supersedes') return headerOf('supersedes');
  return headerOf('indicator');
}

/** An error entry for a catalogue code (recording rules, access, corrections). */
export function codeError(row: number, code: string, field?: string, value?: string): FactRowError {
  return {
    sheet: FACTS_SHEET,
    row,
    column: columnOfField(field),
    reason: code,
    message: isErrorCode(code) ? errorCatalogue[code] : { 'zh-CN': code, en: code },
    ...(value === undefined || value === '' ? {} : { value }),
  };
}

/**
 * Read the text rows into fact inputs. Every cell problem is reported; rows with problems
 * produce no input. The recording rules are checked afterwards, per input.
 */
export function readFactRows(
  rows: readonly RawImportRow<FactColumnKey>[],
  lookups: FactRowLookups,
): { inputs: FactRowInput[]; errors: FactRowError[] } {
  const inputs: FactRowInput[] = [];
  const errors: FactRowError[] = [];
  const corrected = new Set<string>();
  for (const { row, cells } of rows) {
    const rowErrors: FactRowError[] = [];
    const fail = (key: FactColumnKey, reason: keyof typeof factRowReasons) =>
      rowErrors.push({
        sheet: FACTS_SHEET,
        row,
        column: headerOf(key),
        reason,
        message: factRowReasons[reason],
        ...(cells[key] ? { value: cells[key] } : {}),
      });
    for (const c of factColumns) {
      const text = cells[c.key] ?? '';
      if (c.required && text === '') fail(c.key, 'required');
      else if (text.length > c.maxLength) fail(c.key, 'too-long');
    }
    const kindText = cells.subjectKind ?? '';
    const kind =
      kindText === '人员' || kindText === 'person'
        ? 'person'
        : kindText === '单位' || kindText === 'unit'
          ? 'unit'
          : null;
    if (kindText !== '' && kind === null) fail('subjectKind', 'unknown-subject-kind');
    const code = cells.subject ?? '';
    const subjectId =
      kind === 'person'
        ? lookups.personByStaffNo.get(code)
        : kind === 'unit'
          ? lookups.unitByCode.get(code)
          : undefined;
    if (kind !== null && code !== '' && subjectId === undefined)
      fail('subject', kind === 'person' ? 'unknown-staff-no' : 'unknown-unit-code');
    const valueText = cells.value ?? '';
    if (valueText !== '' && !isDecimal(valueText)) fail('value', 'bad-decimal');
    const partText = cells.part ?? '';
    const part = partText === '' ? undefined : partOf[partText];
    if (partText !== '' && part === undefined) fail('part', 'unknown-part');
    const supersedes = cells.supersedes ?? '';
    if (supersedes !== '' && !uuidPattern.test(supersedes)) fail('supersedes', 'bad-id');
    else if (supersedes !== '' && corrected.has(supersedes.toLowerCase()))
      fail('supersedes', 'duplicate-correction');
    if (supersedes !== '') corrected.add(supersedes.toLowerCase());

    const indicator = cells.indicator ?? '';
    const method = lookups.leaves.get(indicator)?.method;
    if (rowErrors.length > 0 || kind === null || subjectId === undefined) {
      errors.push(...rowErrors);
      continue;
    }
    const payload: Record<string, unknown> = {};
    const detail = cells.detail ?? '';
    const key = method ? detailKey(method) : null;
    if (key !== null && detail !== '') payload[key] = detail;
    if (part !== undefined) payload.part = part;
    if (method?.kind === 'rating-average' && lookups.recorder !== null)
      payload.rater = lookups.recorder;
    const note = cells.note ?? '';
    inputs.push({
      row,
      input: {
        periodId: lookups.periodId,
        subject: { kind, id: subjectId },
        indicator,
        value: valueText === '' ? null : valueText,
        payload,
        source: 'manual',
        evidence: note === '' ? {} : { note },
        supersedes: supersedes === '' ? null : supersedes.toLowerCase(),
      },
    });
  }
  return { inputs, errors };
}
