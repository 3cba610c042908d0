import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  normaliseDate,
  parseUnitKind,
  splitListCell,
  toRawImport,
  validateImportRows,
  type ImportBaseline,
  type PersonColumnKey,
  type RawImport,
  type RawImportRow,
  type UnitColumnKey,
} from './import-rows.ts';

const empty: ImportBaseline = { unitKinds: new Map(), staffNos: new Set(), hasRoot: false };
const existing: ImportBaseline = {
  unitKinds: new Map([
    ['C', 'county'],
    ['T0', 'town'],
    ['V0', 'village'],
  ]),
  staffNos: new Set(['S0']),
  hasRoot: true,
};

const unit = (row: number, cells: Partial<Record<UnitColumnKey, string>>) => ({ row, cells });
const person = (
  row: number,
  cells: Partial<Record<PersonColumnKey, string>>,
): RawImportRow<PersonColumnKey> => ({
  row,
  cells: {
    staffNo: `S${row}`,
    name: '张三',
    gender: '男',
    unitCode: 'T1',
    post: '科员',
    rank: '普通干部',
    validFrom: '2024-01-01',
    ...cells,
  },
});

/** A valid file: a county, two towns (one listed before its parent), a village, a section. */
const validFile: RawImport = {
  units: [
    unit(2, { code: 'T1', name: '东城镇', kind: '镇', parentCode: 'C1' }),
    unit(3, { code: 'C1', name: '测试县', kind: '县' }),
    unit(4, { code: 'V1', name: '桃园村', kind: '村', parentCode: 'T1' }),
    unit(5, { code: 'T2', name: '西城街道', kind: 'street', parentCode: 'C1' }),
    unit(6, { code: 'S1', name: '党政办', kind: '股室/站所', parentCode: 'T2' }),
  ],
  people: [
    person(2, { lines: '农业、安全生产, 农业', villageCodes: 'V1', birthDate: '1980/3/5' }),
    person(3, { unitCode: 'S1', gender: 'female', rank: 'fuke', phone: '13800000000' }),
  ],
};

