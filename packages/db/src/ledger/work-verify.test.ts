import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import { verifyLedger } from './ledger.ts';
import { seedLedgerTenant } from './ledger-fixtures.ts';
import { appendWorkEvents } from './work-events.ts';

/** Run `work` in a transaction that is always rolled back, so tampering never leaks. */
async function inRolledBack(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<void>) {
  const rollback = new Error('rollback');
  await expect(
    db.transaction().execute(async (trx) => {
      await work(trx);
      throw rollback;
    }),
  ).rejects.toBe(rollback);
}

describe.each(testBackends())('ledger verify of work events on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let tenantId = '';
  let second = '';
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    tenantId = (await seedLedgerTenant(db, 'work-verify')).tenantId;
    const stored = await appendWorkEvents(
      db,
      tenantId,
      ['step-started', 'step-completed', 'light-changed'].map((kind, i) => ({
        kind: kind as 'step-started',
        taskId: null,
        stepId: null,
        actorPersonId: null,
        actorAccountId: null,
        at: `2026-03-0${i + 1}T02:00:00Z`,
        body: i === 2 ? { from: 'green', to: 'red' } : { note: `n${i}` },
      })),
    );
    second = stored[1]?.id ?? '';
  });
  afterAll(async () => {
    await handle.close();
  });

  it('verifies intact work events', async () => {
    expect(await verifyLedger(db, tenantId)).toMatchObject({ ok: true, entries: 3 });
  });

  it.each([
    ['the body', `body = '{"note":"forged"}'::jsonb`],
    ['the instant', `at = at + interval '1 hour'`],
    ['the kind', `kind = 'step-approved'`],
    ['the actor', `actor_person_id = gen_random_uuid()`],
  ])('names a work event whose %s changed after it was ledgered', async (_label, set) => {
    await inRolledBack(db, async (trx) => {
      await sql.raw(`ALTER TABLE work_event DISABLE TRIGGER ALL`).execute(trx);
      const { numAffectedRows } = await sql
        .raw(`UPDATE work_event SET ${set} WHERE event_id = '${second}'`)
        .execute(trx);
      expect(numAffectedRows).toBe(1n);
      expect(await verifyLedger(trx, tenantId)).toMatchObject({
        ok: false,
        entries: 1,
        firstBroken: { seq: 2, kind: 'work', refId: second, reason: 'record-mismatch' },
      });
    });
    expect((await verifyLedger(db, tenantId)).ok).toBe(true);
  });

  it('names a work event that is gone', async () => {
    await inRolledBack(db, async (trx) => {
      await sql.raw(`ALTER TABLE work_event DISABLE TRIGGER ALL`).execute(trx);
      await sql.raw(`DELETE FROM work_event WHERE event_id = '${second}'`).execute(trx);
      expect(await verifyLedger(trx, tenantId)).toMatchObject({
        ok: false,
        firstBroken: { seq: 2, reason: 'missing-record' },
      });
    });
  });
});
