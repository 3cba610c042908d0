import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import {
  buildPeriodResults,
  type NodeScore,
  type PeriodResults,
  type Scheme,
  type ScoreSheet,
  type Signal,
} from '@tianheng/core';
import type { DatabaseHandle } from '../connect.ts';
import { seedTestTenant, type TestTenant } from '../fixtures.ts';
import { appendFacts } from '../ledger/ledger.ts';
import { storeRefusal, testSchemeBody } from '../ledger/ledger-fixtures.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import {
  getFact,
  listFacts,
  listPeriodFacts,
  listPersonFacts,
  listSubjectFacts,
} from './fact.repository.ts';
import { closePeriod, createPeriod, reopenPeriod } from './period.repository.ts';
import {
  getPeriodResultSummary,
  getPersonResult,
  listPeriodPools,
  listPeriodRankings,
  listPeriodResults,
  periodPoolMap,
  periodResultsInput,
  replacePeriodResults,
  setPeriodPool,
  upsertPersonResults,
} from './result.repository.ts';
import { saveSchemeVersion } from './scheme.repository.ts';
import {
  decideSignal,
  getSignal,
  listSignals,
  replacePendingSignals,
} from './signal.repository.ts';
import { orgSnapshotAt } from './snapshot.repository.ts';

const scheme = testSchemeBody as unknown as Scheme;

const leaf = (points: string, factIds: string[] = []): NodeScore => ({
  key: 'discipline',
  points,
  raw: points,
  capped: false,
  factIds,
  explain: [{ 'zh-CN': `纪律 ${points}`, en: `discipline ${points}` }],
  children: [],
});

