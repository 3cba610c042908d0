import { sql, type Kysely } from 'kysely';
import { isLocked, type Grant } from '@tianheng/core';
import type { Database } from '../schema.ts';
import { listGrants, loadAccountWithGrants } from './identity.repository.ts';

/** An account as the administration pages list it (no password hash). */
export interface AccountListRow {
  readonly accountId: string;
  readonly username: string;
  readonly personId: string | null;
  readonly personName: string | null;
  readonly disabled: boolean;
  /** True while a login lock is in force at the `now` the list was read with. */
  readonly locked: boolean;
  readonly lockedUntil: Date | null;
  readonly mustChangePassword: boolean;
  readonly lastLoginAt: Date | null;
  readonly grants: Grant[];
}

/** Filters and paging of the account list. */
export interface AccountListFilters {
  /** Part of the username or of the linked person's name. */
  readonly q?: string;
  readonly page: number;
  readonly pageSize: number;
}

/** Escape LIKE wildcards so user input matches literally. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function accountsQuery(db: Kysely<Database>, tenantId: string, q: string | undefined) {
  let query = db
    .selectFrom('account')
    .leftJoin('person', (j) =>
      j
        .onRef('person.tenant_id', '=', 'account.tenant_id')
        .onRef('person.person_id', '=', 'account.person_id'),
    )
    .where('account.tenant_id', '=', tenantId);
  const needle = q?.trim();
  if (needle) {
    const pattern = likeContains(needle);
    query = query.where((eb) =>
      eb.or([eb('account.username', 'ilike', pattern), eb('person.name', 'ilike', pattern)]),
    );
  }
  return query;
}

/** List a tenant's accounts with person names and grants, by username, one page at a time. */
export async function listAccounts(
  db: Kysely<Database>,
  tenantId: string,
  filters: AccountListFilters,
  now: Date,
): Promise<{ items: AccountListRow[]; total: number }> {
  const { total } = await accountsQuery(db, tenantId, filters.q)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  const rows = await accountsQuery(db, tenantId, filters.q)
    .selectAll('account')
    .select('person.name as person_name')
    .orderBy('account.username')
    .orderBy('account.account_id')
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize)
    .execute();
  const grants = await listGrants(
    db,
    tenantId,
    rows.map((r) => r.account_id),
  );
  return {
    total,
    items: rows.map((r) => ({
      accountId: r.account_id,
      username: r.username,
      personId: r.person_id,
      personName: r.person_name,
      disabled: r.disabled,
      locked: isLocked({ failedCount: r.failed_count, lockedUntil: r.locked_until }, now),
      lockedUntil: r.locked_until,
      mustChangePassword: r.must_change_password,
      lastLoginAt: r.last_login_at,
      grants: grants.get(r.account_id) ?? [],
    })),
  };
}

/** Load one account of a tenant as the list shows it; undefined when it is not in the tenant. */
export async function findAccountRow(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  now: Date,
): Promise<AccountListRow | undefined> {
  const loaded = await loadAccountWithGrants(db, tenantId, accountId);
  if (!loaded) return undefined;
  const { account, grants, personName } = loaded;
  return {
    accountId: account.account_id,
    username: account.username,
    personId: account.person_id,
    personName,
    disabled: account.disabled,
    locked: isLocked({ failedCount: account.failed_count, lockedUntil: account.locked_until }, now),
    lockedUntil: account.locked_until,
    mustChangePassword: account.must_change_password,
    lastLoginAt: account.last_login_at,
    grants,
  };
}

/** Create an account and return its id; grants are added with replaceGrants. */
export async function insertAccount(
  db: Kysely<Database>,
  account: {
    tenantId: string;
    username: string;
    personId: string | null;
    passwordHash: string;
    mustChangePassword: boolean;
    now: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('account')
    .values({
      tenant_id: account.tenantId,
      username: account.username,
      person_id: account.personId,
      password_hash: account.passwordHash,
      must_change_password: account.mustChangePassword,
      password_changed_at: account.now,
      created_at: account.now,
    })
    .returning('account_id')
    .executeTakeFirstOrThrow();
  return row.account_id;
}

/** Change whether an account is disabled and which person it belongs to (absent = unchanged). */
export async function updateAccount(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  changes: { disabled?: boolean; personId?: string | null },
): Promise<void> {
  const set = {
    ...(changes.disabled === undefined ? {} : { disabled: changes.disabled }),
    ...(changes.personId === undefined ? {} : { person_id: changes.personId }),
  };
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('account')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .execute();
}

/**
 * Set a password chosen by an administrator: it must be changed at the next login, and
 * any lockout is cleared so the owner can use it at once.
 */
export async function resetPasswordHash(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('account')
    .set({
      password_hash: passwordHash,
      must_change_password: true,
      password_changed_at: now,
      failed_count: 0,
      locked_until: null,
    })
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .execute();
}

/** Lift a login lock and forget the failed attempts. */
export async function unlockAccount(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
): Promise<void> {
  await db
    .updateTable('account')
    .set({ failed_count: 0, locked_until: null })
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .execute();
}

/** True when a username is already used in the tenant. */
export async function usernameExists(
  db: Kysely<Database>,
  tenantId: string,
  username: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('account')
    .select('account_id')
    .where('tenant_id', '=', tenantId)
    .where('username', '=', username)
    .executeTakeFirst();
  return row !== undefined;
}

/** The ids among `unitIds` that exist in the tenant. */
export async function unitIdsInTenant(
  db: Kysely<Database>,
  tenantId: string,
  unitIds: readonly string[],
): Promise<Set<string>> {
  if (unitIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('unit')
    .select('unit_id')
    .where('tenant_id', '=', tenantId)
    .where('unit_id', 'in', unitIds)
    .execute();
  return new Set(rows.map((r) => r.unit_id));
}

/** True when a person exists in the tenant. */
export async function isPersonInTenant(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('person')
    .select('person_id')
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row !== undefined;
}