describe(validateImportRows, () => {
  it('accepts a valid file and returns units parents first', () => {
    const result = validateImportRows(validFile, empty);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const codes = result.value.units.map((u) => u.code);
    expect(codes.indexOf('C1')).toBeLessThan(codes.indexOf('T1'));
    expect(codes.indexOf('T1')).toBeLessThan(codes.indexOf('V1'));
    expect(result.value.units.find((u) => u.code === 'V1')).toEqual({
      code: 'V1',
      name: '桃园村',
      kind: 'village',
      parentCode: 'T1',
    });
    expect(result.value.people[0]).toMatchObject({
      gender: 'male',
      rank: 'ordinary',
      lines: ['农业', '安全生产'],
      villageCodes: ['V1'],
      birthDate: '1980-03-05',
      phone: null,
    });
    expect(result.value.people[1]).toMatchObject({ gender: 'female', rank: 'fuke' });
  });

  it.each<
    [
      string,
      RawImport,
      ImportBaseline,
      { sheet: string; row: number; column: string; reason: string },
    ]
  >([
    [
      'missing name',
      { units: [unit(2, { code: 'X', kind: '镇', parentCode: 'C' })], people: [] },
      existing,
      { sheet: '单位', row: 2, column: '名称', reason: 'required' },
    ],
    [
      'unknown kind',
      { units: [unit(2, { code: 'X', name: 'x', kind: '省', parentCode: 'C' })], people: [] },
      existing,
      { sheet: '单位', row: 2, column: '类型', reason: 'unknown-kind' },
    ],
    [
      'name too long',
      {
        units: [unit(2, { code: 'X', name: '长'.repeat(101), kind: '镇', parentCode: 'C' })],
        people: [],
      },
      existing,
      { sheet: '单位', row: 2, column: '名称', reason: 'too-long' },
    ],
    [
      'code exists',
      { units: [unit(2, { code: 'T0', name: 'x', kind: '镇', parentCode: 'C' })], people: [] },
      existing,
      { sheet: '单位', row: 2, column: '编码', reason: 'already-exists' },
    ],
    [
      'duplicate code in file',
      {
        units: [
          unit(2, { code: 'X', name: 'x', kind: '镇', parentCode: 'C' }),
          unit(3, { code: 'X', name: 'y', kind: '镇', parentCode: 'C' }),
        ],
        people: [],
      },
      existing,
      { sheet: '单位', row: 3, column: '编码', reason: 'duplicate-in-file' },
    ],
    [
      'unknown parent',
      { units: [unit(2, { code: 'X', name: 'x', kind: '镇', parentCode: 'NOPE' })], people: [] },
      existing,
      { sheet: '单位', row: 2, column: '上级编码', reason: 'unknown-parent' },
    ],
    [
      'village under county',
      { units: [unit(2, { code: 'X', name: 'x', kind: '村', parentCode: 'C' })], people: [] },
      existing,
      { sheet: '单位', row: 2, column: '类型', reason: 'parent-kind-invalid' },
    ],
    [
      'second root',
      { units: [unit(2, { code: 'X', name: 'x', kind: '县' })], people: [] },
      existing,
      { sheet: '单位', row: 2, column: '上级编码', reason: 'root-exists' },
    ],
    [
      'staff number exists',
      { units: [], people: [person(2, { staffNo: 'S0', unitCode: 'T0' })] },
      existing,
      { sheet: '人员', row: 2, column: '工号', reason: 'already-exists' },
    ],
    [
      'duplicate staff number',
      {
        units: [],
        people: [
          person(2, { staffNo: 'A', unitCode: 'T0' }),
          person(3, { staffNo: 'A', unitCode: 'T0' }),
        ],
      },
      existing,
      { sheet: '人员', row: 3, column: '工号', reason: 'duplicate-in-file' },
    ],
    [
      'unknown gender',
      { units: [], people: [person(2, { gender: '未知', unitCode: 'T0' })] },
      existing,
      { sheet: '人员', row: 2, column: '性别', reason: 'unknown-gender' },
    ],
    [
      'unknown rank',
      { units: [], people: [person(2, { rank: '处级', unitCode: 'T0' })] },
      existing,
      { sheet: '人员', row: 2, column: '职级', reason: 'unknown-rank' },
    ],
    [
      'bad date',
      { units: [], people: [person(2, { validFrom: '2024-02-30', unitCode: 'T0' })] },
      existing,
      { sheet: '人员', row: 2, column: '任职日期', reason: 'bad-date' },
    ],
    [
      'bad birth date',
      { units: [], people: [person(2, { birthDate: 'yesterday', unitCode: 'T0' })] },
      existing,
      { sheet: '人员', row: 2, column: '出生日期', reason: 'bad-date' },
    ],
    [
      'bad phone',
      { units: [], people: [person(2, { phone: 'call me', unitCode: 'T0' })] },
      existing,
      { sheet: '人员', row: 2, column: '手机', reason: 'bad-phone' },
    ],
    [
      'unknown unit',
      { units: [], people: [person(2, { unitCode: 'NOPE' })] },
      existing,
      { sheet: '人员', row: 2, column: '单位编码', reason: 'unknown-unit' },
    ],
    [
      'unknown village',
      { units: [], people: [person(2, { unitCode: 'T0', villageCodes: 'V0、V9' })] },
      existing,
      { sheet: '人员', row: 2, column: '联系村编码', reason: 'unknown-village' },
    ],
    [
      'village code names a town',
      { units: [], people: [person(2, { unitCode: 'T0', villageCodes: 'T0' })] },
      existing,
      { sheet: '人员', row: 2, column: '联系村编码', reason: 'not-a-village' },
    ],
    [
      'missing post',
      { units: [], people: [person(2, { unitCode: 'T0', post: '  ' })] },
      existing,
      { sheet: '人员', row: 2, column: '职务', reason: 'required' },
    ],
  ])('refuses %s', (_name, raw, baseline, expected) => {
    const result = validateImportRows(raw, baseline);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(expect.objectContaining(expected));
    expect(result.errors.every((e) => e.message['zh-CN'] !== '' && e.message.en !== '')).toBe(true);
  });

  it('reports every bad row, not only the first, and ignores blank rows', () => {
    const raw: RawImport = {
      units: [unit(2, {}), unit(3, { code: '', name: ' ' })],
      people: [person(2, { unitCode: 'NOPE' }), person(3, { rank: '?', unitCode: 'T0' })],
    };
    const result = validateImportRows(raw, existing);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.sheet, e.row, e.reason])).toEqual([
      ['人员', 2, 'unknown-unit'],
      ['人员', 3, 'unknown-rank'],
    ]);
  });

  it('accepts people in units defined in the same file and existing villages', () => {
    const raw: RawImport = {
      units: [unit(2, { code: 'T9', name: '新镇', kind: 'town', parentCode: 'C' })],
      people: [person(2, { unitCode: 'T9', villageCodes: 'V0' })],
    };
    expect(validateImportRows(raw, existing).ok).toBe(true);
  });

  it('round-trips typed rows through toRawImport', () => {
    const first = validateImportRows(validFile, empty);
    if (!first.ok) throw new Error('valid file refused');
    const again = validateImportRows(toRawImport(first.value), empty);
    expect(again).toEqual(first);
  });

  it('validates any permutation of a valid file’s unit rows the same way', () => {
    const reference = validateImportRows(validFile, empty);
    if (!reference.ok) throw new Error('valid file refused');
    const sorted = (codes: readonly { code: string }[]) => codes.map((u) => u.code).sort();
    fc.assert(
      fc.property(fc.shuffledSubarray([...validFile.units], { minLength: 5 }), (units) => {
        const result = validateImportRows({ ...validFile, units }, empty);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(sorted(result.value.units)).toEqual(sorted(reference.value.units));
        const seen = new Set<string>();
        for (const u of result.value.units) {
          if (u.parentCode !== null) expect(seen.has(u.parentCode)).toBe(true);
          seen.add(u.code);
        }
      }),
    );
  });

  it('reports a cycle of parent codes', () => {
    const raw: RawImport = {
      units: [
        unit(2, { code: 'A', name: 'a', kind: '镇', parentCode: 'B' }),
        unit(3, { code: 'B', name: 'b', kind: '镇', parentCode: 'A' }),
      ],
      people: [],
    };
    const result = validateImportRows(raw, existing);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.reason)).toContain('parent-cycle');
  });
});

describe(parseUnitKind, () => {
  it.each([
    ['县', 'county'],
    ['town', 'town'],
    ['Village', 'village'],
    ['社区', 'village'],
    ['股室', 'section'],
    ['专班', 'task_force'],
    ['省', undefined],
  ])('%s → %s', (text, kind) => {
    expect(parseUnitKind(text)).toBe(kind);
  });
});

describe(normaliseDate, () => {
  it.each([
    ['2024-01-05', '2024-01-05'],
    ['2024/1/5', '2024-01-05'],
    ['2024.12.31', '2024-12-31'],
    ['2023-02-29', undefined],
    ['05/01/2024', undefined],
  ])('%s → %s', (text, iso) => {
    expect(normaliseDate(text)).toBe(iso);
  });
});

describe(splitListCell, () => {
  it('splits on Chinese and ASCII separators and drops blanks and repeats', () => {
    expect(splitListCell(' 农业、安全生产,农业，, 信访；环保 ')).toEqual([
      '农业',
      '安全生产',
      '信访',
      '环保',
    ]);
  });
});
