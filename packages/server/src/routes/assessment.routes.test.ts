/**
 * The assessment API end to end on the fixture tenant: schemes, periods, facts (single,
 * corrections, bulk), results, pools, signals, score, close/reopen and the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testBackends } from '@tianheng/db/testing';
import type { LightMyRequestResponse } from 'fastify';
import { dropWorkingSet } from '../services/recompute.service.ts';
import { openTestApp, type TestApp } from '../testing.ts';

/** A multipart/form-data body with one file field. */
function multipart(file: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----tianheng-facts-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="facts.xlsx"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  return {
    payload: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A facts workbook: the header row of sheet 事实 and the given rows. */
async function factsWorkbook(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('事实');
  sheet.addRow([
    '对象类型',
    '工号或单位编码',
    '指标编码',
    '数值',
    '细项',
    '部分',
    '说明',
    '更正事实ID',
  ]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface ErrorJson {
  code: string;
  field?: string;
  details?: Record<string, unknown>;
}
interface FactJson {
  id: string;
  supersedes: string | null;
  supersededBy: string | null;
  subject: { id: string; name: string };
  recordedBy: { id: string; name: string } | null;
}
interface ResultRowJson {
  personId: string;
  index: string;
  bonusCents: number | null;
  literalCents: number | null;
  assessmentUnitId: string;
  ranks: { tenant: { rank: number } };
}
interface ResultsJson {
  items: ResultRowJson[];
  total: number;
  computedAt: string | null;
  units: { unitId: string; bonus: { poolCents: number; allocatedCents: number } | null }[];
}

describe.each(testBackends())('assessment API on %s', (backend) => {
  let t: TestApp;
  const cookie: Record<string, string> = {};
  let periodId = '';

  const call = async (
    who: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie[who] ?? '' },
      ...(payload === undefined ? {} : { payload }),
    });
  const fact = (subject: string, indicator: string, value: string | null, extra: object = {}) => ({
    periodId,
    subject: { kind: 'person', id: subject },
    indicator,
    value,
    ...extra,
  });
  const upload = (file: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/facts/import?periodId=${periodId}`,
      headers: { cookie: cookie.assessment_office ?? '', ...multipart(file).headers },
      payload: multipart(file).payload,
    });
  const results = async (who = 'assessment_office', query = '') =>
    (
      await call(who, 'GET', `/api/periods/${periodId}/results?pageSize=200${query}`)
    ).json<ResultsJson>();

  beforeAll(async () => {
    t = await openTestApp(backend);
    for (const role of [
      'system_admin',
      'assessment_office',
      'supervision_office',
      'leader',
      'unit_head',
      'cadre',
    ])
      cookie[role] = await t.login(role);
    cookie.t2office = await t.login('assessment_office', 't2');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('schemes', () => {
    it('validates live without saving: every problem named', async () => {
      const res = await call('assessment_office', 'POST', '/api/schemes/validate', {
        scheme: { key: 'x', dimensions: [] },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ ok: boolean; problems: { code: string; path: string }[] }>();
      expect(body.ok).toBe(false);
      expect(body.problems.length).toBeGreaterThan(1);
      expect((await call('assessment_office', 'GET', '/api/schemes')).json()).toEqual({
        items: [],
      });
    });

    it('lists the built-in templates', async () => {
      const res = await call('assessment_office', 'GET', '/api/schemes/templates');
      expect(
        res
          .json<{ items: { key: string }[] }>()
          .items.map((i) => i.key)
          .sort(),
      ).toEqual(['department-2021', 'h-township-2021']);
    });

    it('creates from a template, saves a new version, lists history, exports and re-imports', async () => {
      const created = await call('assessment_office', 'POST', '/api/schemes/from-template', {
        template: 'h-township-2021',
        key: 'h-2026',
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ key: 'h-2026', version: 1 });
      const exported = await call(
        'assessment_office',
        'GET',
        '/api/schemes/h-2026/versions/1/export',
      );
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-disposition']).toContain('h-2026-v1.json');
      const scheme = exported.json<{ key: string; version: number }>();
      expect(scheme).toMatchObject({ key: 'h-2026', version: 1 });
      const second = await call('assessment_office', 'POST', '/api/schemes', {
        scheme,
        note: 'imported again',
      });
      expect(second.statusCode).toBe(201);
      expect(second.json()).toMatchObject({ version: 2, note: 'imported again' });
      const versions = await call('assessment_office', 'GET', '/api/schemes/h-2026/versions');
      expect(versions.json<{ items: { version: number }[] }>().items.map((v) => v.version)).toEqual(
        [2, 1],
      );
      const list = await call('leader', 'GET', '/api/schemes');
      expect(list.json()).toMatchObject({ items: [{ key: 'h-2026', version: 2, versions: 2 }] });
      expect((await call('assessment_office', 'GET', '/api/schemes/h-2026')).json()).toMatchObject({
        version: 2,
      });
    });

    it.each([
      [
        'an unknown template',
        '/api/schemes/from-template',
        { template: 'nope', key: 'k' },
        404,
        'scheme-not-found',
        'template',
      ],
      [
        'a key that is not a key',
        '/api/schemes/from-template',
        { template: 'h-township-2021', key: 'Not A Key' },
        400,
        'invalid-input',
        'key',
      ],
    ] as const)('refuses %s', async (_label, url, payload, status, code, field) => {
      const res = await call('assessment_office', 'POST', url, payload);
      expect(res.statusCode).toBe(status);
      expect(res.json<ErrorJson>()).toMatchObject({ code, field });
    });

    it('refuses an invalid scheme with 400 scheme-invalid naming every problem', async () => {
      const scheme = (
        await call('assessment_office', 'GET', '/api/schemes/h-2026/versions/1/export')
      ).json<Record<string, unknown>>();
      const broken = { ...scheme, commonCap: 'lots', dimensions: [] };
      const res = await call('assessment_office', 'POST', '/api/schemes', { scheme: broken });
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorJson>();
      expect(body.code).toBe('scheme-invalid');
      expect(body.field).toBeDefined();
      const problems = body.details?.problems as { path: string }[];
      expect(problems.map((p) => p.path)).toEqual(
        expect.arrayContaining(['commonCap', 'dimensions']),
      );
      expect(
        (await call('assessment_office', 'GET', '/api/schemes/h-2026/versions')).json(),
      ).toMatchObject({
        items: [{ version: 2 }, { version: 1 }],
      });
    });

    it.each([
      ['GET', '/api/schemes/nope'],
      ['GET', '/api/schemes/h-2026/versions/9'],
      ['GET', '/api/schemes/nope/versions'],
    ] as const)('%s %s → 404 scheme-not-found', async (method, url) => {
      const res = await call('assessment_office', method, url);
      expect(res.statusCode).toBe(404);
      expect(res.json<ErrorJson>().code).toBe('scheme-not-found');
    });

    it('keeps another tenant’s schemes invisible', async () => {
      expect((await call('t2office', 'GET', '/api/schemes')).json()).toEqual({ items: [] });
      expect((await call('t2office', 'GET', '/api/schemes/h-2026')).statusCode).toBe(404);
    });
  });

  describe('periods', () => {
    const base = {
      name: '2026 年第一季度',
      kind: 'quarter',
      assessment: 'routine',
      startsOn: '2026-01-01',
      endsOn: '2026-03-31',
      schemeKey: 'h-2026',
    };

    it.each([
      [
        'an end before the start',
        { ...base, endsOn: '2025-12-31' },
        422,
        'period-dates-invalid',
        'endsOn',
      ],
      ['an unknown scheme', { ...base, schemeKey: 'nope' }, 404, 'scheme-not-found', 'schemeKey'],
      [
        'an unknown version',
        { ...base, schemeVersion: 7 },
        404,
        'scheme-not-found',
        'schemeVersion',
      ],
      ['a bad kind', { ...base, kind: 'decade' }, 400, 'invalid-input', 'kind'],
      ['a blank name', { ...base, name: '  ' }, 400, 'invalid-input', 'name'],
    ] as const)('refuses %s', async (_label, payload, status, code, field) => {
      const res = await call('assessment_office', 'POST', '/api/periods', payload);
      expect(res.statusCode).toBe(status);
      expect(res.json<ErrorJson>()).toMatchObject({ code, field });
    });

    it('creates an open period on the latest version and lists it', async () => {
      const res = await call('assessment_office', 'POST', '/api/periods', base);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        ...base,
        schemeVersion: 2,
        status: 'open',
        closedAt: null,
      });
      periodId = res.json<{ id: string }>().id;
      const list = await call('cadre', 'GET', '/api/periods?status=open');
      expect(list.json()).toMatchObject({ total: 1, items: [{ id: periodId }] });
      expect((await call('t2office', 'GET', `/api/periods/${periodId}`)).statusCode).toBe(404);
      expect((await call('t2office', 'GET', '/api/periods')).json()).toMatchObject({ total: 0 });
    });
  });

  describe('facts', () => {
    let first = '';

    it('records a deduction and returns the subject’s updated result', async () => {
      const res = await call(
        'supervision_office',
        'POST',
        '/api/facts',
        fact(t.t1.people.cadre, 'work-style', '2', { payload: { item: 'late-early' } }),
      );
      expect(res.statusCode).toBe(201);
      const body = res.json<{ fact: FactJson; result: ResultRowJson }>();
      first = body.fact.id;
      expect(body.fact).toMatchObject({
        subject: { id: t.t1.people.cadre, name: '干部戊' },
        recordedBy: { id: t.t1.people.supervisor, name: '督查室乙' },
        supersedes: null,
      });
      expect(body.result.personId).toBe(t.t1.people.cadre);
      // The cadre lost 6 points of work style: the lowest index of the tenant.
      const rows = (await results()).items;
      expect(rows.at(-1)?.personId).toBe(t.t1.people.cadre);
      expect(body.result.index).toBe(rows.at(-1)?.index);
      // The row returned at once is the row stored.
      expect(body.result).toEqual(rows.find((r) => r.personId === t.t1.people.cadre));
    });

    it.each([
      [
        'the cadre (no fact.write)',
        'cadre',
        () => fact(t.t1.people.head, 'work-style', '1', { payload: { item: 'late-early' } }),
        403,
        'forbidden',
        undefined,
      ],
      [
        'about one’s own score',
        'assessment_office',
        () => fact(t.t1.people.office, 'work-style', '1', { payload: { item: 'late-early' } }),
        403,
        'fact-own-score',
        'subject',
      ],
      [
        'a discretionary adjustment without a reason',
        'leader',
        () => fact(t.t1.people.cadre, 'discretionary', '2'),
        422,
        'fact-reason-required',
        'evidence.note',
      ],
      [
        'a discretionary adjustment with a blank reason',
        'leader',
        () => fact(t.t1.people.cadre, 'discretionary', '2', { evidence: { note: '   ' } }),
        422,
        'fact-reason-required',
        'evidence.note',
      ],
      [
        'a method the role may not record',
        'supervision_office',
        () => fact(t.t1.people.cadre, 'discretionary', '2', { evidence: { note: '表现突出' } }),
        403,
        'forbidden',
        undefined,
      ],
      [
        'someone outside the leader’s scope',
        'leader',
        () => fact(t.t1.people.deptCadre, 'discretionary', '2', { evidence: { note: '表现突出' } }),
        403,
        'forbidden',
        undefined,
      ],
      [
        'an unknown deduction item',
        'supervision_office',
        () => fact(t.t1.people.cadre, 'work-style', '1', { payload: { item: 'nope' } }),
        422,
        'fact-value-invalid',
        'payload.item',
      ],
      [
        'an unknown indicator',
        'assessment_office',
        () => fact(t.t1.people.cadre, 'nope', '1'),
        422,
        'indicator-unknown',
        'indicator',
      ],
      [
        'a value that is not a decimal',
        'assessment_office',
        () => fact(t.t1.people.cadre, 'work-style', '1e3', { payload: { item: 'late-early' } }),
        400,
        'invalid-input',
        'value',
      ],
      [
        'a discretionary value out of range',
        'leader',
        () => fact(t.t1.people.cadre, 'discretionary', '11', { evidence: { note: '超范围' } }),
        422,
        'fact-value-invalid',
        'value',
      ],
      [
        'a person of another tenant',
        'assessment_office',
        () => fact(t.t2.people.cadre, 'work-style', '1', { payload: { item: 'late-early' } }),
        404,
        'person-not-found',
        undefined,
      ],
      [
        'an unknown period',
        'assessment_office',
        () => ({
          ...fact(t.t1.people.cadre, 'work-style', '1', { payload: { item: 'late-early' } }),
          periodId: t.t1.people.cadre,
        }),
        404,
        'period-not-found',
        undefined,
      ],
    ] as const)('refuses %s', async (_label, who, payload, status, code, field) => {
      const before = await results();
      const res = await call(who, 'POST', '/api/facts', payload());
      expect(res.statusCode).toBe(status);
      expect(res.json<ErrorJson>()).toMatchObject(field === undefined ? { code } : { code, field });
      expect((await results()).items).toEqual(before.items);
    });

    it('lets a leader adjust with a reason and a unit head rate', async () => {
      const adjusted = await call(
        'leader',
        'POST',
        '/api/facts',
        fact(t.t1.people.head, 'discretionary', '3', { evidence: { note: '防汛表现突出' } }),
      );
      expect(adjusted.statusCode).toBe(201);
      const rated = await call(
        'unit_head',
        'POST',
        '/api/facts',
        fact(t.t1.people.cadre, 'evaluation', '80', { payload: { group: 'leader', rater: 'x' } }),
      );
      expect(rated.statusCode).toBe(201);
    });

    it('corrects a fact with a new one; a fact is corrected once', async () => {
      const res = await call(
        'supervision_office',
        'POST',
        '/api/facts',
        fact(t.t1.people.cadre, 'work-style', '1', {
          payload: { item: 'late-early' },
          supersedes: first,
        }),
      );
      expect(res.statusCode).toBe(201);
      const correction = res.json<{ fact: FactJson }>().fact;
      expect(correction.supersedes).toBe(first);
      const again = await call(
        'supervision_office',
        'POST',
        '/api/facts',
        fact(t.t1.people.cadre, 'work-style', '1', {
          payload: { item: 'late-early' },
          supersedes: first,
        }),
      );
      expect(again.statusCode).toBe(409);
      expect(again.json<ErrorJson>().code).toBe('fact-superseded');
      const old = await call('assessment_office', 'GET', `/api/facts/${first}`);
      expect(old.json<FactJson>().supersededBy).toBe(correction.id);
      const current = await call(
        'assessment_office',
        'GET',
        `/api/facts?periodId=${periodId}&personId=${t.t1.people.cadre}`,
      );
      const all = await call(
        'assessment_office',
        'GET',
        `/api/facts?periodId=${periodId}&personId=${t.t1.people.cadre}&includeSuperseded=true`,
      );
      const ids = (r: LightMyRequestResponse) =>
        r.json<{ items: FactJson[] }>().items.map((f) => f.id);
      expect(ids(current)).toContain(correction.id);
      expect(ids(current)).not.toContain(first);
      expect(ids(all)).toEqual(expect.arrayContaining([first, correction.id]));
    });

    it('shows each caller only the facts within its scope', async () => {
      const ids = async (who: string) =>
        (await call(who, 'GET', `/api/facts?periodId=${periodId}&pageSize=200`))
          .json<{ items: FactJson[] }>()
          .items.map((f) => f.subject.id);
      expect(new Set(await ids('unit_head'))).toEqual(
        new Set([t.t1.people.cadre, t.t1.people.head]),
      );
      expect((await call('cadre', 'GET', `/api/facts?periodId=${periodId}`)).statusCode).toBe(403);
      expect((await call('t2office', 'GET', `/api/facts/${first}`)).statusCode).toBe(404);
      expect((await call('t2office', 'GET', `/api/facts?periodId=${periodId}`)).statusCode).toBe(
        404,
      );
    });
  });

  describe('bulk facts from Excel', () => {
    const count = async () =>
      (
        await call(
          'assessment_office',
          'GET',
          `/api/facts?periodId=${periodId}&includeSuperseded=true`,
        )
      ).json<{
        total: number;
      }>().total;

    it('downloads a template listing the scheme’s indicators', async () => {
      const res = await call(
        'assessment_office',
        'GET',
        `/api/facts/template?periodId=${periodId}`,
      );
      expect(res.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
      expect(workbook.getWorksheet('事实')?.getRow(1).getCell(3).value).toBe('指标编码');
      const keys: string[] = [];
      workbook.getWorksheet('指标')?.eachRow((row, n) => {
        if (n > 1) keys.push(row.getCell(1).text);
      });
      expect(keys).toEqual(expect.arrayContaining(['work-style', 'discretionary', 'evaluation']));
    });

    it('writes nothing when one row is bad and names row, column and reason', async () => {
      const before = await count();
      const file = await factsWorkbook([
        ['人员', 'T0006', 'work-style', '1', 'late-early', '', '', ''],
        ['人员', 'T0006', 'discretionary', '2', '', '', '', ''],
        ['人员', 'T9999', 'work-style', '1', 'late-early', '', '', ''],
        ['人员', 'T0002', 'work-style', 'x', 'late-early', '', '', ''],
      ]);
      const res = await upload(file);
      expect(res.statusCode).toBe(422);
      const body = res.json<ErrorJson>();
      expect(body.code).toBe('import-invalid');
      const errors = body.details?.errors as { row: number; column: string; reason: string }[];
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 3, column: '说明', reason: 'fact-reason-required' }),
          expect.objectContaining({ row: 4, column: '工号或单位编码', reason: 'unknown-staff-no' }),
          expect.objectContaining({ row: 5, column: '数值', reason: 'bad-decimal' }),
        ]),
      );
      expect(errors.some((e) => e.row === 2)).toBe(false);
      expect(await count()).toBe(before);
    });

    it('refuses a row about the uploader’s own score', async () => {
      const file = await factsWorkbook([
        ['人员', 'T0002', 'work-style', '1', 'late-early', '', '', ''],
      ]);
      const res = await upload(file);
      expect(res.statusCode).toBe(422);
      expect(res.json<ErrorJson>().details?.errors).toEqual([
        expect.objectContaining({ row: 2, reason: 'fact-own-score' }),
      ]);
    });

    it('records every row of a valid file', async () => {
      const before = await count();
      const file = await factsWorkbook([
        ['人员', 'T0006', 'work-style', '1', 'late-early', '', '补录', ''],
        ['人员', 'T0005', 'clauses', '1', 'honour-provincial', '', '省级表彰', ''],
        ['人员', 'T0004', 'task-force', '2', 'flood', '二次分配', '', ''],
      ]);
      const res = await upload(file);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ facts: 3 });
      expect(await count()).toBe(before + 3);
    });
  });

  describe('results, pools, signals, score', () => {
    it('ranks everyone for the office and only its unit for a unit head', async () => {
      const all = await results();
      // Everyone but the department's cadre: a township scheme does not rank department staff.
      expect(all.total).toBeGreaterThanOrEqual(6);
      expect(all.items.map((r) => r.personId)).not.toContain(t.t1.people.deptCadre);
      const mine = await results('unit_head');
      expect(new Set(mine.items.map((r) => r.personId))).toEqual(
        new Set([t.t1.people.head, t.t1.people.cadre]),
      );
      expect((await call('cadre', 'GET', `/api/periods/${periodId}/results`)).statusCode).toBe(403);
      expect((await call('t2office', 'GET', `/api/periods/${periodId}/results`)).statusCode).toBe(
        404,
      );
    });

    it('splits a pool to the cent and shows the literal formula beside it', async () => {
      const res = await call(
        'assessment_office',
        'PUT',
        `/api/periods/${periodId}/pools/${t.t1.units.town.id}`,
        {
          amountCents: 1_000_001,
        },
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ unitId: t.t1.units.town.id, amountCents: 1_000_001 });
      const after = await results();
      const town = after.items.filter((r) => r.assessmentUnitId === t.t1.units.town.id);
      expect(town.length).toBeGreaterThan(1);
      expect(town.reduce((sum, r) => sum + (r.bonusCents ?? 0), 0)).toBe(1_000_001);
      expect(town.every((r) => r.literalCents !== null)).toBe(true);
      expect(after.units.find((u) => u.unitId === t.t1.units.town.id)?.bonus).toMatchObject({
        poolCents: 1_000_001,
        allocatedCents: 1_000_001,
      });
      const pools = await call('leader', 'GET', `/api/periods/${periodId}/pools`);
      expect(pools.json()).toEqual({
        items: [{ unitId: t.t1.units.town.id, unitName: '东城镇', amountCents: 1_000_001 }],
      });
    });

    it('opens the facts behind every point of a score; a cadre sees only their own', async () => {
      const res = await call(
        'unit_head',
        'GET',
        `/api/people/${t.t1.people.cadre}/score?periodId=${periodId}`,
      );
      expect(res.statusCode).toBe(200);
      type Node = { key: string; factIds: string[]; children: Node[] };
      const body = res.json<{ nodes: Node[]; facts: { id: string }[]; index: string }>();
      const ids = (nodes: Node[]): string[] =>
        nodes.flatMap((n) => [...n.factIds, ...ids(n.children)]);
      expect(ids(body.nodes).length).toBeGreaterThan(0);
      expect(new Set(body.facts.map((f) => f.id))).toEqual(new Set(ids(body.nodes)));
      const mine = await call('cadre', 'GET', `/api/me/score?periodId=${periodId}`);
      expect(mine.statusCode).toBe(200);
      expect(mine.json<{ index: string }>().index).toBe(body.index);
      expect(
        (await call('cadre', 'GET', `/api/people/${t.t1.people.cadre}/score?periodId=${periodId}`))
          .statusCode,
      ).toBe(200);
      expect(
        (await call('cadre', 'GET', `/api/people/${t.t1.people.head}/score?periodId=${periodId}`))
          .statusCode,
      ).toBe(403);
      expect(
        (
          await call(
            't2office',
            'GET',
            `/api/people/${t.t1.people.cadre}/score?periodId=${periodId}`,
          )
        ).statusCode,
      ).toBe(404);
    });

    it('proposes signals and takes a human decision once, with a note', async () => {
      const list = await call('assessment_office', 'GET', `/api/periods/${periodId}/signals`);
      const signals = list.json<{ items: { id: string; status: string; personId: string }[] }>()
        .items;
      // Everyone tied at the tenant's lowest index is last.
      const rows = (await results()).items;
      const lowest = rows.at(-1)?.index;
      const lastPeople = rows.filter((r) => r.index === lowest).map((r) => r.personId);
      const lastSignals = signals.filter((s) => s.id.startsWith('last-in-county'));
      expect(new Set(lastSignals.map((s) => s.personId))).toEqual(new Set(lastPeople));
      const last = lastSignals[0];
      const blank = await call('assessment_office', 'POST', `/api/signals/${last?.id}/decision`, {
        decision: 'confirmed',
        note: ' ',
      });
      expect(blank.statusCode).toBe(400);
      const ok = await call('assessment_office', 'POST', `/api/signals/${last?.id}/decision`, {
        decision: 'confirmed',
        note: '已约谈分管领导',
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'confirmed', note: '已约谈分管领导' });
      const again = await call('assessment_office', 'POST', `/api/signals/${last?.id}/decision`, {
        decision: 'dismissed',
        note: '改判',
      });
      expect(again.statusCode).toBe(409);
      expect(again.json<ErrorJson>().code).toBe('signal-decided');
      expect(
        (
          await call('leader', 'POST', `/api/signals/${last?.id}/decision`, {
            decision: 'dismissed',
            note: 'x',
          })
        ).statusCode,
      ).toBe(403);
      expect((await call('t2office', 'GET', `/api/periods/${periodId}/signals`)).statusCode).toBe(
        404,
      );
      expect(
        (
          await call('assessment_office', 'POST', '/api/signals/nope/decision', {
            decision: 'dismissed',
            note: 'x',
          })
        ).statusCode,
      ).toBe(404);
    });

    type Refusal = [
      string,
      'GET' | 'PUT' | 'POST',
      () => string,
      object | undefined,
      number,
      string,
      string | undefined,
    ];
    it.each<Refusal>([
      [
        'a grade that is not one',
        'GET',
        () => `/api/periods/${periodId}/results?grade=best`,
        undefined,
        400,
        'invalid-input',
        'grade',
      ],
      [
        'a page size over 200',
        'GET',
        () => `/api/periods/${periodId}/results?pageSize=500`,
        undefined,
        400,
        'invalid-input',
        'pageSize',
      ],
      [
        'results of an unknown period',
        'GET',
        () => `/api/periods/${t.t1.units.town.id}/results`,
        undefined,
        404,
        'period-not-found',
        undefined,
      ],
      [
        'a negative pool',
        'PUT',
        () => `/api/periods/${periodId}/pools/${t.t1.units.town.id}`,
        { amountCents: -1 },
        400,
        'invalid-input',
        'amountCents',
      ],
      [
        'a pool in yuan with decimals',
        'PUT',
        () => `/api/periods/${periodId}/pools/${t.t1.units.town.id}`,
        { amountCents: 10.5 },
        400,
        'invalid-input',
        'amountCents',
      ],
      [
        'a pool of another tenant’s unit',
        'PUT',
        () => `/api/periods/${periodId}/pools/${t.t2.units.town.id}`,
        { amountCents: 1 },
        404,
        'unit-not-found',
        'unitId',
      ],
      [
        'a signal decision that is neither',
        'POST',
        () => '/api/signals/x/decision',
        { decision: 'maybe', note: 'x' },
        400,
        'invalid-input',
        'decision',
      ],
      [
        'facts without a period',
        'GET',
        () => '/api/facts',
        undefined,
        400,
        'invalid-input',
        'periodId',
      ],
      [
        'a score without a period',
        'GET',
        () => `/api/people/${t.t1.people.cadre}/score`,
        undefined,
        400,
        'invalid-input',
        'periodId',
      ],
    ])('refuses %s', async (_label, method, url, payload, status, code, field) => {
      const res = await call('assessment_office', method, url(), payload);
      expect(res.statusCode).toBe(status);
      expect(res.json<ErrorJson>()).toMatchObject(field === undefined ? { code } : { code, field });
    });

    it('pages and filters facts by indicator', async () => {
      const page = async (query: string) =>
        (await call('assessment_office', 'GET', `/api/facts?periodId=${periodId}${query}`)).json<{
          items: { id: string; indicator: string }[];
          total: number;
        }>();
      const all = await page('&pageSize=200');
      const first = await page('&pageSize=2&page=1');
      const second = await page('&pageSize=2&page=2');
      expect(first.total).toBe(all.total);
      expect([...first.items, ...second.items].map((f) => f.id)).toEqual(
        all.items.slice(0, 4).map((f) => f.id),
      );
      const styled = await page('&indicator=work-style&pageSize=200');
      expect(styled.items.length).toBeGreaterThan(0);
      expect(styled.items.every((f) => f.indicator === 'work-style')).toBe(true);
    });

    it('exports the results as Excel', async () => {
      const res = await call('assessment_office', 'GET', `/api/periods/${periodId}/results/export`);
      expect(res.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
      expect(workbook.getWorksheet('结果')?.rowCount).toBeGreaterThanOrEqual(7);
      expect(workbook.getWorksheet('奖金')?.getRow(2).getCell(3).value).toBe(10000.01);
    });
  });

  describe('close, recompute, reopen', () => {
    it('keeps no stale rows when the process stops before writing behind (ADR 0009)', async () => {
      await results(); // everything stored and current
      const res = await call(
        'supervision_office',
        'POST',
        '/api/facts',
        fact(t.t1.people.head, 'work-style', '1', { payload: { item: 'late-early' } }),
      );
      expect(res.statusCode).toBe(201);
      const { result } = res.json<{ result: ResultRowJson }>();
      // The row is written behind; a process that stops now forgets the set and its plans.
      dropWorkingSet(t.t1.tenantId, periodId);
      const period = (await call('assessment_office', 'GET', `/api/periods/${periodId}`)).json<{
        computedAt: string | null;
      }>();
      expect(period.computedAt).toBeNull();
      const rows = (await results()).items;
      expect(rows.find((r) => r.personId === t.t1.people.head)).toEqual(result);
    });

    it('recomputes in full to exactly what the incremental path stored', async () => {
      const incremental = await results();
      const res = await call('assessment_office', 'POST', `/api/periods/${periodId}/recompute`, {});
      expect(res.statusCode).toBe(200);
      expect(res.json<{ people: number }>().people).toBe(incremental.total);
      const full = await results();
      expect(full.items).toEqual(incremental.items);
      expect(full.units).toEqual(incremental.units);
    });

    it('closes: frozen results equal the open ones to the cent, facts and pools refused', async () => {
      const open = await results();
      const res = await call('assessment_office', 'POST', `/api/periods/${periodId}/close`, {});
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'closed' });
      expect((await results()).items).toEqual(open.items);
      const refused = await call(
        'supervision_office',
        'POST',
        '/api/facts',
        fact(t.t1.people.cadre, 'work-style', '1', { payload: { item: 'late-early' } }),
      );
      expect(refused.statusCode).toBe(409);
      expect(refused.json<ErrorJson>().code).toBe('period-closed');
      const pool = await call(
        'assessment_office',
        'PUT',
        `/api/periods/${periodId}/pools/${t.t1.units.town.id}`,
        {
          amountCents: 5,
        },
      );
      expect(pool.statusCode).toBe(409);
      expect(
        (await call('assessment_office', 'POST', `/api/periods/${periodId}/recompute`, {}))
          .statusCode,
      ).toBe(409);
      expect(
        (await call('assessment_office', 'POST', `/api/periods/${periodId}/close`, {})).statusCode,
      ).toBe(409);
      // A score of a closed period is recomputed from the same facts: the same index.
      const score = await call(
        'assessment_office',
        'GET',
        `/api/people/${t.t1.people.cadre}/score?periodId=${periodId}`,
      );
      expect(score.json<{ index: string }>().index).toBe(
        open.items.find((r) => r.personId === t.t1.people.cadre)?.index,
      );
    });

    it.each([
      ['no reason', {}, 'reason'],
      ['a blank reason', { reason: '   ' }, 'reason'],
    ] as const)('refuses to reopen with %s', async (_label, payload, field) => {
      const res = await call(
        'assessment_office',
        'POST',
        `/api/periods/${periodId}/reopen`,
        payload,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorJson>()).toMatchObject({ code: 'invalid-input', field });
    });

    it('reopens with a reason, then takes facts again', async () => {
      const res = await call('assessment_office', 'POST', `/api/periods/${periodId}/reopen`, {
        reason: '复核发现漏录',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'open', reopenReason: '复核发现漏录' });
      const again = await call('assessment_office', 'POST', `/api/periods/${periodId}/reopen`, {
        reason: '再开',
      });
      expect(again.statusCode).toBe(409);
      expect(again.json<ErrorJson>().code).toBe('period-not-closed');
      const recorded = await call(
        'supervision_office',
        'POST',
        '/api/facts',
        fact(t.t1.people.head, 'work-style', '1', { payload: { item: 'late-early' } }),
      );
      expect(recorded.statusCode).toBe(201);
    });
  });

  describe('a fact racing a close', () => {
    it('is either in the frozen results or refused, never lost', async () => {
      const created = await call('assessment_office', 'POST', '/api/periods', {
        name: '竞态周期',
        kind: 'month',
        assessment: 'special',
        startsOn: '2028-05-01',
        endsOn: '2028-05-31',
        schemeKey: 'h-2026',
      });
      const raceId = created.json<{ id: string }>().id;
      const [closed, recorded] = await Promise.all([
        call('assessment_office', 'POST', `/api/periods/${raceId}/close`, {}),
        call('supervision_office', 'POST', '/api/facts', {
          periodId: raceId,
          subject: { kind: 'person', id: t.t1.people.head },
          indicator: 'work-style',
          value: '2',
          payload: { item: 'late-early' },
        }),
      ]);
      expect(closed.statusCode).toBe(200);
      expect([201, 409]).toContain(recorded.statusCode);
      const stored = (
        await call('assessment_office', 'GET', `/api/periods/${raceId}/results?pageSize=200`)
      )
        .json<ResultsJson>()
        .items.find((r) => r.personId === t.t1.people.head);
      const fromFacts = await call(
        'assessment_office',
        'GET',
        `/api/people/${t.t1.people.head}/score?periodId=${raceId}`,
      );
      expect(stored?.index).toBe(fromFacts.json<{ index: string }>().index);
    });
  });

  describe('annual composition', () => {
    it('composes a year from the periods inside it and follows their changes', async () => {
      const res = await call('assessment_office', 'POST', '/api/periods', {
        name: '2026 年度',
        kind: 'year',
        assessment: 'periodic',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        schemeKey: 'h-2026',
      });
      expect(res.statusCode).toBe(201);
      const yearId = res.json<{ id: string }>().id;
      const indexes = async (id: string) =>
        new Map(
          (await call('assessment_office', 'GET', `/api/periods/${id}/results?pageSize=200`))
            .json<ResultsJson>()
            .items.map((r) => [r.personId, r.index]),
        );
      // Only the routine quarter has results: its weight is spread over the year alone.
      expect(await indexes(yearId)).toEqual(await indexes(periodId));
      const recorded = await call(
        'supervision_office',
        'POST',
        '/api/facts',
        fact(t.t1.people.cadre, 'work-style', '3', { payload: { item: 'late-early' } }),
      );
      expect(recorded.statusCode).toBe(201);
      const quarter = await indexes(periodId);
      expect(await indexes(yearId)).toEqual(quarter);
    });
  });

  describe('annual composition (weighted)', () => {
    it('composes a year from the stored results of the periods inside it', async () => {
      const post = async (url: string, payload: object) => {
        const res = await call('assessment_office', 'POST', url, payload);
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ id: string }>();
      };
      await post('/api/schemes/from-template', { template: 'department-2021', key: 'd-2026' });
      const period = (kind: string, assessment: string, startsOn: string, endsOn: string) =>
        post('/api/periods', {
          name: `${kind} ${startsOn}`,
          kind,
          assessment,
          startsOn,
          endsOn,
          schemeKey: 'd-2026',
        });
      const quarter = await period('quarter', 'routine', '2027-01-01', '2027-03-31');
      const special = await period('month', 'special', '2027-02-01', '2027-02-28');
      const year = await period('year', 'periodic', '2027-01-01', '2027-12-31');
      const deduction = await call('supervision_office', 'POST', '/api/facts', {
        periodId: quarter.id,
        subject: { kind: 'person', id: t.t1.people.deptCadre },
        indicator: 'work-style',
        value: '2',
        payload: { item: 'late-early' },
      });
      expect(deduction.statusCode).toBe(201);
      const indexes = async (id: string) =>
        new Map(
          (await call('assessment_office', 'GET', `/api/periods/${id}/results?pageSize=200`))
            .json<ResultsJson>()
            .items.map((r) => [r.personId, r.index]),
        );
      const q = await indexes(quarter.id);
      await indexes(special.id);
      // The special month is not a part of the composition; the periodic part has no period
      // yet, so the routine quarter carries the whole weight.
      expect(await indexes(year.id)).toEqual(q);
      expect(q.get(t.t1.people.deptCadre)).not.toBe(q.get(t.t1.people.office));
      // A department scheme does not score township staff.
      expect(q.has(t.t1.people.cadre)).toBe(false);
    });
  });

  describe('people outside the period', () => {
    it('refuses facts and scores of someone the period’s scheme does not assess', async () => {
      const recorded = await call(
        'supervision_office',
        'POST',
        '/api/facts',
        fact(t.t1.people.deptCadre, 'work-style', '1', { payload: { item: 'late-early' } }),
      );
      expect(recorded.statusCode).toBe(422);
      expect(recorded.json<ErrorJson>()).toMatchObject({
        code: 'person-not-in-period',
        field: 'subject.id',
      });
      const scoreRes = await call(
        'assessment_office',
        'GET',
        `/api/people/${t.t1.people.deptCadre}/score?periodId=${periodId}`,
      );
      expect(scoreRes.statusCode).toBe(422);
      expect(scoreRes.json<ErrorJson>().code).toBe('person-not-in-period');
    });
  });

  describe('periods for a person', () => {
    it('lists only the periods whose scheme scores that person', async () => {
      const keysFor = async (personId: string) =>
        new Set(
          (await call('assessment_office', 'GET', `/api/periods?personId=${personId}&pageSize=100`))
            .json<{ items: { schemeKey: string }[] }>()
            .items.map((p) => p.schemeKey),
        );
      // h-2026 is the township template, d-2026 the department one (created above).
      expect(await keysFor(t.t1.people.cadre)).toEqual(new Set(['h-2026']));
      expect(await keysFor(t.t1.people.deptCadre)).toEqual(new Set(['d-2026']));
      expect(await keysFor(t.t1.people.office)).toEqual(new Set(['h-2026', 'd-2026']));
      expect(await keysFor(t.t2.people.cadre)).toEqual(new Set());
    });
  });

  describe('ledger', () => {
    it('verifies the chain of schemes, periods and facts for the system admin only', async () => {
      const res = await call('system_admin', 'GET', '/api/ledger/verify');
      expect(res.statusCode).toBe(200);
      const body = res.json<{ ok: boolean; entries: number; firstBroken: unknown }>();
      expect(body.ok).toBe(true);
      expect(body.firstBroken).toBeNull();
      // 2 scheme versions, period created/closed/reopened, and the facts.
      expect(body.entries).toBeGreaterThan(10);
      expect((await call('assessment_office', 'GET', '/api/ledger/verify')).statusCode).toBe(403);
    });
  });
});
