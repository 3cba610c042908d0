import {
  authorize,
  checkPassword,
  passwordPolicyOf,
  validateGrant,
  type Action,
  type Role,
  type Scope,
} from '@tianheng/core';
import {
  deleteAccountSessions,
  findAccountRow,
  findTenant,
  insertAccount,
  isPersonInTenant,
  listAccounts,
  replaceGrants,
  resetPasswordHash,
  unitIdsInTenant,
  unlockAccount,
  updateAccount,
  usernameExists,
  type AccountListRow,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { accountChanged } from '../caches/read-caches.ts';
import { AppError } from '../errors.ts';
import { hashPassword } from '../security/password-hash.ts';
import { inTransaction, recordAudit } from './audit.service.ts';

/** A grant as an administrator submits it. */
export interface GrantInput {
  readonly role: Role;
  readonly scope: Scope;
  readonly unitId: string | null;
}

/** What creating an account takes. */
export interface NewAccountInput {
  readonly username: string;
  readonly personId?: string | null;
  readonly initialPassword: string;
  readonly grants: readonly GrantInput[];
}

/**
 * Services are also called outside HTTP (CLI, demo loader), so they check the tenant-level
 * action themselves through the one policy instead of trusting the caller.
 */
function requireAction(ctx: ServiceContext, action: Action): void {
  if (!authorize(ctx.subject, action, { kind: 'tenant' }).ok) throw new AppError('forbidden');
}

/** PostgreSQL's unique_violation, raised when two requests take the same username at once. */
function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
  );
}

async function checkNewPassword(ctx: ServiceContext, password: string, field: string) {
  const tenant = await findTenant(ctx.db, ctx.tenantId);
  const result = checkPassword(password, passwordPolicyOf(tenant?.settings));
  if (!result.ok) throw new AppError(result.reason, field);
}

/** Grants must be well formed and anchored at units of the caller's own tenant. */
async function checkGrants(ctx: ServiceContext, grants: readonly GrantInput[]): Promise<void> {
  for (const [i, grant] of grants.entries()) {
    const valid = validateGrant(grant);
    if (!valid.ok) throw new AppError(valid.reason, `grants.${i}.unitId`);
  }
  const anchored = grants.flatMap((g, i) =>
    g.scope !== 'tenant' && g.unitId !== null ? [{ unitId: g.unitId, i }] : [],
  );
  const found = await unitIdsInTenant(
    ctx.db,
    ctx.tenantId,
    anchored.map((a) => a.unitId),
  );
  const missing = anchored.find((a) => !found.has(a.unitId));
  if (missing) throw new AppError('unit-not-found', `grants.${missing.i}.unitId`);
}

async function checkPerson(ctx: ServiceContext, personId: string | null | undefined) {
  if (personId === null || personId === undefined) return;
  if (!(await isPersonInTenant(ctx.db, ctx.tenantId, personId)))
    throw new AppError('person-not-found', 'personId');
}

async function loadAccount(ctx: ServiceContext, accountId: string): Promise<AccountListRow> {
  const row = await findAccountRow(ctx.db, ctx.tenantId, accountId, ctx.now);
  if (!row) throw new AppError('not-found');
  return row;
}

/** Drop unit ids from tenant-wide grants so what is audited is what is stored. */
function normaliseGrants(grants: readonly GrantInput[]): GrantInput[] {
  return grants.map((g) => ({
    role: g.role,
    scope: g.scope,
    unitId: g.scope === 'tenant' ? null : g.unitId,
  }));
}

/** A page of the tenant's accounts, optionally filtered by username or person name. */
export async function listAccountPage(
  ctx: ServiceContext,
  filters: { q?: string; page: number; pageSize: number },
): Promise<{ items: AccountListRow[]; total: number }> {
  requireAction(ctx, 'account.read');
  return listAccounts(ctx.db, ctx.tenantId, filters, ctx.now);
}

/**
 * Create an account with its grants. The initial password must meet the tenant's policy
 * and, unless `mustChangePassword` is false (demo accounts), be changed at first login.
 */
