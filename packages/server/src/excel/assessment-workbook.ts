/**
 * Excel for the assessment engine: the bulk-facts template (sheet 事实 + the scheme's
 * indicators 指标 + instructions 说明), reading a filled template, and the results export
 * (sheets 结果 and 奖金).
 */
import type { ImportColumn, LocalText, RawImportRow } from '@tianheng/core';
import { AppError } from '../errors.ts';
import {
  addDataSheet,
  INSTRUCTIONS_SHEET,
  loadWorkbook,
  newWorkbook,
  readSheet,
} from './import-workbook.ts';

/** Name of the facts sheet. */
export const FACTS_SHEET = '事实';
/** Name of the indicator reference sheet (never read). */
export const INDICATORS_SHEET = '指标';

/** Keys of the columns of the facts sheet. */
export type FactColumnKey =
  'subjectKind' | 'subject' | 'indicator' | 'value' | 'detail' | 'part' | 'note' | 'supersedes';

/** Columns of the facts sheet, in order. */
export const factColumns: readonly ImportColumn<FactColumnKey>[] = [
  {
    key: 'subjectKind',
    header: '对象类型',
    required: true,
    maxLength: 10,
    hint: { 'zh-CN': '人员 或 单位', en: 'Person (人员) or unit (单位)' },
  },
  {
    key: 'subject',
    header: '工号或单位编码',
    required: true,
    maxLength: 64,
    hint: { 'zh-CN': '人员填工号，单位填单位编码', en: 'Staff number of a person, code of a unit' },
  },
  {
    key: 'indicator',
    header: '指标编码',
    required: true,
    maxLength: 100,
    hint: { 'zh-CN': '见“指标”表的编码列', en: 'The key column of the 指标 sheet' },
  },
  {
    key: 'value',
    header: '数值',
    required: false,
    maxLength: 20,
    hint: {
      'zh-CN': '次数、名次、分值或指标值（数字，最多 4 位小数）；等次类可留空',
      en: 'A count, rank, points or metric (a number, at most 4 decimals); empty for choices',
    },
  },
  {
    key: 'detail',
    header: '细项',
    required: false,
    maxLength: 100,
    hint: {
      'zh-CN': '扣分项、等次、条款、评价组、专班或等级的编码（见“指标”表）',
      en: 'The item, option, clause, rater group, task force or grade key (see 指标)',
    },
  },
  {
    key: 'part',
    header: '部分',
    required: false,
    maxLength: 20,
    hint: {
      'zh-CN': '专班：基础 或 二次分配',
      en: 'Task force: 基础 (base) or 二次分配 (allocation)',
    },
  },
  {
    key: 'note',
    header: '说明',
    required: false,
    maxLength: 2000,
    hint: {
      'zh-CN': '依据或理由；酌情加减分必填',
      en: 'Evidence or reason; required for discretionary adjustments',
    },
  },
  {
    key: 'supersedes',
    header: '更正事实ID',
    required: false,
    maxLength: 36,
    hint: {
      'zh-CN': '更正已有记录时填写被更正记录的 ID',
      en: 'The id of the fact this row corrects, if any',
    },
  },
];

/** One leaf indicator as the template lists it. */
export interface IndicatorLine {
  readonly key: string;
  readonly label: LocalText;
  readonly method: string;
  readonly max: string | null;
  /** Keys the 细项 column accepts for this indicator (items, options, clauses, groups, grades). */
  readonly details: readonly string[];
}

