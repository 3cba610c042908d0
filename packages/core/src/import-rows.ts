import type { LocalText } from './i18n.ts';
import { canNest, unitKindLabels, unitKinds, type UnitKind } from './org.ts';
import {
  genderLabels,
  isIsoDate,
  parseGender,
  parseRank,
  rankLabels,
  type Gender,
  type Rank,
} from './people.ts';

/** The two data sheets of an import workbook (单位, 人员), by their names in the file. */
export const importSheets = { units: '单位', people: '人员' } as const;
/** A data sheet name as it appears in the workbook. */
export type ImportSheet = (typeof importSheets)[keyof typeof importSheets];

/** One column of an import sheet: its key, its header in the file and its limits. */
export interface ImportColumn<K extends string> {
  readonly key: K;
  readonly header: string;
  readonly required: boolean;
  readonly maxLength: number;
  /** What to write in the column, for the instructions sheet. */
  readonly hint: LocalText;
}

/** Keys of the columns of the units sheet. */
export type UnitColumnKey = 'code' | 'name' | 'kind' | 'parentCode';
/** Keys of the columns of the people sheet. */
export type PersonColumnKey =
  | 'staffNo'
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'phone'
  | 'unitCode'
  | 'post'
  | 'rank'
  | 'lines'
  | 'villageCodes'
  | 'validFrom';

const kindNames = unitKinds.map((k) => unitKindLabels[k]['zh-CN']).join('、');
const rankNames = Object.values(rankLabels)
  .map((l) => l['zh-CN'])
  .join('、');
const genderNames = Object.values(genderLabels)
  .map((l) => l['zh-CN'])
  .join('、');

/** Columns of the units sheet (单位), in file order. */
export const unitColumns: readonly ImportColumn<UnitColumnKey>[] = [
  {
    key: 'code',
    header: '编码',
    required: true,
    maxLength: 50,
    hint: { 'zh-CN': '单位唯一编码', en: 'Unique unit code' },
  },
  {
    key: 'name',
    header: '名称',
    required: true,
    maxLength: 100,
    hint: { 'zh-CN': '单位全称', en: 'Full unit name' },
  },
  {
    key: 'kind',
    header: '类型',
    required: true,
    maxLength: 20,
    hint: { 'zh-CN': `取值：${kindNames}`, en: `One of: ${unitKinds.join(', ')}` },
  },
  {
    key: 'parentCode',
    header: '上级编码',
    required: false,
    maxLength: 50,
    hint: {
      'zh-CN': '上级单位的编码（可在本表前后或系统中已有）；仅县级根单位留空',
      en: 'Code of the parent unit (in this sheet or already in the system); empty only for the county root',
    },
  },
];

/** Columns of the people sheet (人员), in file order. */
export const personColumns: readonly ImportColumn<PersonColumnKey>[] = [
  {
    key: 'staffNo',
    header: '工号',
    required: true,
    maxLength: 32,
    hint: { 'zh-CN': '人员唯一工号', en: 'Unique staff number' },
  },
  {
    key: 'name',
    header: '姓名',
    required: true,
    maxLength: 50,
    hint: { 'zh-CN': '姓名', en: 'Full name' },
  },
  {
    key: 'gender',
    header: '性别',
    required: true,
    maxLength: 10,
    hint: { 'zh-CN': `取值：${genderNames}`, en: 'male or female' },
  },
  {
    key: 'birthDate',
    header: '出生日期',
    required: false,
    maxLength: 10,
    hint: { 'zh-CN': '格式 YYYY-MM-DD，可留空', en: 'YYYY-MM-DD, optional' },
  },
  {
    key: 'phone',
    header: '手机',
    required: false,
    maxLength: 20,
    hint: { 'zh-CN': '手机号码，可留空', en: 'Mobile number, optional' },
  },
  {
    key: 'unitCode',
    header: '单位编码',
    required: true,
    maxLength: 50,
    hint: { 'zh-CN': '所在单位的编码', en: 'Code of the unit the person works in' },
  },
  {
    key: 'post',
    header: '职务',
    required: true,
    maxLength: 50,
    hint: { 'zh-CN': '职务名称', en: 'Post title' },
  },
  {
    key: 'rank',
    header: '职级',
    required: true,
    maxLength: 20,
    hint: { 'zh-CN': `取值：${rankNames}`, en: 'A rank code or label' },
  },
  {
    key: 'lines',
    header: '条线',
    required: false,
    maxLength: 500,
    hint: {
      'zh-CN': '业务条线名称，多个用“、”或“,”分隔；不存在的条线自动创建',
      en: 'Business line names separated by 、 or a comma; missing lines are created',
    },
  },
  {
    key: 'villageCodes',
    header: '联系村编码',
    required: false,
    maxLength: 1000,
    hint: {
      'zh-CN': '包联村/社区的单位编码，多个用“、”或“,”分隔',
      en: 'Codes of the villages the person is responsible for, separated by 、 or a comma',
    },
  },
  {
    key: 'validFrom',
    header: '任职日期',
    required: true,
    maxLength: 10,
    hint: { 'zh-CN': '现任职务起始日期 YYYY-MM-DD', en: 'Start of the current post, YYYY-MM-DD' },
  },
];

