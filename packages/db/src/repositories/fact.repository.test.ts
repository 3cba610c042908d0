import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import { appendFacts, appendLedgerEvent, verifyLedger, type NewFactRow } from '../ledger/ledger.ts';
import { seedLedgerTenant, storeRefusal } from '../ledger/ledger-fixtures.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import type { NewAuditEntry } from './audit.repository.ts';
import { appendFactAudited, listPeriodFacts } from './fact.repository.ts';

const SUBJECT = '00000000-0000-4000-8000-000000000001';

describe.each(testBackends())('appendFactAudited on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
  });
  afterAll(async () => {
    await handle.close();
  });

  const fact = (periodId: string, value: string, supersedes?: string): NewFactRow => ({
    periodId,
    subject: { kind: 'person', id: SUBJECT },
    indicator: 'discipline',
    value,
    payload: { item: 'late' },
    source: 'manual',
    evidence: { note: '迟到' },
    recordedBy: null,
    recordedAt: '2026-03-10T08:00:00.000Z',
    ...(supersedes === undefined ? {} : { supersedes }),
  });
  const audit =
    (tenantId: string) =>
    (f: { id: string }): NewAuditEntry => ({
      tenantId,
      at: new Date('2026-03-10T08:00:00.000Z'),
      actorAccountId: null,
      actorUsername: 'system',
      action: 'fact.record',
      objectType: 'fact',
      objectId: f.id,
      result: 'success',
      detail: { note: 'test' },
      ip: null,
    });
  const append = (tenantId: string, row: NewFactRow) =>
    db.transaction().execute((trx) => appendFactAudited(trx, tenantId, row, audit(tenantId)));
  const audited = async (tenantId: string) =>
    (
      await db
        .selectFrom('audit_log')
        .select('object_id')
        .where('tenant_id', '=', tenantId)
        .where('action', '=', 'fact.record')
        .orderBy('audit_id')
        .execute()
    ).map((r) => r.object_id);

  it('stores the fact as appendFacts would, chains it and audits it in the same transaction', async () => {
    const { tenantId, periodId } = await seedLedgerTenant(db, 'fast-1');
    const stored = await append(tenantId, fact(periodId, '2'));
    expect(await listPeriodFacts(db, tenantId, [periodId])).toEqual([stored]);
    expect(await verifyLedger(db, tenantId)).toMatchObject({ ok: true, entries: 1 });
    expect(await audited(tenantId)).toEqual([stored.id]);
  });

  it('keeps one chain whatever else appends, rolls back or corrects in between (property)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('fast', 'bulk', 'event', 'rollback', 'correct'), {
          minLength: 1,
          maxLength: 8,
        }),
        async (steps) => {
          const { tenantId, periodId } = await seedLedgerTenant(db, `fast-p${n++}`);
          const kept: string[] = [];
          let last: string | undefined;
          for (const step of steps) {
            if (step === 'fast') {
              last = (await append(tenantId, fact(periodId, '1'))).id;
              kept.push(last);
            } else if (step === 'bulk') {
              last = (await appendFacts(db, tenantId, [fact(periodId, '3')]))[0]!.id;
              kept.push(last);
            } else if (step === 'event') {
              await appendLedgerEvent(db, tenantId, 'period', periodId, { step });
            } else if (step === 'correct' && last !== undefined) {
              last = (await append(tenantId, fact(periodId, '0', last))).id;
              kept.push(last);
            } else if (step === 'rollback') {
              // The process remembers a head that the rollback takes away again.
              await db
                .transaction()
                .execute(async (trx) => {
                  await appendFactAudited(trx, tenantId, fact(periodId, '9'), audit(tenantId));
                  throw new Error('roll back');
                })
                .catch((error: unknown) => {
                  if (!(error instanceof Error) || error.message !== 'roll back') throw error;
                });
            }
          }
          expect((await listPeriodFacts(db, tenantId, [periodId])).map((f) => f.id)).toEqual(kept);
          expect((await verifyLedger(db, tenantId)).ok).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('hashes with the tenant’s algorithm', async () => {
    const { tenantId, periodId } = await seedLedgerTenant(db, 'fast-sm3', { ledgerHash: 'sm3' });
    await append(tenantId, fact(periodId, '1'));
    await append(tenantId, fact(periodId, '2'));
    expect(await verifyLedger(db, tenantId)).toMatchObject({ ok: true, entries: 2 });
    const { algorithm } = await db
      .selectFrom('ledger_entry')
      .select('algorithm')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(algorithm).toBe('sm3');
  });

  it('refuses an unknown or closed period and writes nothing', async () => {
    const { tenantId, periodId } = await seedLedgerTenant(db, 'fast-refuse');
    expect(
      await storeRefusal(append(tenantId, fact('00000000-0000-4000-8000-0000000000ff', '1'))),
    ).toEqual(['period-not-found', 'periodId']);
    await db
      .updateTable('period')
      .set({ status: 'closed', closed_at: new Date() })
      .where('period_id', '=', periodId)
      .execute();
    expect(await storeRefusal(append(tenantId, fact(periodId, '1')))).toEqual([
      'period-closed',
      'periodId',
    ]);
    expect(await listPeriodFacts(db, tenantId, [periodId])).toEqual([]);
    expect(await audited(tenantId)).toEqual([]);
  });
});
