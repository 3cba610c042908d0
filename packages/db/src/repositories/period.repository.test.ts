import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Scheme } from '@tianheng/core';
import type { DatabaseHandle } from '../connect.ts';
import { seedTestTenant, type TestTenant } from '../fixtures.ts';
import { appendFacts, verifyLedger } from '../ledger/ledger.ts';
import { storeRefusal, testSchemeBody } from '../ledger/ledger-fixtures.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import {
  closePeriod,
  createPeriod,
  getPeriod,
  listEarlierPeriods,
  listPeriods,
  periodOf,
  reopenPeriod,
  setPeriodSchemeVersion,
  type NewPeriod,
} from './period.repository.ts';
import {
  getSchemeVersion,
  listSchemes,
  listSchemeVersions,
  saveSchemeVersion,
} from './scheme.repository.ts';

const scheme = testSchemeBody as unknown as Scheme;

async function ledgerEvents(db: Kysely<Database>, tenantId: string) {
  const rows = await db
    .selectFrom('ledger_entry')
    .select(['kind', 'ref_id', 'body'])
    .where('tenant_id', '=', tenantId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    ref: r.ref_id,
    body: JSON.parse(r.body ?? 'null') as Record<string, unknown>,
  }));
}

describe.each(testBackends())('schemes and periods on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let t: TestTenant;
  let other: TestTenant;
  const by = '44444444-4444-4444-8444-444444444444';
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    t = await seedTestTenant(db, 't1', 'x');
    other = await seedTestTenant(db, 't2', 'x');
  });
  afterAll(async () => {
    await handle.close();
  });

  describe('schemes', () => {
    it('numbers versions per key from 1, ledgers each save and lists the latest per key', async () => {
      const v1 = await saveSchemeVersion(db, t.tenantId, { scheme, createdBy: by, note: '初版' });
      const v2 = await saveSchemeVersion(db, t.tenantId, {
        scheme: { ...scheme, version: 99, commonCap: '90' },
        createdBy: null,
      });
      await saveSchemeVersion(db, t.tenantId, {
        scheme: { ...scheme, key: 'another' },
        createdBy: by,
      });
      await saveSchemeVersion(db, other.tenantId, { scheme, createdBy: null });
      expect([v1.version, v2.version]).toEqual([1, 2]);
      expect(v2.scheme).toMatchObject({ version: 2, commonCap: '90' });
      expect(v1).toMatchObject({
        key: 'test-scheme',
        note: '初版',
        createdBy: by,
        name: scheme.name,
      });
      expect((await getSchemeVersion(db, t.tenantId, 'test-scheme'))?.version).toBe(2);
      expect((await getSchemeVersion(db, t.tenantId, 'test-scheme', 1))?.scheme.commonCap).toBe(
        '100',
      );
      expect(await getSchemeVersion(db, t.tenantId, 'test-scheme', 3)).toBeUndefined();
      expect(await getSchemeVersion(db, t.tenantId, 'nope')).toBeUndefined();
      expect(
        (await listSchemeVersions(db, t.tenantId, 'test-scheme')).map((v) => v.version),
      ).toEqual([2, 1]);
      expect(
        (await listSchemes(db, t.tenantId)).map((s) => [s.key, s.version, s.versions]),
      ).toEqual([
        ['another', 1, 1],
        ['test-scheme', 2, 2],
      ]);
      expect((await listSchemes(db, other.tenantId)).map((s) => [s.key, s.version])).toEqual([
        ['test-scheme', 1],
      ]);
      const events = await ledgerEvents(db, t.tenantId);
      expect(events.map((e) => [e.kind, e.ref])).toEqual([
        ['scheme', 'test-scheme@1'],
        ['scheme', 'test-scheme@2'],
        ['scheme', 'another@1'],
      ]);
      expect(events[1]!.body).toMatchObject({
        event: 'saved',
        version: 2,
        scheme: { commonCap: '90' },
      });
    });

    it('a saved version cannot be edited or deleted', async () => {
      await expect(sql`UPDATE scheme_version SET note = 'x'`.execute(db)).rejects.toThrow(
        'scheme_version is append-only',
      );
      await expect(sql`DELETE FROM scheme_version`.execute(db)).rejects.toThrow(/append-only/);
    });

    it.each([
      [
        'a changed body',
        `UPDATE scheme_version SET body = jsonb_set(body, '{commonCap}', '"99"')`,
        'record-mismatch',
      ],
      ['a deleted version', `DELETE FROM scheme_version`, 'missing-record'],
    ])('verify names a scheme version with %s', async (_label, change, reason) => {
      const rollback = new Error('rollback');
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`ALTER TABLE scheme_version DISABLE TRIGGER ALL`.execute(trx);
          await sql
            .raw(`${change} WHERE tenant_id = '${t.tenantId}' AND scheme_key = 'another'`)
            .execute(trx);
          expect(await verifyLedger(trx, t.tenantId)).toMatchObject({
            ok: false,
            entries: 2,
            firstBroken: { seq: 3, kind: 'scheme', refId: 'another@1', reason },
          });
          throw rollback;
        }),
      ).rejects.toBe(rollback);
      expect((await verifyLedger(db, t.tenantId)).ok).toBe(true);
    });

    it('concurrent saves of one key get distinct versions', async () => {
      const saved = await Promise.all(
        [1, 2, 3, 4].map(() =>
          saveSchemeVersion(db, t.tenantId, {
            scheme: { ...scheme, key: 'race' },
            createdBy: null,
          }),
        ),
      );
      expect(saved.map((s) => s.version).sort()).toEqual([1, 2, 3, 4]);
      expect((await verifyLedger(db, t.tenantId)).ok).toBe(true);
    });
  });

  describe('periods', () => {
    const march: NewPeriod = {
      name: '2026年3月',
      kind: 'month',
      assessment: 'routine',
      startsOn: '2026-03-01',
      endsOn: '2026-03-31',
      schemeKey: 'test-scheme',
      createdBy: by,
    };

    it('creates on the latest scheme version unless told, ledgered', async () => {
      const p = await createPeriod(db, t.tenantId, march);
      expect(p).toMatchObject({
        name: '2026年3月',
        status: 'open',
        schemeVersion: 2,
        startsOn: '2026-03-01',
        endsOn: '2026-03-31',
        closedAt: null,
        computedAt: null,
      });
      expect(periodOf(p)).toEqual({
        id: p.id,
        kind: 'month',
        assessment: 'routine',
        startsOn: '2026-03-01',
        endsOn: '2026-03-31',
        name: '2026年3月',
      });
      const pinned = await createPeriod(db, t.tenantId, {
        ...march,
        name: 'Q1',
        kind: 'quarter',
        schemeVersion: 1,
        startsOn: '2026-01-01',
      });
      expect(pinned.schemeVersion).toBe(1);
      const events = await ledgerEvents(db, t.tenantId);
      expect(events.at(-1)).toMatchObject({
        kind: 'period',
        ref: pinned.id,
        body: { event: 'created', by },
      });
    });

    it.each([
      ['an end before the start', { endsOn: '2026-02-28' }, ['period-dates-invalid', 'endsOn']],
      ['an unknown scheme', { schemeKey: 'nope' }, ['scheme-not-found', 'schemeKey']],
      ['an unknown scheme version', { schemeVersion: 9 }, ['scheme-not-found', 'schemeVersion']],
      [
        'a parent of another tenant',
        { parentPeriodId: '99999999-9999-4999-8999-999999999999' },
        ['period-not-found', 'parentPeriodId'],
      ],
    ])('refuses %s', async (_label, change, expected) => {
      expect(await storeRefusal(createPeriod(db, t.tenantId, { ...march, ...change }))).toEqual(
        expected,
      );
    });

    it('lists with filters, newest start first, paged; never another tenant’s', async () => {
      await createPeriod(db, other.tenantId, { ...march, name: 'other' });
      const all = await listPeriods(db, t.tenantId, { page: 1, pageSize: 50 });
      expect(all.items.map((p) => p.name)).toEqual(['2026年3月', 'Q1']);
      expect(all.total).toBe(2);
      expect(
        (await listPeriods(db, t.tenantId, { kind: 'quarter', page: 1, pageSize: 50 })).items.map(
          (p) => p.name,
        ),
      ).toEqual(['Q1']);
      expect(
        (await listPeriods(db, t.tenantId, { status: 'closed', page: 1, pageSize: 50 })).total,
      ).toBe(0);
      expect(
        (await listPeriods(db, t.tenantId, { schemeKey: 'another', page: 1, pageSize: 50 })).total,
      ).toBe(0);
      const second = await listPeriods(db, t.tenantId, { page: 2, pageSize: 1 });
      expect([second.items.map((p) => p.name), second.total]).toEqual([['Q1'], 2]);
      expect(
        (await listEarlierPeriods(db, t.tenantId, 'month', 'routine', '2026-04-01', 5)).map(
          (p) => p.name,
        ),
      ).toEqual(['2026年3月']);
      expect(await listEarlierPeriods(db, t.tenantId, 'month', 'routine', '2026-03-31', 5)).toEqual(
        [],
      );
    });

    it('close freezes: no facts, no scheme change, no second close; reopen needs a reason; all ledgered', async () => {
      const p = await createPeriod(db, t.tenantId, {
        ...march,
        name: 'close me',
        startsOn: '2026-05-01',
        endsOn: '2026-05-31',
      });
      const moved = await setPeriodSchemeVersion(db, t.tenantId, p.id, 1, by);
      expect(moved.schemeVersion).toBe(1);
      const closed = await closePeriod(db, t.tenantId, p.id, by);
      expect(closed).toMatchObject({ status: 'closed', closedBy: by, schemeVersion: 1 });
      expect(closed.closedAt).toBeInstanceOf(Date);
      const fact = {
        periodId: p.id,
        subject: { kind: 'person' as const, id: t.people.cadre },
        indicator: 'x',
        value: '1',
        source: 'manual' as const,
        recordedBy: t.people.office,
      };
      expect(await storeRefusal(appendFacts(db, t.tenantId, [fact]))).toEqual([
        'period-closed',
        'periodId',
      ]);
      expect(await storeRefusal(closePeriod(db, t.tenantId, p.id, by))).toEqual([
        'period-closed',
        'periodId',
      ]);
      expect(await storeRefusal(setPeriodSchemeVersion(db, t.tenantId, p.id, 2, by))).toEqual([
        'period-closed',
        'periodId',
      ]);
      expect(await storeRefusal(reopenPeriod(db, t.tenantId, p.id, by, '  '))).toEqual([
        'invalid-input',
        'reason',
      ]);
      expect(await storeRefusal(reopenPeriod(db, other.tenantId, p.id, by, 'x'))).toEqual([
        'period-not-found',
        'periodId',
      ]);
      const reopened = await reopenPeriod(db, t.tenantId, p.id, by, ' 补录督查扣分 ');
      expect(reopened).toMatchObject({
        status: 'open',
        reopenReason: '补录督查扣分',
        reopenedBy: by,
        closedAt: null,
      });
      expect(await storeRefusal(reopenPeriod(db, t.tenantId, p.id, by, 'again'))).toEqual([
        'period-not-closed',
        'periodId',
      ]);
      expect(await appendFacts(db, t.tenantId, [fact])).toHaveLength(1);
      const events = (await ledgerEvents(db, t.tenantId)).filter((e) => e.ref === p.id);
      expect(events.map((e) => e.body.event)).toEqual([
        'created',
        'scheme-changed',
        'closed',
        'reopened',
      ]);
      expect(events[2]!.body).toMatchObject({
        by,
        period: { schemeVersion: 1 },
        results: { people: 0 },
      });
      expect(events[3]!.body).toMatchObject({ by, reason: '补录督查扣分' });
      expect((await getPeriod(db, t.tenantId, p.id))?.status).toBe('open');
      expect(await getPeriod(db, other.tenantId, p.id)).toBeUndefined();
      expect((await verifyLedger(db, t.tenantId)).ok).toBe(true);
    });
  });
});
