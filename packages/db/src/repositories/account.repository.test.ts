import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../connect.ts';
import { openTestDatabase, seedTestTenant, testBackends, type TestTenant } from '../testing.ts';
import {
  findAccountRow,
  insertAccount,
  isPersonInTenant,
  listAccounts,
  resetPasswordHash,
  unitIdsInTenant,
  unlockAccount,
  updateAccount,
  usernameExists,
} from './account.repository.ts';
import { replaceGrants, updateLoginState } from './identity.repository.ts';

const now = new Date('2026-03-02T08:00:00Z');

describe.each(testBackends())('account repository on %s', (backend) => {
  let handle: DatabaseHandle;
  let t1: TestTenant;
  let t2: TestTenant;
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    t1 = await seedTestTenant(handle.db, 't1', 'hash-1');
    t2 = await seedTestTenant(handle.db, 't2', 'hash-2');
  });
  afterAll(async () => {
    await handle.close();
  });

  describe(listAccounts, () => {
    it('lists only the tenant’s accounts, by username, with person names and grants', async () => {
      const { items, total } = await listAccounts(
        handle.db,
        t1.tenantId,
        { page: 1, pageSize: 50 },
        now,
      );
      expect(total).toBe(6);
      expect(typeof total).toBe('number');
      expect(items.map((a) => a.username)).toEqual([
        'assessment_office',
        'cadre',
        'leader',
        'supervision_office',
        'system_admin',
        'unit_head',
      ]);
      const t2Ids = new Set(Object.values(t2.accounts));
      expect(items.some((a) => t2Ids.has(a.accountId))).toBe(false);
      const leader = items.find((a) => a.username === 'leader');
      expect(leader).toMatchObject({
        personId: t1.people.leader,
        personName: '领导丙',
        disabled: false,
        locked: false,
        lockedUntil: null,
        mustChangePassword: false,
        grants: [
          {
            role: 'leader',
            scope: 'subtree',
            unitId: t1.units.town.id,
            unitPath: t1.units.town.path,
          },
        ],
      });
      expect(leader).not.toHaveProperty('passwordHash');
    });

    it.each([
      ['lead', ['leader']],
      ['LEAD', ['leader']],
      ['干部', ['cadre']],
      ['office', ['assessment_office', 'supervision_office']],
      ['%', []],
      ['_', ['assessment_office', 'supervision_office', 'system_admin', 'unit_head']],
      [
        '  ',
        ['assessment_office', 'cadre', 'leader', 'supervision_office', 'system_admin', 'unit_head'],
      ],
    ])('filters by username or person name: %j', async (q, expected) => {
      const { items, total } = await listAccounts(
        handle.db,
        t1.tenantId,
        { q, page: 1, pageSize: 50 },
        now,
      );
      expect(items.map((a) => a.username)).toEqual(expected);
      expect(total).toBe(expected.length);
    });

    it('pages, counting all matches', async () => {
      const first = await listAccounts(handle.db, t1.tenantId, { page: 1, pageSize: 4 }, now);
      const second = await listAccounts(handle.db, t1.tenantId, { page: 2, pageSize: 4 }, now);
      expect(first.total).toBe(6);
      expect(second.total).toBe(6);
      expect(first.items).toHaveLength(4);
      expect(second.items.map((a) => a.username)).toEqual(['system_admin', 'unit_head']);
      const beyond = await listAccounts(handle.db, t1.tenantId, { page: 9, pageSize: 4 }, now);
      expect(beyond).toEqual({ items: [], total: 6 });
    });

    it('computes the locked flag against the given time', async () => {
      const id = t2.accounts.cadre;
      const until = new Date(now.getTime() + 30 * 60_000);
      await updateLoginState(handle.db, t2.tenantId, id, { failedCount: 5, lockedUntil: until });
      const before = await findAccountRow(handle.db, t2.tenantId, id, now);
      const after = await findAccountRow(handle.db, t2.tenantId, id, until);
      expect(before).toMatchObject({ locked: true, lockedUntil: until });
      expect(after).toMatchObject({ locked: false, lockedUntil: until });
      await unlockAccount(handle.db, t2.tenantId, id);
      expect(await findAccountRow(handle.db, t2.tenantId, id, now)).toMatchObject({
        locked: false,
        lockedUntil: null,
      });
      const row = await handle.db
        .selectFrom('account')
        .select('failed_count')
        .where('account_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.failed_count).toBe(0);
    });
  });

  describe(findAccountRow, () => {
    it('does not find another tenant’s account', async () => {
      expect(await findAccountRow(handle.db, t1.tenantId, t2.accounts.cadre, now)).toBeUndefined();
      expect(await findAccountRow(handle.db, t1.tenantId, t1.accounts.cadre, now)).toBeDefined();
    });
  });

  describe(insertAccount, () => {
    it('creates an account without a person that must change its password', async () => {
      const id = await insertAccount(handle.db, {
        tenantId: t1.tenantId,
        username: 'new.user',
        personId: null,
        passwordHash: 'h',
        mustChangePassword: true,
        now,
      });
      await replaceGrants(handle.db, t1.tenantId, id, [
        { role: 'supervision_office', scope: 'tenant', unitId: null },
      ]);
      expect(await findAccountRow(handle.db, t1.tenantId, id, now)).toMatchObject({
        username: 'new.user',
        personId: null,
        personName: null,
        mustChangePassword: true,
        lastLoginAt: null,
        grants: [{ role: 'supervision_office', scope: 'tenant', unitId: null, unitPath: null }],
      });
      expect(await usernameExists(handle.db, t1.tenantId, 'new.user')).toBe(true);
      expect(await usernameExists(handle.db, t2.tenantId, 'new.user')).toBe(false);
    });

    it('refuses a duplicate username in one tenant but allows it in another', async () => {
      const account = {
        username: 'twin',
        personId: null,
        passwordHash: 'h',
        mustChangePassword: true,
        now,
      };
      await insertAccount(handle.db, { ...account, tenantId: t1.tenantId });
      await insertAccount(handle.db, { ...account, tenantId: t2.tenantId });
      await expect(
        insertAccount(handle.db, { ...account, tenantId: t1.tenantId }),
      ).rejects.toThrow();
    });

    it('refuses to link a person of another tenant', async () => {
      await expect(
        insertAccount(handle.db, {
          tenantId: t1.tenantId,
          username: 'cross',
          personId: t2.people.cadre,
          passwordHash: 'h',
          mustChangePassword: true,
          now,
        }),
      ).rejects.toThrow();
    });
  });

  describe(updateAccount, () => {
    it('changes only what is given', async () => {
      const id = t1.accounts.unit_head;
      await updateAccount(handle.db, t1.tenantId, id, { disabled: true });
      expect(await findAccountRow(handle.db, t1.tenantId, id, now)).toMatchObject({
        disabled: true,
        personId: t1.people.head,
      });
      await updateAccount(handle.db, t1.tenantId, id, { personId: null });
      expect(await findAccountRow(handle.db, t1.tenantId, id, now)).toMatchObject({
        disabled: true,
        personId: null,
        personName: null,
      });
      await updateAccount(handle.db, t1.tenantId, id, {});
      await updateAccount(handle.db, t1.tenantId, id, {
        disabled: false,
        personId: t1.people.head,
      });
      expect(await findAccountRow(handle.db, t1.tenantId, id, now)).toMatchObject({
        disabled: false,
        personName: '主任丁',
      });
    });

    it('does not touch another tenant’s account of the given id', async () => {
      await updateAccount(handle.db, t1.tenantId, t2.accounts.leader, { disabled: true });
      expect(await findAccountRow(handle.db, t2.tenantId, t2.accounts.leader, now)).toMatchObject({
        disabled: false,
      });
    });
  });

  describe(resetPasswordHash, () => {
    it('sets the hash, requires a change, and clears any lockout', async () => {
      const id = t1.accounts.leader;
      await updateLoginState(handle.db, t1.tenantId, id, {
        failedCount: 5,
        lockedUntil: new Date(now.getTime() + 60_000),
      });
      await resetPasswordHash(handle.db, t1.tenantId, id, 'new-hash', now);
      const row = await handle.db
        .selectFrom('account')
        .selectAll()
        .where('tenant_id', '=', t1.tenantId)
        .where('account_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        password_hash: 'new-hash',
        must_change_password: true,
        failed_count: 0,
        locked_until: null,
        password_changed_at: now,
      });
    });
  });

  describe(unitIdsInTenant, () => {
    it('keeps only the ids of units in the tenant', async () => {
      const found = await unitIdsInTenant(handle.db, t1.tenantId, [
        t1.units.town.id,
        t2.units.town.id,
      ]);
      expect([...found]).toEqual([t1.units.town.id]);
      expect(await unitIdsInTenant(handle.db, t1.tenantId, [])).toEqual(new Set());
    });
  });

  describe(isPersonInTenant, () => {
    it('answers per tenant', async () => {
      expect(await isPersonInTenant(handle.db, t1.tenantId, t1.people.cadre)).toBe(true);
      expect(await isPersonInTenant(handle.db, t1.tenantId, t2.people.cadre)).toBe(false);
    });
  });
});
