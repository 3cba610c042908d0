import type ExcelJS from 'exceljs';
import {
  genderLabels,
  genders,
  importSheets,
  personColumns,
  rankLabels,
  ranks,
  unitColumns,
  unitKindLabels,
  unitKinds,
  type ImportColumn,
  type PersonColumnKey,
  type RawImport,
  type RawImportRow,
  type UnitColumnKey,
} from '@tianheng/core';
import { AppError } from '../errors.ts';

/**
 * A new workbook. exceljs is loaded on the first export or import, not when the server
 * starts: it is a quarter of a second of module loading that most starts never need (ADR 0013).
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import('exceljs');
  return new excel.Workbook();
}

/** Name of the instructions sheet (说明); it is never read as data. */
export const INSTRUCTIONS_SHEET = '说明';
/** Most data rows a sheet may hold: beyond a county's size, and a guard against inflated files. */
export const MAX_IMPORT_ROWS = 100_000;
/** Rows the template's drop-down lists cover. */
const VALIDATED_ROWS = 5000;

/** The MIME type of .xlsx files. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const fileInvalid = (details?: Record<string, unknown>): AppError =>
  new AppError('import-file-invalid', 'file', details);

/** Column letter of a 1-based column number (1 → A, 27 → AA). */
function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26))
    s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** Add a data sheet with its header row styled and frozen. */
export function addDataSheet<K extends string>(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly ImportColumn<K>[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.min(Math.max(c.header.length * 2 + 6, 12), 30),
    style: { numFmt: '@' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell, col) => {
    const column = columns[col - 1];
    if (column?.required)
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
    cell.note = `${column?.hint['zh-CN'] ?? ''}\n${column?.hint.en ?? ''}`;
  });
  return sheet;
}