export async function createAccount(
  ctx: ServiceContext,
  input: NewAccountInput,
  options: {
    mustChangePassword?: boolean;
    /**
     * `initialPassword` hashed ahead of time by the caller (the demo loader hashes on the
     * thread pool while it writes the county); the password itself is still checked against
     * the policy. Not reachable over HTTP.
     */
    passwordHash?: Promise<string>;
  } = {},
): Promise<AccountListRow> {
  requireAction(ctx, 'account.write');
  const username = input.username.trim();
  if (username.length < 2 || username.length > 64 || /\s/.test(username))
    throw new AppError('invalid-input', 'username');
  await checkNewPassword(ctx, input.initialPassword, 'initialPassword');
  await checkGrants(ctx, input.grants);
  await checkPerson(ctx, input.personId);
  if (await usernameExists(ctx.db, ctx.tenantId, username))
    throw new AppError('username-taken', 'username');
  const passwordHash = await (options.passwordHash ?? hashPassword(input.initialPassword));
  const grants = normaliseGrants(input.grants);
  try {
    return await inTransaction(ctx, async (trx) => {
      const accountId = await insertAccount(trx.db, {
        tenantId: trx.tenantId,
        username,
        personId: input.personId ?? null,
        passwordHash,
        mustChangePassword: options.mustChangePassword ?? true,
        now: trx.now,
      });
      await replaceGrants(trx.db, trx.tenantId, accountId, grants);
      await recordAudit(trx, {
        action: 'account.create',
        objectType: 'account',
        objectId: accountId,
        detail: { username, personId: input.personId ?? null, grants },
      });
      return loadAccount(trx, accountId);
    });
  } catch (error) {
    // The pre-check above loses a race with a concurrent create; the constraint does not.
    if (isUniqueViolation(error)) throw new AppError('username-taken', 'username');
    throw error;
  }
}

/**
 * Disable or enable an account, or link it to another person. Disabling ends its
 * sessions at once; an administrator cannot disable their own account.
 */
export async function updateAccountSettings(
  ctx: ServiceContext,
  accountId: string,
  changes: { disabled?: boolean; personId?: string | null },
): Promise<AccountListRow> {
  requireAction(ctx, 'account.write');
  if (changes.disabled === true && accountId === ctx.actor.accountId)
    throw new AppError('cannot-disable-self', 'disabled');
  const before = await loadAccount(ctx, accountId);
  await checkPerson(ctx, changes.personId);
  const after = await inTransaction(ctx, async (trx) => {
    await updateAccount(trx.db, trx.tenantId, accountId, changes);
    if (changes.disabled === true) await deleteAccountSessions(trx.db, trx.tenantId, accountId);
    if (changes.disabled !== undefined && changes.disabled !== before.disabled)
      await recordAudit(trx, {
        action: changes.disabled ? 'account.disable' : 'account.enable',
        objectType: 'account',
        objectId: accountId,
      });
    if (changes.personId !== undefined && changes.personId !== before.personId)
      await recordAudit(trx, {
        action: 'account.person.change',
        objectType: 'account',
        objectId: accountId,
        detail: { from: before.personId, to: changes.personId },
      });
    return loadAccount(trx, accountId);
  });
  accountChanged(ctx, accountId);
  return after;
}

/**
 * Replace all grants of an account. Nobody changes their own grants: an administrator
 * could otherwise remove the last check on themselves or lock themselves out.
 */
export async function replaceAccountGrants(
  ctx: ServiceContext,
  accountId: string,
  grants: readonly GrantInput[],
): Promise<AccountListRow> {
  requireAction(ctx, 'account.write');
  if (accountId === ctx.actor.accountId) throw new AppError('cannot-change-own-grants');
  const before = await loadAccount(ctx, accountId);
  await checkGrants(ctx, grants);
  const after = normaliseGrants(grants);
  const changed = await inTransaction(ctx, async (trx) => {
    await replaceGrants(trx.db, trx.tenantId, accountId, after);
    await recordAudit(trx, {
      action: 'account.grants.replace',
      objectType: 'account',
      objectId: accountId,
      detail: {
        before: before.grants.map(({ role, scope, unitId }) => ({ role, scope, unitId })),
        after,
      },
    });
    return loadAccount(trx, accountId);
  });
  accountChanged(ctx, accountId);
  return changed;
}

/** Set a new password for an account; it must be changed at next login and its sessions end. */
export async function resetAccountPassword(
  ctx: ServiceContext,
  accountId: string,
  newPassword: string,
): Promise<void> {
  requireAction(ctx, 'account.write');
  await loadAccount(ctx, accountId);
  await checkNewPassword(ctx, newPassword, 'newPassword');
  const hash = await hashPassword(newPassword);
  await inTransaction(ctx, async (trx) => {
    await resetPasswordHash(trx.db, trx.tenantId, accountId, hash, trx.now);
    await deleteAccountSessions(trx.db, trx.tenantId, accountId);
    await recordAudit(trx, {
      action: 'account.password.reset',
      objectType: 'account',
      objectId: accountId,
    });
  });
  accountChanged(ctx, accountId);
}

/** Lift a login lock before it runs out. */
export async function unlockAccountNow(ctx: ServiceContext, accountId: string): Promise<void> {
  requireAction(ctx, 'account.write');
  const before = await loadAccount(ctx, accountId);
  await inTransaction(ctx, async (trx) => {
    await unlockAccount(trx.db, trx.tenantId, accountId);
    await recordAudit(trx, {
      action: 'account.unlock',
      objectType: 'account',
      objectId: accountId,
      detail: { wasLocked: before.locked },
    });
  });
}
