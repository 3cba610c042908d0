import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testBackends } from '@tianheng/db/testing';
import { listLines, loadUnitBaseline } from '@tianheng/db';
import { validateImportRows, type PersonColumnKey, type UnitColumnKey } from '@tianheng/core';
import { systemContext } from '../context.ts';
import { buildDataWorkbook, parseImportWorkbook } from '../excel/import-workbook.ts';
import { importOrgAndPeople } from '../services/import.service.ts';
import { hashPassword } from '../security/password-hash.ts';
import { FIXTURE_PASSWORD, openTestApp, type TestApp } from '../testing.ts';

type UnitCells = Record<UnitColumnKey, string>;
type PersonCells = Record<PersonColumnKey, string>;

/** A multipart/form-data body with one file field. */
function multipart(
  file: Buffer,
  field = 'file',
  filename = 'import.xlsx',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----tianheng-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, file, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const unitRows: UnitCells[] = [
  // A child listed before its parent: the file order does not matter.
  { code: 'IV01', name: '杏花村', kind: '村/社区', parentCode: 'IT01' },
  { code: 'IT01', name: '南山镇', kind: '镇', parentCode: 'C001' },
  { code: 'IS01', name: '南山镇综治办', kind: '股室/站所', parentCode: 'IT01' },
];
const personRows: PersonCells[] = [
  {
    staffNo: 'I0001',
    name: '钱一',
    gender: '男',
    birthDate: '1979-11-02',
    phone: '13700000001',
    unitCode: 'IT01',
    post: '镇长',
    rank: '正科级',
    lines: '农业、安全生产',
    villageCodes: 'IV01',
    validFrom: '2023-05-01',
  },
  {
    staffNo: 'I0002',
    name: '钱二',
    gender: '女',
    birthDate: '',
    phone: '',
    unitCode: 'IS01',
    post: '主任',
    rank: '正股级',
    lines: '综治',
    villageCodes: '',
    validFrom: '2024-02-01',
  },
];

describe.each(testBackends())('import and export routes on %s', (backend) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    t = await openTestApp(backend);
    for (const role of ['assessment_office', 'leader', 'supervision_office'])
      cookies[role] = await t.login(role);
    // Give the fixture units codes so a file can reference them.
    const codes: Record<string, string> = {
      county: 'C001',
      town: 'T001',
      townSection: 'TS01',
      village: 'V001',
      dept: 'D001',
      deptSection: 'DS01',
    };
    for (const [key, code] of Object.entries(codes)) {
      const unit = t.t1.units[key as keyof typeof t.t1.units];
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/units/${unit.id}`,
        headers: { cookie: cookies.assessment_office ?? '' },
        payload: { code },
      });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (role: string, file: Buffer, field?: string) => {
    const body = multipart(file, field);
    return t.app.inject({
      method: 'POST',
      url: '/api/import',
      headers: { cookie: cookies[role] ?? '', ...body.headers },
      payload: body.payload,
    });
  };
  const peopleCount = async (tenantId: string) =>
    (
      await t.handle.db
        .selectFrom('person')
        .select('staff_no')
        .where('tenant_id', '=', tenantId)
        .execute()
    ).length;
  const unitCount = async (tenantId: string) =>
    (
      await t.handle.db
        .selectFrom('unit')
        .select('unit_id')
        .where('tenant_id', '=', tenantId)
        .execute()
    ).length;

  it('serves a template that reads back as empty sheets with an instructions sheet', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/import/template',
      headers: { cookie: cookies.assessment_office ?? '' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['单位', '人员', '说明']);
    expect(workbook.getWorksheet('人员')?.getRow(1).getCell(1).value).toBe('工号');
    expect(await parseImportWorkbook(res.rawPayload)).toEqual({ units: [], people: [] });
    const leader = await t.app.inject({
      method: 'GET',
      url: '/api/import/template',
      headers: { cookie: cookies.leader ?? '' },
    });
    expect(leader.statusCode).toBe(403);
  });

  it('imports nothing when one row is bad and names the row and column', async () => {
    const bad = personRows.map((p, i) => (i === 1 ? { ...p, rank: '处级' } : p));
    const file = await buildDataWorkbook({ units: unitRows, people: bad });
    const [units, people] = [await unitCount(t.t1.tenantId), await peopleCount(t.t1.tenantId)];
    const res = await upload('assessment_office', file);
    expect(res.statusCode).toBe(422);
    const body = res.json<{ code: string; details: { errorCount: number; errors: unknown[] } }>();
    expect(body.code).toBe('import-invalid');
    expect(body.details.errorCount).toBe(1);
    expect(body.details.errors).toEqual([
      expect.objectContaining({
        sheet: '人员',
        row: 3,
        column: '职级',
        reason: 'unknown-rank',
        value: '处级',
      }),
    ]);
    expect(await unitCount(t.t1.tenantId)).toBe(units);
    expect(await peopleCount(t.t1.tenantId)).toBe(people);
    expect(await listLines(t.handle.db, t.t1.tenantId)).toEqual([]);
  });

  it('refuses garbage, files without the sheets, oversized uploads and wrong fields with 4xx', async () => {
    const garbage = await upload('assessment_office', Buffer.from('this is not a spreadsheet'));
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ code: 'import-file-invalid', field: 'file' });
    const fakeZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]);
    expect((await upload('assessment_office', fakeZip)).json()).toMatchObject({
      code: 'import-file-invalid',
    });
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['a', 'b']);
    const noSheets = Buffer.from(await other.xlsx.writeBuffer());
    expect((await upload('assessment_office', noSheets)).json()).toMatchObject({
      code: 'import-file-invalid',
    });
    const headerless = new ExcelJS.Workbook();
    headerless.addWorksheet('人员').addRow(['姓名']);
    const missing = await upload(
      'assessment_office',
      Buffer.from(await headerless.xlsx.writeBuffer()),
    );
    expect(missing.json()).toMatchObject({
      code: 'import-file-invalid',
      details: {
        sheet: '人员',
        missingColumns: expect.arrayContaining(['工号', '职级']) as unknown,
      },
    });
    const huge = await upload('assessment_office', Buffer.alloc(11 * 1024 * 1024, 1));
    expect(huge.statusCode).toBe(413);
    const wrongField = await upload('assessment_office', noSheets, 'attachment');
    expect(wrongField.statusCode).toBe(400);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      headers: { cookie: cookies.assessment_office ?? '' },
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBeGreaterThanOrEqual(400);
    expect(json.statusCode).toBeLessThan(500);
    const leader = await upload('leader', noSheets);
    expect(leader.statusCode).toBe(403);
  });

  it('imports a valid workbook: units, people, lines and villages, audited', async () => {
    const file = await buildDataWorkbook({ units: unitRows, people: personRows });
    const res = await upload('assessment_office', file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ units: 3, people: 2 });
    const baseline = await loadUnitBaseline(t.handle.db, t.t1.tenantId);
    const town = baseline.byCode.get('IT01');
    expect(baseline.byCode.get('IV01')?.path).toBe(
      `${town?.path}${baseline.byCode.get('IV01')?.unitId}/`,
    );
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/people?q=钱',
      headers: { cookie: cookies.assessment_office ?? '' },
    });
    expect(list.json()).toMatchObject({
      total: 2,
      items: [
        {
          staffNo: 'I0001',
          rank: 'zhengke',
          unitName: '南山镇',
          villages: [{ name: '杏花村' }],
        },
        { staffNo: 'I0002', gender: 'female', unitName: '南山镇综治办', lines: [{ name: '综治' }] },
      ],
    });
    expect((await listLines(t.handle.db, t.t1.tenantId)).map((l) => l.name).sort()).toEqual(
      ['农业', '安全生产', '综治'].sort(),
    );
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['result', 'detail'])
      .where('tenant_id', '=', t.t1.tenantId)
      .where('action', '=', 'person.import')
      .where('object_type', '=', 'import')
      .orderBy('audit_id')
      .execute();
    expect(audit.map((a) => a.result)).toEqual(['failure', 'success']);
    expect(audit[1]?.detail).toEqual({ units: 3, people: 2 });
    // The same file again collides with what now exists.
    const again = await upload('assessment_office', file);
    expect(again.statusCode).toBe(422);
    expect(
      again
        .json<{ details: { errors: { reason: string }[] } }>()
        .details.errors.map((e) => e.reason),
    ).toContain('already-exists');
  });

  it('lets an office scoped to a subtree import only inside it', async () => {
    const account = await t.handle.db
      .insertInto('account')
      .values({
        tenant_id: t.t1.tenantId,
        username: 'town_office',
        password_hash: await hashPassword(FIXTURE_PASSWORD),
        must_change_password: false,
      })
      .returning('account_id')
      .executeTakeFirstOrThrow();
    await t.handle.db
      .insertInto('role_grant')
      .values({
        tenant_id: t.t1.tenantId,
        account_id: account.account_id,
        role: 'assessment_office',
        scope: 'subtree',
        unit_id: t.t1.units.town.id,
      })
      .execute();
    cookies.town_office = await t.login('town_office');
    const outside = await buildDataWorkbook({
      units: [
        { code: 'SV01', name: '上村', kind: '村/社区', parentCode: 'T001' },
        { code: 'ST01', name: '外镇', kind: '镇', parentCode: 'C001' },
      ],
      people: [],
    });
    const units = await unitCount(t.t1.tenantId);
    expect((await upload('town_office', outside)).statusCode).toBe(403);
    expect(await unitCount(t.t1.tenantId)).toBe(units);
    const inside = await buildDataWorkbook({
      units: [{ code: 'SV01', name: '上村', kind: '村/社区', parentCode: 'T001' }],
      people: [
        { ...(personRows[1] as PersonCells), staffNo: 'S0001', unitCode: 'TS01', lines: '' },
      ],
    });
    const ok = await upload('town_office', inside);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ units: 1, people: 1 });
  });

  it('exports in the import format, and the export round-trips through import parsing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/people/export',
      headers: { cookie: cookies.supervision_office ?? '' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const raw = await parseImportWorkbook(res.rawPayload);
    expect(raw.people).toHaveLength(10);
    expect(raw.units).toHaveLength(10);
    const exported = raw.people.find((p) => p.cells.staffNo === 'I0001');
    const { lines, ...rest } = personRows[0] as PersonCells;
    expect(exported?.cells).toMatchObject(rest);
    expect(exported?.cells.lines?.split('、').sort()).toEqual(lines.split('、').sort());
    // Into an empty tenant the whole export is a valid import.
    const checked = validateImportRows(raw, {
      unitKinds: new Map(),
      staffNos: new Set(),
      hasRoot: false,
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.units[0]).toMatchObject({ code: 'C001', parentCode: null });

    const filtered = await t.app.inject({
      method: 'GET',
      url: `/api/people/export?unitId=${t.t1.units.town.id}`,
      headers: { cookie: cookies.supervision_office ?? '' },
    });
    expect((await parseImportWorkbook(filtered.rawPayload)).people).toHaveLength(4);
    const leader = await t.app.inject({
      method: 'GET',
      url: '/api/people/export',
      headers: { cookie: cookies.leader ?? '' },
    });
    expect(leader.statusCode).toBe(403);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('detail')
      .where('tenant_id', '=', t.t1.tenantId)
      .where('action', '=', 'person.export')
      .where('result', '=', 'success')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('imports typed rows for the CLI in the system context, reporting progress, and keeps tenants apart', async () => {
    const progress: [number, number][] = [];
    const ctx = systemContext(t.handle.db, t.t2.tenantId, new Date('2026-03-02T02:00:00Z'), 'cli');
    const bad = importOrgAndPeople(ctx, {
      units: [{ code: 'X1', name: '外县镇', kind: 'town', parentCode: 'C001' }],
      people: [],
    });
    // t1's codes mean nothing in t2.
    await expect(bad).rejects.toMatchObject({
      code: 'import-invalid',
      details: { errors: [expect.objectContaining({ reason: 'unknown-parent' })] },
    });
    const unknownUnit = await importOrgAndPeople(
      ctx,
      {
        units: [],
        people: [
          {
            staffNo: 'Z1',
            name: '郑一',
            gender: 'male',
            birthDate: null,
            phone: null,
            unitCode: 'IT01',
            post: '科员',
            rank: 'general',
            lines: [],
            villageCodes: [],
            validFrom: '2024-01-01',
          },
        ],
      },
      (done, total) => progress.push([done, total]),
    ).catch((error: unknown) => error);
    expect(unknownUnit).toMatchObject({ code: 'import-invalid' });
    expect(progress).toEqual([]);
    const tenant3 = await t.handle.db
      .insertInto('tenant')
      .values({ code: 't3', name: '第三县' })
      .returning('tenant_id')
      .executeTakeFirstOrThrow();
    const fresh = systemContext(t.handle.db, tenant3.tenant_id, new Date('2026-03-02T02:00:00Z'));
    const people = Array.from({ length: 1200 }, (_, i) => ({
      staffNo: `Y${i}`,
      name: `人员${i}`,
      gender: 'female' as const,
      birthDate: null,
      phone: null,
      unitCode: i % 2 === 0 ? 'Y-T' : 'Y-D',
      post: '科员',
      rank: 'general' as const,
      lines: i % 3 === 0 ? ['信访'] : [],
      villageCodes: i % 2 === 0 ? ['Y-V'] : [],
      validFrom: '2024-01-01',
    }));
    const done = await importOrgAndPeople(
      fresh,
      {
        units: [
          { code: 'Y-V', name: '村', kind: 'village', parentCode: 'Y-T' },
          { code: 'Y-C', name: '第三县', kind: 'county', parentCode: null },
          { code: 'Y-T', name: '镇', kind: 'town', parentCode: 'Y-C' },
          { code: 'Y-D', name: '局', kind: 'department', parentCode: 'Y-C' },
        ],
        people,
      },
      (n, total) => progress.push([n, total]),
    );
    expect(done).toEqual({ units: 4, people: 1200 });
    expect(progress).toEqual([
      [4, 1204],
      [1004, 1204],
      [1204, 1204],
    ]);
    expect(await peopleCount(tenant3.tenant_id)).toBe(1200);
    expect(await unitCount(tenant3.tenant_id)).toBe(4);
  });
});
