import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import { verifyLedger } from './ledger.ts';
import { seedLedgerTenant } from './ledger-fixtures.ts';
import { appendWorkEvents } from './work-events.ts';

describe.each(testBackends())('work events on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
  });
  afterAll(async () => {
    await handle.close();
  });

  it('appends events, chains each into the ledger and verifies', async () => {
    const { tenantId } = await seedLedgerTenant(db, 'work-events');
    const stored = await appendWorkEvents(db, tenantId, [
      {
        kind: 'light-changed',
        taskId: null,
        stepId: null,
        actorPersonId: null,
        actorAccountId: null,
        at: '2026-11-22T01:00:00Z',
        body: { from: 'green', to: 'red' },
      },
      {
        kind: 'card-issued',
        taskId: null,
        stepId: null,
        actorPersonId: null,
        actorAccountId: null,
        at: '2026-11-30T16:00:00Z',
        body: { colour: 'red' },
      },
    ]);
    expect(stored.map((e) => e.seq)).toEqual([1, 2]);
    const rows = await db
      .selectFrom('ledger_entry')
      .select(['kind', 'ref_id'])
      .where('tenant_id', '=', tenantId)
      .orderBy('seq')
      .execute();
    expect(rows).toEqual(stored.map((e) => ({ kind: 'work', ref_id: e.id })));
    const events = await db
      .selectFrom('work_event')
      .select(['kind', 'body'])
      .where('tenant_id', '=', tenantId)
      .orderBy('at')
      .execute();
    expect(events).toEqual([
      { kind: 'light-changed', body: { from: 'green', to: 'red' } },
      { kind: 'card-issued', body: { colour: 'red' } },
    ]);
    expect(await verifyLedger(db, tenantId)).toMatchObject({ ok: true, entries: 2 });
  });
});
