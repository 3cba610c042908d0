import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import { appendAudit, listAudit, type NewAuditEntry } from './audit.repository.ts';
import * as auditRepository from './audit.repository.ts';

const minute = (n: number) => new Date(Date.UTC(2026, 2, 2, 8, n));

describe.each(testBackends())('audit repository on %s', (backend) => {
  let handle: DatabaseHandle;
  let t1: string;
  let t2: string;
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    const tenant = (code: string) =>
      handle.db
        .insertInto('tenant')
        .values({ code, name: code })
        .returning('tenant_id')
        .executeTakeFirstOrThrow()
        .then((r) => r.tenant_id);
    t1 = await tenant('t1');
    t2 = await tenant('t2');
    const base = (tenantId: string): Omit<NewAuditEntry, 'at' | 'action'> => ({
      tenantId,
      actorAccountId: null,
      actorUsername: 'system_admin',
      objectType: 'account',
      objectId: null,
      result: 'success',
      ip: '127.0.0.1',
    });
    const entries: NewAuditEntry[] = [
      { ...base(t1), at: minute(1), action: 'auth.login' },
      { ...base(t1), at: minute(2), action: 'account.create', detail: { username: 'x' } },
      { ...base(t1), at: minute(3), action: 'account.grants.replace' },
      { ...base(t1), at: minute(4), action: 'accountx.other', objectType: 'unit' },
      {
        ...base(t1),
        at: minute(5),
        action: 'auth.login',
        actorUsername: 'cadre',
        result: 'failure',
      },
      {
        ...base(t1),
        at: minute(5),
        action: 'unit.write',
        actorUsername: 'leader',
        result: 'denied',
      },
      { ...base(t1), at: minute(6), action: 'a%b', actorUsername: null },
      { ...base(t2), at: minute(3), action: 'account.create' },
    ];
    for (const entry of entries) await appendAudit(handle.db, entry);
  });
  afterAll(async () => {
    await handle.close();
  });

  const page = { page: 1, pageSize: 50 };

  describe(listAudit, () => {
    it('lists only the tenant’s entries, newest first, ties by insertion order', async () => {
      const { items, total } = await listAudit(handle.db, t1, page);
      expect(total).toBe(7);
      expect(items.map((e) => e.action)).toEqual([
        'a%b',
        'unit.write',
        'auth.login',
        'accountx.other',
        'account.grants.replace',
        'account.create',
        'auth.login',
      ]);
      expect(items[5]).toMatchObject({
        actorUsername: 'system_admin',
        objectType: 'account',
        result: 'success',
        detail: { username: 'x' },
        ip: '127.0.0.1',
        at: minute(2),
      });
      expect(typeof items[0]?.id).toBe('string');
    });

    it.each([
      ['action prefix', { action: 'account.' }, ['account.grants.replace', 'account.create']],
      [
        'action prefix without dot',
        { action: 'account' },
        ['accountx.other', 'account.grants.replace', 'account.create'],
      ],
      ['action wildcard is literal', { action: 'a%' }, ['a%b']],
      [
        'actor contains, any case',
        { actor: 'ADMIN' },
        ['accountx.other', 'account.grants.replace', 'account.create', 'auth.login'],
      ],
      [
        'actor wildcard is literal',
        { actor: '_' },
        ['accountx.other', 'account.grants.replace', 'account.create', 'auth.login'],
      ],
      ['object type', { objectType: 'unit' }, ['accountx.other']],
      ['result', { result: 'denied' as const }, ['unit.write']],
      ['from (inclusive)', { from: minute(5) }, ['a%b', 'unit.write', 'auth.login']],
      ['to (inclusive)', { to: minute(2) }, ['account.create', 'auth.login']],
      [
        'from and to',
        { from: minute(3), to: minute(4) },
        ['accountx.other', 'account.grants.replace'],
      ],
      [
        'everything at once',
        {
          from: minute(1),
          to: minute(9),
          actor: 'cad',
          action: 'auth.',
          result: 'failure' as const,
          objectType: 'account',
        },
        ['auth.login'],
      ],
    ])('filters by %s', async (_label, filters, expected) => {
      const { items, total } = await listAudit(handle.db, t1, { ...page, ...filters });
      expect(items.map((e) => e.action)).toEqual(expected);
      expect(total).toBe(expected.length);
    });

    it('pages with the total of all matches', async () => {
      const second = await listAudit(handle.db, t1, { page: 2, pageSize: 3 });
      expect(second.total).toBe(7);
      expect(second.items.map((e) => e.action)).toEqual([
        'accountx.other',
        'account.grants.replace',
        'account.create',
      ]);
    });
  });

  it('offers no way to change the log: the module exports no update or delete', () => {
    expect(Object.keys(auditRepository).sort()).toEqual(['appendAudit', 'listAudit']);
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database, whatever the caller', async () => {
    await expect(sql`UPDATE audit_log SET action = 'forged'`.execute(handle.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      handle.db.updateTable('audit_log').set({ actor_username: 'forged' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      handle.db.deleteFrom('audit_log').where('tenant_id', '=', t1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(handle.db)).rejects.toThrow(/append-only/);
    // Nor inside a transaction that would otherwise commit.
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await appendAudit(trx, {
          tenantId: t1,
          at: minute(9),
          actorAccountId: null,
          actorUsername: 'x',
          action: 'cover.up',
          objectType: 'x',
          objectId: null,
          result: 'success',
          ip: null,
        });
        await sql`DELETE FROM audit_log WHERE action = 'auth.login'`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
    expect((await listAudit(handle.db, t1, page)).total).toBe(7);
    expect((await listAudit(handle.db, t2, page)).total).toBe(1);
  });
});