describe.each(testBackends())('facts, results, signals and the org snapshot on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let t: TestTenant;
  let other: TestTenant;
  let periodId: string;
  let otherPeriod: string;
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    t = await seedTestTenant(db, 't1', 'x');
    other = await seedTestTenant(db, 't2', 'x');
    for (const tenant of [t, other])
      await saveSchemeVersion(db, tenant.tenantId, { scheme, createdBy: null });
    const period = {
      name: '2026年3月',
      kind: 'month' as const,
      assessment: 'routine' as const,
      startsOn: '2026-03-01',
      endsOn: '2026-03-31',
      schemeKey: scheme.key,
      createdBy: null,
    };
    periodId = (await createPeriod(db, t.tenantId, period)).id;
    otherPeriod = (await createPeriod(db, other.tenantId, period)).id;
  });
  afterAll(async () => {
    await handle.close();
  });

  describe('facts', () => {
    it('reads a period’s, a subject’s and one fact, newest first in the browser, without other tenants', async () => {
      const base = {
        periodId,
        indicator: 'discipline',
        source: 'manual' as const,
        recordedBy: t.people.office,
        payload: { item: 'late' },
      };
      const [a, b, c] = await appendFacts(db, t.tenantId, [
        { ...base, subject: { kind: 'person', id: t.people.cadre }, value: '1' },
        {
          ...base,
          subject: { kind: 'person', id: t.people.head },
          value: '2',
          indicator: 'rating',
        },
        { ...base, subject: { kind: 'unit', id: t.units.townSection.id }, value: '3' },
      ]);
      const [fix] = await appendFacts(db, t.tenantId, [
        { ...base, subject: { kind: 'person', id: t.people.cadre }, value: '0', supersedes: a!.id },
      ]);
      await appendFacts(db, other.tenantId, [
        {
          ...base,
          periodId: otherPeriod,
          subject: { kind: 'person', id: other.people.cadre },
          value: '9',
        },
      ]);
      const all = await listPeriodFacts(db, t.tenantId, [periodId]);
      expect(all.map((f) => f.value)).toEqual(['1', '2', '3', '0']);
      expect(all[0]).toEqual(a);
      expect(await listPeriodFacts(db, t.tenantId, [otherPeriod])).toEqual([]);
      expect(await listPeriodFacts(db, t.tenantId, [])).toEqual([]);
      expect((await listPersonFacts(db, t.tenantId, t.people.cadre)).map((f) => f.value)).toEqual([
        '1',
        '0',
      ]);
      expect(await listPersonFacts(db, t.tenantId, t.people.cadre, [otherPeriod])).toEqual([]);
      expect(
        (
          await listSubjectFacts(
            db,
            t.tenantId,
            [t.people.cadre, t.units.townSection.id],
            [periodId],
          )
        ).map((f) => f.id),
      ).toEqual([a!.id, c!.id, fix!.id]);
      expect(await getFact(db, t.tenantId, a!.id)).toMatchObject({
        id: a!.id,
        seq: 3, // after the scheme save and the period creation
        supersededBy: fix!.id,
      });
      expect(await getFact(db, t.tenantId, fix!.id)).toMatchObject({
        supersedes: a!.id,
        supersededBy: null,
      });
      expect(await getFact(db, other.tenantId, a!.id)).toBeUndefined();
      const page = { periodId, page: 1, pageSize: 10 };
      const current = await listFacts(db, t.tenantId, page);
      expect([current.items.map((f) => f.value), current.total]).toEqual([['0', '3', '2'], 3]);
      const everything = await listFacts(db, t.tenantId, { ...page, includeSuperseded: true });
      expect([everything.items.map((f) => f.value), everything.total]).toEqual([
        ['0', '3', '2', '1'],
        4,
      ]);
      expect((await listFacts(db, t.tenantId, { ...page, indicator: 'rating' })).items).toEqual([
        { ...b, seq: 4, supersededBy: null },
      ]);
      const second = await listFacts(db, t.tenantId, {
        ...page,
        subjectIds: [t.people.cadre, t.units.townSection.id],
        includeSuperseded: true,
        page: 2,
        pageSize: 2,
      });
      expect([second.items.map((f) => f.value), second.total]).toEqual([['1'], 3]);
    });
  });

  it('the org snapshot holds the people assigned on the date, with lines and villages', async () => {
    const line = await db
      .insertInto('business_line')
      .values({ tenant_id: t.tenantId, name: '党建' })
      .returning('line_id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('person_line')
      .values({ tenant_id: t.tenantId, person_id: t.people.cadre, line_id: line.line_id })
      .execute();
    await db
      .insertInto('person_village')
      .values({ tenant_id: t.tenantId, person_id: t.people.cadre, unit_id: t.units.village.id })
      .execute();
    // The cadre moves to the department section from April.
    await db
      .updateTable('person_assignment')
      .set({ valid_to: '2026-03-31' })
      .where('tenant_id', '=', t.tenantId)
      .where('person_id', '=', t.people.cadre)
      .execute();
    await db
      .insertInto('person_assignment')
      .values({
        tenant_id: t.tenantId,
        person_id: t.people.cadre,
        unit_id: t.units.deptSection.id,
        post: '科员',
        rank: 'fuke',
        valid_from: '2026-04-01',
      })
      .execute();
    const march = await orgSnapshotAt(db, t.tenantId, '2026-03-31');
    expect(march.units).toHaveLength(6);
    expect(march.units[0]).toEqual({
      id: t.units.county.id,
      parentId: null,
      kind: 'county',
      name: '测试县',
    });
    expect(march.people).toHaveLength(7);
    expect(march.people.find((p) => p.id === t.people.cadre)).toEqual({
      id: t.people.cadre,
      name: '干部戊',
      unitId: t.units.townSection.id,
      post: '科员',
      rank: 'ordinary',
      lines: [line.line_id],
      villageIds: [t.units.village.id],
    });
    const april = await orgSnapshotAt(db, t.tenantId, '2026-04-01');
    expect(april.people.find((p) => p.id === t.people.cadre)).toMatchObject({
      unitId: t.units.deptSection.id,
      rank: 'fuke',
    });
    expect((await orgSnapshotAt(db, t.tenantId, '2023-12-31')).people).toEqual([]);
    expect(
      (await orgSnapshotAt(db, other.tenantId, '2026-03-31')).people.map((p) => p.name),
    ).not.toContain(undefined);
  });

  describe('results', () => {
    let sheet: ScoreSheet;
    let results: PeriodResults;
    beforeAll(async () => {
      const org = await orgSnapshotAt(db, t.tenantId, '2026-03-31');
      const indices = ['90.50', '88.00', '88.00', '70.25', '95.00', '60.00', '80.00'];
      sheet = {
        schemeKey: scheme.key,
        schemeVersion: 1,
        periodId,
        warnings: [],
        people: org.people.map((p, i) => ({
          personId: p.id,
          unitId: p.unitId,
          common: indices[i]!,
          individual: '0.00',
          total: indices[i]!,
          coefficient: '1',
          index: indices[i]!,
          nodes: [leaf(indices[i]!)],
        })),
      };
      await setPeriodPool(db, t.tenantId, periodId, t.units.town.id, 1_000_000n);
      const pools = await periodPoolMap(db, t.tenantId, periodId);
      results = buildPeriodResults(scheme, sheet, org, { pools, history: [] });
      await replacePeriodResults(
        db,
        t.tenantId,
        periodId,
        periodResultsInput(sheet, results, new Date('2026-04-01T00:00:00Z')),
      );
    });

    it('stores every person and gives back the ranking the results built', async () => {
      expect(await listPeriodRankings(db, t.tenantId, [periodId, otherPeriod])).toEqual([
        results.ranking,
      ]);
      // What a last-place streak reads: only the people last in some group.
      const last = results.ranking.people.filter(
        (p) => p.unit.last || p.tenant.last || p.lines.some((l) => l.last),
      );
      expect(last.length).toBeGreaterThan(0);
      expect(last.length).toBeLessThan(results.ranking.people.length);
      expect(await listPeriodRankings(db, t.tenantId, [periodId], { onlyLast: true })).toEqual([
        { ...results.ranking, people: last },
      ]);
      const summary = await getPeriodResultSummary(db, t.tenantId, periodId);
      expect(summary).toMatchObject({ people: 7, tieRule: 'competition', schemeVersion: 1 });
      const town = summary!.units.find((u) => u.unitId === t.units.town.id)!;
      expect(town.bonus?.poolCents).toBe(1_000_000n);
      expect(town.bonus?.allocatedCents).toBe(1_000_000n);
      const { items, total } = await listPeriodResults(db, t.tenantId, periodId, {
        visibility: { kind: 'all' },
        page: 1,
        pageSize: 50,
      });
      expect(total).toBe(7);
      expect(items.map((r) => r.index)).toEqual([
        '95.00',
        '90.50',
        '88.00',
        '88.00',
        '80.00',
        '70.25',
        '60.00',
      ]);
      const townBonus = items.filter((r) => r.assessmentUnitId === t.units.town.id);
      expect(townBonus.reduce((s, r) => s + (r.bonusCents ?? 0n), 0n)).toBe(1_000_000n);
      const cadre = items.find((r) => r.personId === t.people.cadre)!;
      expect(cadre).toMatchObject({
        name: '干部戊',
        unitName: '东城镇党政办',
        assessmentUnitName: '东城镇',
        post: '科员',
        rank: 'ordinary',
      });
      const stored = results.people.find((p) => p.personId === t.people.cadre)!;
      expect(cadre).toMatchObject({
        ranks: stored.ranks,
        grade: stored.grade.grade,
        gradeReason: stored.grade.reason,
        bonusCents: stored.bonusCents,
        literalCents: stored.literalCents,
      });
      const detail = await getPersonResult(db, t.tenantId, periodId, t.people.cadre);
      expect(detail?.nodes).toEqual(sheet.people.find((p) => p.personId === t.people.cadre)!.nodes);
      expect(await getPersonResult(db, other.tenantId, periodId, t.people.cadre)).toBeUndefined();
      expect(await listPeriodPools(db, t.tenantId, periodId)).toEqual([
        { unitId: t.units.town.id, unitName: '东城镇', amountCents: 1_000_000n },
      ]);
    });

    it.each([
      ['everything', {}, 7],
      ['a unit subtree (own or assessment unit)', { unitId: 'town' }, 3],
      ['a grade', { grade: 'excellent' as const }, -1],
      ['a name', { q: '干部' }, 2],
      ['a staff number', { q: 'T0001' }, 1],
      ['a wildcard is literal', { q: '%' }, 0],
      ['a line', { lineId: 'none' }, 0],
    ])('filters by %s', async (_label, filter, expected) => {
      const unitId = 'unitId' in filter ? t.units.town.id : undefined;
      const { items, total } = await listPeriodResults(db, t.tenantId, periodId, {
        ...filter,
        ...(unitId ? { unitId } : {}),
        visibility: { kind: 'all' },
        page: 1,
        pageSize: 50,
      });
      if (expected >= 0) expect(total).toBe(expected);
      expect(items).toHaveLength(total);
      if ('grade' in filter) expect(items.every((r) => r.grade === 'excellent')).toBe(true);
    });

    it('shows only what the visibility reaches, sorted as asked', async () => {
      const some = (over: object) => ({
        kind: 'some' as const,
        pathPrefixes: [],
        unitIds: [],
        personIds: [],
        ...over,
      });
      const list = (
        visibility: Parameters<typeof listPeriodResults>[3]['visibility'],
        sort?: 'unit' | 'index',
      ) =>
        listPeriodResults(db, t.tenantId, periodId, {
          visibility,
          page: 1,
          pageSize: 50,
          ...(sort ? { sort } : {}),
        });
      expect((await list(some({ pathPrefixes: [t.units.town.path] }))).total).toBe(3);
      expect((await list(some({ unitIds: [t.units.deptSection.id] }))).total).toBe(1);
      expect(
        (await list(some({ personIds: [t.people.cadre] }))).items.map((r) => r.personId),
      ).toEqual([t.people.cadre]);
      expect((await list(some({}))).total).toBe(0);
      expect((await list({ kind: 'none' })).total).toBe(0);
      const byIndex = (await list({ kind: 'all' }, 'index')).items.map((r) => r.index);
      expect(byIndex).toEqual([...byIndex].sort((a, b) => Number(b) - Number(a)));
      const byUnit = (await list({ kind: 'all' }, 'unit')).items.map((r) => r.assessmentUnitId);
      expect(new Set(byUnit).size).toBeGreaterThan(1);
    });

    it('upserts the people a new fact moved and the summary', async () => {
      const input = periodResultsInput(sheet, results, new Date('2026-04-02T00:00:00Z'));
      const cadre = input.people.find((p) => p.personId === t.people.cadre)!;
      await upsertPersonResults(db, t.tenantId, periodId, {
        ...input,
        people: [{ ...cadre, index: '99.99', nodes: [leaf('99.99')] }],
      });
      const detail = await getPersonResult(db, t.tenantId, periodId, t.people.cadre);
      expect([detail?.index, detail?.nodes[0]?.points]).toEqual(['99.99', '99.99']);
      expect(detail?.computedAt.toISOString()).toBe('2026-04-02T00:00:00.000Z');
      expect(
        (await getPeriodResultSummary(db, t.tenantId, periodId))?.computedAt.toISOString(),
      ).toBe('2026-04-02T00:00:00.000Z');
    });

    it('refuses rows for a person outside the tenant and writes nothing (no foreign key: ADR 0012)', async () => {
      const input = periodResultsInput(sheet, results, new Date('2026-04-03T00:00:00Z'));
      const before = await listPeriodResults(db, t.tenantId, periodId, {
        visibility: { kind: 'all' },
        page: 1,
        pageSize: 50,
      });
      const stranger = { ...input.people[0]!, personId: other.people.cadre, index: '1.00' };
      const withStranger = { ...input, people: [...input.people, stranger] };
      for (const write of [replacePeriodResults, upsertPersonResults])
        expect(await storeRefusal(write(db, t.tenantId, periodId, withStranger))).toEqual([
          'person-not-found',
          'personId',
        ]);
      expect(
        await listPeriodResults(db, t.tenantId, periodId, {
          visibility: { kind: 'all' },
          page: 1,
          pageSize: 50,
        }),
      ).toEqual(before);
    });

    it('a closed period keeps its results: replace, upsert and pools are refused', async () => {
      const input = periodResultsInput(sheet, results, new Date());
      await closePeriod(db, t.tenantId, periodId, null);
      expect(await storeRefusal(replacePeriodResults(db, t.tenantId, periodId, input))).toEqual([
        'period-closed',
        'periodId',
      ]);
      expect(await storeRefusal(upsertPersonResults(db, t.tenantId, periodId, input))).toEqual([
        'period-closed',
        'periodId',
      ]);
      expect(
        await storeRefusal(setPeriodPool(db, t.tenantId, periodId, t.units.town.id, 1n)),
      ).toEqual(['period-closed', 'periodId']);
      await reopenPeriod(db, t.tenantId, periodId, null, '测试');
      expect(
        await storeRefusal(setPeriodPool(db, t.tenantId, periodId, other.units.town.id, 1n)),
      ).toEqual(['unit-not-found', 'unitId']);
      expect(
        await storeRefusal(setPeriodPool(db, t.tenantId, periodId, t.units.town.id, -1n)),
      ).toEqual(['invalid-input', 'amountCents']);
      expect(await storeRefusal(replacePeriodResults(db, other.tenantId, periodId, input))).toEqual(
        ['period-not-found', 'periodId'],
      );
    });
  });

  describe('signals', () => {
    const signal = (personId: string, id: string): Signal => ({
      id,
      ruleKey: 'last-in-tenant',
      kind: 'accountability',
      personId,
      periodId,
      scope: 'tenant',
      groupId: 'tenant',
      proposes: { action: 'interview-leader' },
      reason: {
        text: { 'zh-CN': '全县末位', en: 'Last in the county' },
        rank: 7,
        groupSize: 7,
        periods: [periodId],
      },
    });

    it('replaces pending signals, keeps decided ones, decides once with a note', async () => {
      await replacePendingSignals(db, t.tenantId, periodId, [
        signal(t.people.cadre, 's1'),
        signal(t.people.head, 's2'),
      ]);
      expect(
        await storeRefusal(decideSignal(db, t.tenantId, 's1', 'confirmed', null, ' ')),
      ).toEqual(['invalid-input', 'note']);
      const decided = await decideSignal(
        db,
        t.tenantId,
        's1',
        'confirmed',
        t.people.leader,
        '已约谈',
      );
      expect(decided).toMatchObject({
        status: 'confirmed',
        note: '已约谈',
        decidedBy: t.people.leader,
        personName: '干部戊',
      });
      expect(decided.decidedAt).toBeInstanceOf(Date);
      expect(
        await storeRefusal(decideSignal(db, t.tenantId, 's1', 'dismissed', null, 'x')),
      ).toEqual(['signal-decided', 'signalId']);
      expect(
        await storeRefusal(decideSignal(db, other.tenantId, 's2', 'dismissed', null, 'x')),
      ).toEqual(['signal-not-found', 'signalId']);
      // A re-evaluation proposes s1 again and s3 instead of s2: s1 keeps its decision.
      await replacePendingSignals(db, t.tenantId, periodId, [
        signal(t.people.cadre, 's1'),
        signal(t.people.office, 's3'),
      ]);
      const listed = await listSignals(db, t.tenantId, { periodId });
      listed.sort((x, y) => x.id.localeCompare(y.id));
      expect(listed.map((s) => [s.id, s.status])).toEqual([
        ['s1', 'confirmed'],
        ['s3', 'pending'],
      ]);
      expect(listed[1]).toMatchObject({
        reason: { rank: 7, periods: [periodId] },
        proposes: { action: 'interview-leader' },
      });
      expect((await listSignals(db, t.tenantId, { status: 'pending' })).map((s) => s.id)).toEqual([
        's3',
      ]);
      expect(await listSignals(db, t.tenantId, { personIds: [] })).toEqual([]);
      expect(
        (await listSignals(db, t.tenantId, { personIds: [t.people.cadre] })).map((s) => s.id),
      ).toEqual(['s1']);
      expect(await listSignals(db, other.tenantId, {})).toEqual([]);
      expect(await getSignal(db, t.tenantId, 's3')).toMatchObject({
        status: 'pending',
        decidedAt: null,
      });
      expect(await getSignal(db, other.tenantId, 's3')).toBeUndefined();
      expect(
        await storeRefusal(
          replacePendingSignals(db, t.tenantId, otherPeriod, [signal(t.people.cadre, 's9')]),
        ),
      ).toEqual(['invalid-input', 'periodId']);
    });
  });
});