function addListValidation<K extends string>(
  sheet: ExcelJS.Worksheet,
  columns: readonly ImportColumn<K>[],
  key: K,
  values: readonly string[],
): void {
  const letter = columnLetter(columns.findIndex((c) => c.key === key) + 1);
  for (let row = 2; row <= VALIDATED_ROWS; row++) {
    sheet.getCell(`${letter}${row}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
    };
  }
}

/**
 * The import template: empty 单位 and 人员 sheets with Chinese headers (required ones
 * shaded, each with a note), drop-down lists for kinds, genders and ranks, and a 说明
 * sheet with instructions and example rows, so a filled template imports cleanly.
 */
export async function buildTemplateWorkbook(): Promise<Buffer> {
  const workbook = await newWorkbook();
  const units = addDataSheet(workbook, importSheets.units, unitColumns);
  addListValidation(
    units,
    unitColumns,
    'kind',
    unitKinds.map((k) => unitKindLabels[k]['zh-CN']),
  );
  const people = addDataSheet(workbook, importSheets.people, personColumns);
  addListValidation(
    people,
    personColumns,
    'gender',
    genders.map((g) => genderLabels[g]['zh-CN']),
  );
  addListValidation(
    people,
    personColumns,
    'rank',
    ranks.map((r) => rankLabels[r]['zh-CN']),
  );

  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  help.columns = [{ width: 14 }, { width: 14 }, { width: 10 }, { width: 60 }, { width: 60 }];
  const lines: (string | null)[][] = [
    ['导入说明 / How to import'],
    [
      '在“单位”和“人员”两张表中从第 2 行起填写数据，不要修改表头。整个文件有任何一行错误时，不会写入任何数据，并列出每个错误所在的表、行和列。',
    ],
    [
      'Fill the 单位 (units) and 人员 (people) sheets from row 2 without changing the headers. If any row is wrong nothing is written and every error is listed by sheet, row and column.',
    ],
    [],
    ['表 / Sheet', '列 / Column', '必填 / Required', '说明', 'Notes'],
  ];
  for (const [sheet, columns] of [
    [importSheets.units, unitColumns],
    [importSheets.people, personColumns],
  ] as const) {
    for (const c of columns as readonly ImportColumn<string>[])
      lines.push([
        sheet,
        c.header,
        c.required ? '是 / yes' : '否 / no',
        c.hint['zh-CN'],
        c.hint.en,
      ]);
  }
  lines.push(
    [],
    ['示例 / Example: 单位'],
    unitColumns.map((c) => c.header),
    ['C001', '某某县', '县', ''],
    ['T001', '东城镇', '镇', 'C001'],
    ['V001', '桃园村', '村/社区', 'T001'],
    [],
    ['示例 / Example: 人员'],
    personColumns.map((c) => c.header),
    [
      'A0001',
      '张三',
      '男',
      '1985-06-01',
      '13800000000',
      'T001',
      '副镇长',
      '副科级',
      '农业、安全生产',
      'V001',
      '2024-01-01',
    ],
  );
  for (const line of lines) help.addRow(line);
  help.getRow(1).font = { bold: true, size: 14 };
  help.getRow(5).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The text of a cell as a user sees it: dates as YYYY-MM-DD, rich text flattened, formulas by result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates have no zone; exceljs hands them over as UTC midnight.
    if (Number.isNaN(value.getTime())) return '';
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return cellText(value.text);
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('error' in value) return '';
  return '';
}

/**
 * Read a data sheet as text rows keyed by column, matching headers by text. A sheet with too
 * many rows or without a required column is `import-file-invalid`; a missing sheet is no rows.
 */
export function readSheet<K extends string>(
  sheet: ExcelJS.Worksheet | undefined,
  columns: readonly ImportColumn<K>[],
): RawImportRow<K>[] {
  if (!sheet) return [];
  if (sheet.rowCount - 1 > MAX_IMPORT_ROWS)
    throw fileInvalid({ sheet: sheet.name, reason: 'too-many-rows', limit: MAX_IMPORT_ROWS });
  const byHeader = new Map(columns.map((c) => [c.header, c.key]));
  const keyOfColumn = new Map<number, K>();
  sheet.getRow(1).eachCell((cell, col) => {
    const key = byHeader.get(cellText(cell.value).trim());
    if (key !== undefined) keyOfColumn.set(col, key);
  });
  const present = new Set(keyOfColumn.values());
  const missing = columns.filter((c) => c.required && !present.has(c.key)).map((c) => c.header);
  if (missing.length > 0) throw fileInvalid({ sheet: sheet.name, missingColumns: missing });
  const rows: RawImportRow<K>[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Partial<Record<K, string>> = {};
    for (const [col, key] of keyOfColumn) cells[key] = cellText(row.getCell(col).value).trim();
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/**
 * Read the 单位 and 人员 sheets of an uploaded workbook as text rows. A file that is not
 * an .xlsx workbook, lacks both sheets or a required column is `import-file-invalid`.
 */
export async function parseImportWorkbook(buffer: Buffer): Promise<RawImport> {
  const workbook = await loadWorkbook(buffer);
  const units = workbook.getWorksheet(importSheets.units);
  const people = workbook.getWorksheet(importSheets.people);
  if (!units && !people)
    throw fileInvalid({ missingSheets: [importSheets.units, importSheets.people] });
  return {
    units: readSheet<UnitColumnKey>(units, unitColumns),
    people: readSheet<PersonColumnKey>(people, personColumns),
  };
}

/**
 * Load an uploaded .xlsx for reading data: anything that is not a readable workbook is
 * `import-file-invalid` (field `file`).
 */
export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  // An .xlsx file is a zip archive: refuse anything else before handing it to the parser.
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) throw fileInvalid();
  const workbook = await newWorkbook();
  try {
    // Drop-down lists and formatting may span whole columns and expand to a million
    // cells when read: the import needs neither. maxRows stops oversized sheets early.
    const options = {
      ignoreNodes: ['dataValidations', 'conditionalFormatting', 'hyperlinks', 'drawing', 'picture'],
      maxRows: MAX_IMPORT_ROWS + 1,
      maxCols: 200,
    };
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer, options);
  } catch (error) {
    throw new AppError('import-file-invalid', 'file', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  return workbook;
}

/** Build a workbook with 单位 and 人员 sheets filled from text rows (the export format is the import format). */
export async function buildDataWorkbook(data: {
  units: readonly Readonly<Record<UnitColumnKey, string>>[];
  people: readonly Readonly<Record<PersonColumnKey, string>>[];
}): Promise<Buffer> {
  const workbook = await newWorkbook();
  const units = addDataSheet(workbook, importSheets.units, unitColumns);
  for (const row of data.units) units.addRow(row);
  const people = addDataSheet(workbook, importSheets.people, personColumns);
  for (const row of data.people) people.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