/** A row as read from a sheet: its row number in the file and its cells as text by column key. */
export interface RawImportRow<K extends string> {
  /** The row number in the workbook (the header is row 1). */
  readonly row: number;
  readonly cells: Readonly<Partial<Record<K, string>>>;
}

/** Both sheets of an import workbook, as text. */
export interface RawImport {
  readonly units: readonly RawImportRow<UnitColumnKey>[];
  readonly people: readonly RawImportRow<PersonColumnKey>[];
}

/** A valid unit row (单位). `parentCode` null marks the county root. */
export interface UnitImportRow {
  readonly code: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly parentCode: string | null;
}

/** A valid person row (人员) with their current assignment. */
export interface PersonImportRow {
  readonly staffNo: string;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string | null;
  readonly phone: string | null;
  readonly unitCode: string;
  readonly post: string;
  readonly rank: Rank;
  readonly lines: readonly string[];
  readonly villageCodes: readonly string[];
  readonly validFrom: string;
}

/** What the tenant already holds that an import must agree with. */
export interface ImportBaseline {
  /** Kinds of the existing units by code (units without a code cannot be referenced). */
  readonly unitKinds: ReadonlyMap<string, UnitKind>;
  readonly staffNos: ReadonlySet<string>;
  /** True when the tenant already has its root unit. */
  readonly hasRoot: boolean;
}

/** Why a cell was refused. */
export const importReasons = {
  required: { 'zh-CN': '必填项为空', en: 'Required value is missing' },
  'too-long': { 'zh-CN': '内容过长', en: 'The text is too long' },
  'unknown-kind': { 'zh-CN': '单位类型无法识别', en: 'Unknown unit kind' },
  'unknown-rank': { 'zh-CN': '职级无法识别', en: 'Unknown rank' },
  'unknown-gender': { 'zh-CN': '性别无法识别', en: 'Unknown gender' },
  'bad-date': { 'zh-CN': '日期无效，应为 YYYY-MM-DD', en: 'Invalid date; use YYYY-MM-DD' },
  'bad-phone': { 'zh-CN': '手机号码格式不正确', en: 'Invalid phone number' },
  'duplicate-in-file': { 'zh-CN': '与文件中前面的行重复', en: 'Duplicates an earlier row' },
  'already-exists': { 'zh-CN': '系统中已存在', en: 'Already exists in the system' },
  'unknown-parent': { 'zh-CN': '上级编码不存在', en: 'No unit has this parent code' },
  'unknown-unit': { 'zh-CN': '单位编码不存在', en: 'No unit has this code' },
  'unknown-village': { 'zh-CN': '联系村编码不存在', en: 'No unit has this village code' },
  'not-a-village': { 'zh-CN': '该编码不是村/社区', en: 'This code is not a village' },
  'parent-kind-invalid': {
    'zh-CN': '该类型的单位不能设在此上级之下',
    en: 'A unit of this kind cannot sit under this parent',
  },
  'root-exists': {
    'zh-CN': '只能有一个县级根单位（上级编码为空）',
    en: 'Only one root unit (empty parent code) is allowed',
  },
  'parent-cycle': { 'zh-CN': '上级关系形成循环', en: 'The parent codes form a cycle' },
} as const satisfies Record<string, LocalText>;
/** A reason code for a refused cell. */
export type ImportReason = keyof typeof importReasons;

/** One refused cell: where it is and why, with the message in both languages. */
export interface ImportError {
  readonly sheet: ImportSheet;
  readonly row: number;
  /** The column header as in the file, e.g. 上级编码. */
  readonly column: string;
  readonly reason: ImportReason;
  readonly message: LocalText;
  /** The offending value, when there is one. */
  readonly value?: string;
}

/** The outcome of validating an import: typed rows (units parents first) or every error found. */
export type ImportValidation =
  | {
      readonly ok: true;
      readonly value: {
        readonly units: readonly UnitImportRow[];
        readonly people: readonly PersonImportRow[];
      };
    }
  | { readonly ok: false; readonly reason: 'import-invalid'; readonly errors: ImportError[] };

const kindAliases: Readonly<Record<string, UnitKind>> = {
  村: 'village',
  社区: 'village',
  股室: 'section',
  站所: 'section',
  县直部门: 'department',
  'task force': 'task_force',
};

