import type { Kysely } from 'kysely';
import type { Grant, Role, Scope } from '@tianheng/core';
import type { Account, Database } from '../schema.ts';

/** An account with the grants it holds, each grant's unit path resolved. */
export interface AccountWithGrants {
  readonly account: Account;
  readonly grants: Grant[];
  readonly personName: string | null;
}

/** Find an account by tenant and username. */
export function findAccountByUsername(
  db: Kysely<Database>,
  tenantId: string,
  username: string,
): Promise<Account | undefined> {
  return db
    .selectFrom('account')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('username', '=', username)
    .executeTakeFirst();
}

/** Load an account, its person's name and its grants with unit paths. */
export async function loadAccountWithGrants(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
): Promise<AccountWithGrants | undefined> {
  const account = await db
    .selectFrom('account')
    .leftJoin('person', (j) =>
      j
        .onRef('person.tenant_id', '=', 'account.tenant_id')
        .onRef('person.person_id', '=', 'account.person_id'),
    )
    .selectAll('account')
    .select('person.name as person_name')
    .where('account.tenant_id', '=', tenantId)
    .where('account.account_id', '=', accountId)
    .executeTakeFirst();
  if (!account) return undefined;
  const grants = await listGrants(db, tenantId, [accountId]);
  const { person_name, ...rest } = account;
  return { account: rest, grants: grants.get(accountId) ?? [], personName: person_name };
}

/** Grants of several accounts at once, keyed by account id. */
export async function listGrants(
  db: Kysely<Database>,
  tenantId: string,
  accountIds: readonly string[],
): Promise<Map<string, Grant[]>> {
  const byAccount = new Map<string, Grant[]>();
  if (accountIds.length === 0) return byAccount;
  const rows = await db
    .selectFrom('role_grant')
    .leftJoin('unit', (j) =>
      j
        .onRef('unit.tenant_id', '=', 'role_grant.tenant_id')
        .onRef('unit.unit_id', '=', 'role_grant.unit_id'),
    )
    .select([
      'role_grant.account_id',
      'role_grant.role',
      'role_grant.scope',
      'role_grant.unit_id',
      'unit.path',
    ])
    .where('role_grant.tenant_id', '=', tenantId)
    .where('role_grant.account_id', 'in', accountIds)
    .orderBy('role_grant.role')
    .execute();
  for (const row of rows) {
    const list = byAccount.get(row.account_id) ?? [];
    list.push({
      role: row.role,
      scope: row.scope,
      unitId: row.unit_id,
      unitPath: row.scope === 'tenant' ? null : row.path,
    });
    byAccount.set(row.account_id, list);
  }
  return byAccount;
}

/** Replace all grants of an account. */
export async function replaceGrants(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  grants: readonly { role: Role; scope: Scope; unitId: string | null }[],
): Promise<void> {
  await db
    .deleteFrom('role_grant')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .execute();
  if (grants.length === 0) return;
  await db
    .insertInto('role_grant')
    .values(
      grants.map((g) => ({
        tenant_id: tenantId,
        account_id: accountId,
        role: g.role,
        scope: g.scope,
        unit_id: g.scope === 'tenant' ? null : g.unitId,
      })),
    )
    .execute();
}

/** Record the outcome of a login attempt on the account's counters. */
export async function updateLoginState(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  state: { failedCount: number; lockedUntil: Date | null; lastLoginAt?: Date },
): Promise<void> {
  await db
    .updateTable('account')
    .set({
      failed_count: state.failedCount,
      locked_until: state.lockedUntil,
      ...(state.lastLoginAt ? { last_login_at: state.lastLoginAt } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .execute();
}

/** Store a new password hash; `mustChange` marks an initial or reset password. */
export async function setPasswordHash(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  passwordHash: string,
  mustChange: boolean,
  now: Date,
): Promise<void> {
  await db
    .updateTable('account')
    .set({
      password_hash: passwordHash,
      must_change_password: mustChange,
      password_changed_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .execute();
}

/** A session row joined with its tenant. */
export interface SessionRow {
  readonly tenantId: string;
  readonly accountId: string;
  readonly lastSeenAt: Date;
}

/** Create a session for an account. */
export async function insertSession(
  db: Kysely<Database>,
  session: {
    tenantId: string;
    sessionHash: string;
    accountId: string;
    now: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      tenant_id: session.tenantId,
      session_hash: session.sessionHash,
      account_id: session.accountId,
      created_at: session.now,
      last_seen_at: session.now,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

/** Find a session by the hash of its token (tenant unknown until found). */
export async function findSession(
  db: Kysely<Database>,
  sessionHash: string,
): Promise<SessionRow | undefined> {
  const row = await db
    .selectFrom('session')
    .select(['tenant_id', 'account_id', 'last_seen_at'])
    .where('session_hash', '=', sessionHash)
    .executeTakeFirst();
  return (
    row && { tenantId: row.tenant_id, accountId: row.account_id, lastSeenAt: row.last_seen_at }
  );
}

/** Mark a session as used now (sliding idle expiry). */
export async function touchSession(
  db: Kysely<Database>,
  tenantId: string,
  sessionHash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('session')
    .set({ last_seen_at: now })
    .where('tenant_id', '=', tenantId)
    .where('session_hash', '=', sessionHash)
    .execute();
}

/** End one session. */
export async function deleteSession(
  db: Kysely<Database>,
  tenantId: string,
  sessionHash: string,
): Promise<void> {
  await db
    .deleteFrom('session')
    .where('tenant_id', '=', tenantId)
    .where('session_hash', '=', sessionHash)
    .execute();
}

/** End every session of an account (password change, disable), optionally keeping one. */
export async function deleteAccountSessions(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  keepHash?: string,
): Promise<void> {
  let q = db
    .deleteFrom('session')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId);
  if (keepHash !== undefined) q = q.where('session_hash', '!=', keepHash);
  await q.execute();
}

/** A session with what a request needs of its account and tenant (one join, no grants). */
export interface SessionWithAccount {
  readonly tenantId: string;
  readonly tenantCode: string;
  readonly accountId: string;
  readonly username: string;
  readonly personId: string | null;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly lastSeenAt: Date;
}

/** Find a session by the hash of its token, joined with its account and tenant. */
export async function findSessionWithAccount(
  db: Kysely<Database>,
  sessionHash: string,
): Promise<SessionWithAccount | undefined> {
  return db
    .selectFrom('session as s')
    .innerJoin('account as a', (j) =>
      j.onRef('a.tenant_id', '=', 's.tenant_id').onRef('a.account_id', '=', 's.account_id'),
    )
    .innerJoin('tenant as t', 't.tenant_id', 's.tenant_id')
    .select([
      's.tenant_id as tenantId',
      't.code as tenantCode',
      's.account_id as accountId',
      'a.username',
      'a.person_id as personId',
      'a.disabled',
      'a.must_change_password as mustChangePassword',
      's.last_seen_at as lastSeenAt',
    ])
    .where('s.session_hash', '=', sessionHash)
    .executeTakeFirst();
}