/** The bulk-facts template for one period: empty 事实 sheet, the scheme's indicators, instructions. */
export async function buildFactTemplateWorkbook(
  periodName: string,
  indicators: readonly IndicatorLine[],
): Promise<Buffer> {
  const workbook = await newWorkbook();
  const facts = addDataSheet(workbook, FACTS_SHEET, factColumns);
  for (let row = 2; row <= 2000; row++)
    facts.getCell(`A${row}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"人员,单位"'],
    };
  const list = workbook.addWorksheet(INDICATORS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = [
    { header: '编码 key', width: 28 },
    { header: '名称', width: 30 },
    { header: 'Name', width: 30 },
    { header: '方法 method', width: 18 },
    { header: '满分 max', width: 10 },
    { header: '细项 details', width: 50 },
  ];
  list.getRow(1).font = { bold: true };
  for (const i of indicators)
    list.addRow([i.key, i.label['zh-CN'], i.label.en, i.method, i.max ?? '', i.details.join('、')]);
  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  help.columns = [{ width: 16 }, { width: 10 }, { width: 60 }, { width: 60 }];
  help.addRow([`批量录入考核事实 / Bulk facts — ${periodName}`]).font = { bold: true, size: 14 };
  help.addRow([
    '在“事实”表第 2 行起每行填写一条事实。任何一行有错误时不写入任何数据，并列出每个错误所在的行、列和原因。不能录入与自己得分有关的事实。',
  ]);
  help.addRow([
    'One fact per row of 事实 from row 2. If any row is wrong nothing is written and every error is listed by row, column and reason. Nobody may record a fact about their own score.',
  ]);
  help.addRow([]);
  help.addRow(['列 / Column', '必填', '说明', 'Notes']).font = { bold: true };
  for (const c of factColumns)
    help.addRow([c.header, c.required ? '是 / yes' : '否 / no', c.hint['zh-CN'], c.hint.en]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Read the 事实 sheet of an uploaded workbook as text rows; no such sheet is `import-file-invalid`. */
export async function parseFactWorkbook(buffer: Buffer): Promise<RawImportRow<FactColumnKey>[]> {
  const workbook = await loadWorkbook(buffer);
  const sheet = workbook.getWorksheet(FACTS_SHEET);
  if (!sheet) throw new AppError('import-file-invalid', 'file', { missingSheets: [FACTS_SHEET] });
  return readSheet(sheet, factColumns).filter((row) =>
    Object.values(row.cells).some((v) => v !== undefined && v !== ''),
  );
}

/** One row of the results sheet, already formatted. */
export interface ResultSheetRow {
  readonly tenantRank: number;
  readonly unitRank: number;
  readonly staffNo: string;
  readonly name: string;
  readonly unitName: string;
  readonly assessmentUnitName: string;
  readonly post: string;
  readonly common: string;
  readonly individual: string;
  readonly total: string;
  readonly coefficient: string;
  readonly index: string;
  readonly grade: string;
  readonly boundaryTie: boolean;
  readonly bonusCents: number | null;
  readonly literalCents: number | null;
}

/** One unit's line of the bonus sheet. */
export interface BonusSheetRow {
  readonly unitName: string;
  readonly headcount: number;
  readonly poolCents: number;
  readonly allocatedCents: number;
  readonly literalTotalCents: number;
  readonly literalDifferenceCents: number;
}

const yuan = (cents: number | null): number | null => (cents === null ? null : cents / 100);

/** The results export: 结果 (one person a row, by tenant rank) and 奖金 (one unit a row). */
export async function buildResultsWorkbook(
  people: readonly ResultSheetRow[],
  units: readonly BonusSheetRow[],
): Promise<Buffer> {
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet('结果', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '全县排名', width: 10 },
    { header: '单位排名', width: 10 },
    { header: '工号', width: 12 },
    { header: '姓名', width: 12 },
    { header: '所在单位', width: 24 },
    { header: '考核单位', width: 24 },
    { header: '职务', width: 16 },
    { header: '共性得分', width: 10 },
    { header: '个性得分', width: 10 },
    { header: '总分', width: 10 },
    { header: '岗位系数', width: 10 },
    { header: '考核指数', width: 10 },
    { header: '等次', width: 14 },
    { header: '名额边界并列', width: 12 },
    { header: '奖金（元）', width: 12, style: { numFmt: '0.00' } },
    { header: '原公式奖金（元）', width: 16, style: { numFmt: '0.00' } },
  ];
  sheet.getRow(1).font = { bold: true };
  // Points stay text so Excel shows exactly the decimals the engine computed.
  for (const p of people)
    sheet.addRow([
      p.tenantRank,
      p.unitRank,
      p.staffNo,
      p.name,
      p.unitName,
      p.assessmentUnitName,
      p.post,
      p.common,
      p.individual,
      p.total,
      p.coefficient,
      p.index,
      p.grade,
      p.boundaryTie ? '是' : '',
      yuan(p.bonusCents),
      yuan(p.literalCents),
    ]);
  const bonus = workbook.addWorksheet('奖金', { views: [{ state: 'frozen', ySplit: 1 }] });
  bonus.columns = [
    { header: '考核单位', width: 24 },
    { header: '人数', width: 8 },
    { header: '奖金池（元）', width: 14, style: { numFmt: '0.00' } },
    { header: '已分配（元）', width: 14, style: { numFmt: '0.00' } },
    { header: '原公式合计（元）', width: 16, style: { numFmt: '0.00' } },
    { header: '原公式超支(+)/结余(-)（元）', width: 24, style: { numFmt: '0.00' } },
  ];
  bonus.getRow(1).font = { bold: true };
  for (const u of units)
    bonus.addRow([
      u.unitName,
      u.headcount,
      yuan(u.poolCents),
      yuan(u.allocatedCents),
      yuan(u.literalTotalCents),
      yuan(u.literalDifferenceCents),
    ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