/** Find a unit kind by its code, its Chinese or English label, or a common alias (村, 社区, 股室). */
export function parseUnitKind(text: string): UnitKind | undefined {
  const t = text.trim();
  const lower = t.toLowerCase();
  return (
    unitKinds.find(
      (k) =>
        k === lower ||
        unitKindLabels[k]['zh-CN'] === t ||
        unitKindLabels[k].en.toLowerCase() === lower,
    ) ?? kindAliases[lower]
  );
}

/** Read a date written as YYYY-MM-DD, YYYY/M/D or YYYY.M.D as `YYYY-MM-DD`; undefined when invalid. */
export function normaliseDate(text: string): string | undefined {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const [, y = '', m = '', d = ''] = match;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** Split a list cell on 、 , ， ; ； into trimmed, distinct, non-empty items. */
export function splitListCell(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、,，;；]/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

/** Text rows from typed rows, so typed input (CLI, demo) passes the very same validation. */
export function toRawImport(input: {
  readonly units: readonly UnitImportRow[];
  readonly people: readonly PersonImportRow[];
}): RawImport {
  return {
    units: input.units.map((u, i) => ({
      row: i + 2,
      cells: { code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode ?? '' },
    })),
    people: input.people.map((p, i) => ({
      row: i + 2,
      cells: {
        staffNo: p.staffNo,
        name: p.name,
        gender: p.gender,
        birthDate: p.birthDate ?? '',
        phone: p.phone ?? '',
        unitCode: p.unitCode,
        post: p.post,
        rank: p.rank,
        lines: p.lines.join('、'),
        villageCodes: p.villageCodes.join('、'),
        validFrom: p.validFrom,
      },
    })),
  };
}

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

/** Collects errors of one sheet and reads its cells. */
class SheetReader<K extends string> {
  constructor(
    private readonly sheet: ImportSheet,
    private readonly columns: readonly ImportColumn<K>[],
    private readonly errors: ImportError[],
  ) {}

  fail(row: number, key: K, reason: ImportReason, value?: string): void {
    const column = this.columns.find((c) => c.key === key)?.header ?? key;
    this.errors.push({
      sheet: this.sheet,
      row,
      column,
      reason,
      message: importReasons[reason],
      ...(value === undefined || value === '' ? {} : { value }),
    });
  }

  /** The trimmed text of a cell, checked for presence and length; undefined after an error or when empty. */
  text(raw: RawImportRow<K>, key: K): string | undefined {
    const column = this.columns.find((c) => c.key === key);
    const value = (raw.cells[key] ?? '').trim();
    if (value === '') {
      if (column?.required) this.fail(raw.row, key, 'required');
      return undefined;
    }
    if (column && [...value].length > column.maxLength) {
      this.fail(raw.row, key, 'too-long');
      return undefined;
    }
    return value;
  }

  /** A parsed enumeration or date cell; records `reason` when present but unreadable. */
  parsed<T>(
    raw: RawImportRow<K>,
    key: K,
    parse: (text: string) => T | undefined,
    reason: ImportReason,
  ): T | undefined {
    const text = this.text(raw, key);
    if (text === undefined) return undefined;
    const value = parse(text);
    if (value === undefined) this.fail(raw.row, key, reason, text);
    return value;
  }
}

function isEmptyRow(raw: RawImportRow<string>): boolean {
  return Object.values(raw.cells).every((v) => v === undefined || String(v).trim() === '');
}

/**
 * Validate both sheets of an import against each other and what the tenant already holds.
 * Every bad cell is reported (not only the first), named by sheet, row and column header.
 * Parents may appear before or after their children; valid units come back parents first.
 * Rows whose cells are all empty are ignored.
 */
export function validateImportRows(raw: RawImport, baseline: ImportBaseline): ImportValidation {
  const errors: ImportError[] = [];
  const units = new SheetReader(importSheets.units, unitColumns, errors);
  const people = new SheetReader(importSheets.people, personColumns, errors);

  interface UnitDraft {
    row: number;
    code: string;
    name: string | undefined;
    kind: UnitKind | undefined;
    parentCode: string | null;
  }
  const drafts: UnitDraft[] = [];
  const fileUnits = new Map<string, UnitDraft>();
  for (const r of raw.units) {
    if (isEmptyRow(r)) continue;
    const code = units.text(r, 'code');
    const name = units.text(r, 'name');
    const kind = units.parsed(r, 'kind', parseUnitKind, 'unknown-kind');
    const parentCode = units.text(r, 'parentCode') ?? null;
    if (code === undefined) continue;
    if (fileUnits.has(code)) {
      units.fail(r.row, 'code', 'duplicate-in-file', code);
      continue;
    }
    if (baseline.unitKinds.has(code)) units.fail(r.row, 'code', 'already-exists', code);
    const draft = { row: r.row, code, name, kind, parentCode };
    fileUnits.set(code, draft);
    drafts.push(draft);
  }
  /** The kind behind a code, from the file or the tenant; null when the kind itself was bad. */
  const kindOf = (code: string): UnitKind | null | undefined => {
    const inFile = fileUnits.get(code);
    if (inFile) return inFile.kind ?? null;
    return baseline.unitKinds.get(code);
  };

  let roots = baseline.hasRoot ? 1 : 0;
  for (const d of drafts) {
    if (d.parentCode === null) {
      roots += 1;
      if (roots > 1) units.fail(d.row, 'parentCode', 'root-exists');
      else if (d.kind !== undefined && !canNest(d.kind, null))
        units.fail(d.row, 'kind', 'parent-kind-invalid', d.kind);
      continue;
    }
    const parentKind = kindOf(d.parentCode);
    if (parentKind === undefined) units.fail(d.row, 'parentCode', 'unknown-parent', d.parentCode);
    else if (parentKind !== null && d.kind !== undefined && !canNest(d.kind, parentKind))
      units.fail(d.row, 'kind', 'parent-kind-invalid', d.kind);
  }

  // Parents first: a unit is placed once its parent is placed or already exists.
  const ordered: UnitDraft[] = [];
  const placed = new Set<string>();
  const childrenOf = new Map<string, UnitDraft[]>();
  const ready: UnitDraft[] = [];
  for (const d of drafts) {
    if (d.parentCode === null || !fileUnits.has(d.parentCode)) ready.push(d);
    else {
      const siblings = childrenOf.get(d.parentCode);
      if (siblings) siblings.push(d);
      else childrenOf.set(d.parentCode, [d]);
    }
  }
  for (let i = 0; i < ready.length; i++) {
    const next = ready[i] as UnitDraft;
    ordered.push(next);
    placed.add(next.code);
    ready.push(...(childrenOf.get(next.code) ?? []));
  }
  for (const d of drafts) {
    if (!placed.has(d.code)) units.fail(d.row, 'parentCode', 'parent-cycle', d.parentCode ?? '');
  }

  const staffSeen = new Set<string>();
  const typedPeople: PersonImportRow[] = [];
  for (const r of raw.people) {
    if (isEmptyRow(r)) continue;
    const before = errors.length;
    const staffNo = people.text(r, 'staffNo');
    if (staffNo !== undefined) {
      if (staffSeen.has(staffNo)) people.fail(r.row, 'staffNo', 'duplicate-in-file', staffNo);
      else if (baseline.staffNos.has(staffNo))
        people.fail(r.row, 'staffNo', 'already-exists', staffNo);
      staffSeen.add(staffNo);
    }
    const name = people.text(r, 'name');
    const gender = people.parsed(r, 'gender', parseGender, 'unknown-gender');
    const birthDate = people.parsed(r, 'birthDate', normaliseDate, 'bad-date') ?? null;
    const phone = people.parsed(r, 'phone', (t) => (PHONE.test(t) ? t : undefined), 'bad-phone');
    const unitCode = people.text(r, 'unitCode');
    if (unitCode !== undefined && kindOf(unitCode) === undefined)
      people.fail(r.row, 'unitCode', 'unknown-unit', unitCode);
    const post = people.text(r, 'post');
    const rank = people.parsed(r, 'rank', parseRank, 'unknown-rank');
    const lines = splitListCell(people.text(r, 'lines') ?? '');
    for (const line of lines)
      if ([...line].length > 50) people.fail(r.row, 'lines', 'too-long', line);
    const villageCodes = splitListCell(people.text(r, 'villageCodes') ?? '');
    for (const code of villageCodes) {
      const kind = kindOf(code);
      if (kind === undefined) people.fail(r.row, 'villageCodes', 'unknown-village', code);
      else if (kind !== null && kind !== 'village')
        people.fail(r.row, 'villageCodes', 'not-a-village', code);
    }
    const validFrom = people.parsed(r, 'validFrom', normaliseDate, 'bad-date');
    if (errors.length > before) continue;
    typedPeople.push({
      staffNo: staffNo as string,
      name: name as string,
      gender: gender as Gender,
      birthDate,
      phone: phone ?? null,
      unitCode: unitCode as string,
      post: post as string,
      rank: rank as Rank,
      lines,
      villageCodes,
      validFrom: validFrom as string,
    });
  }

  if (errors.length > 0) {
    errors.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === '单位' ? -1 : 1));
    return { ok: false, reason: 'import-invalid', errors };
  }
  return {
    ok: true,
    value: {
      units: ordered.map((d) => ({
        code: d.code,
        name: d.name as string,
        kind: d.kind as UnitKind,
        parentCode: d.parentCode,
      })),
      people: typedPeople,
    },
  };
}
