import type { Kysely } from 'kysely';
import {
  afterFailedLogin,
  afterSuccessfulLogin,
  allowedActions,
  checkPassword,
  passwordPolicyOf,
  isLocked,
  type Action,
  type Grant,
} from '@tianheng/core';
import {
  appendAudit,
  deleteAccountSessions,
  deleteSession,
  findAccountByUsername,
  findTenant,
  findTenantByCode,
  insertSession,
  loadAccountWithGrants,
  setPasswordHash,
  updateLoginState,
  type Database,
} from '@tianheng/db';
import type { Auth, ServiceContext } from '../context.ts';
import { accountChanged, sessionEnded } from '../caches/read-caches.ts';
import { AppError } from '../errors.ts';
import { newSessionToken } from '../plugins/session.ts';
import { hashPassword, verifyPassword } from '../security/password-hash.ts';
import { inTransaction, recordAudit } from './audit.service.ts';

/** What the web needs to know about the signed-in account. */
export interface Me {
  account: {
    id: string;
    username: string;
    personId: string | null;
    personName: string | null;
    mustChangePassword: boolean;
  };
  tenant: { id: string; code: string; name: string };
  grants: Grant[];
  actions: Action[];
}

/** A hash to verify against when the username is unknown, so timing does not reveal it. */
let decoyHash: Promise<string> | undefined;

/** Describe the signed-in account. */
export async function describeMe(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
): Promise<Me> {
  const [loaded, tenant] = await Promise.all([
    loadAccountWithGrants(db, tenantId, accountId),
    findTenant(db, tenantId),
  ]);
  if (!loaded || !tenant) throw new AppError('unauthenticated');
  const { account, grants, personName } = loaded;
  return {
    account: {
      id: account.account_id,
      username: account.username,
      personId: account.person_id,
      personName,
      mustChangePassword: account.must_change_password,
    },
    tenant: { id: tenant.tenant_id, code: tenant.code, name: tenant.name },
    grants,
    actions: allowedActions(grants),
  };
}

/**
 * Sign in. Every attempt against a known tenant is audited. A locked account is refused
 * before its password is even checked, so the right password does not help.
 */
export async function login(
  db: Kysely<Database>,
  input: {
    tenant: string;
    username: string;
    password: string;
    now: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<{ token: string; me: Me }> {
  const tenant = await findTenantByCode(db, input.tenant.trim());
  if (!tenant) {
    await verifyPassword(input.password, await (decoyHash ??= hashPassword('decoy-Password-1')));
    throw new AppError('invalid-credentials');
  }
  const account = await findAccountByUsername(db, tenant.tenant_id, input.username.trim());
  const audit = (result: 'success' | 'failure', reason?: string) =>
    appendAudit(db, {
      tenantId: tenant.tenant_id,
      at: input.now,
      actorAccountId: account?.account_id ?? null,
      actorUsername: input.username.trim(),
      action: 'auth.login',
      objectType: 'account',
      objectId: account?.account_id ?? null,
      result,
      ...(reason ? { detail: { reason } } : {}),
      ip: input.ip,
    });
  if (!account) {
    await verifyPassword(input.password, await (decoyHash ??= hashPassword('decoy-Password-1')));
    await audit('failure', 'unknown-username');
    throw new AppError('invalid-credentials');
  }
  if (account.disabled) {
    await audit('failure', 'account-disabled');
    throw new AppError('account-disabled');
  }
  const state = { failedCount: account.failed_count, lockedUntil: account.locked_until };
  if (isLocked(state, input.now)) {
    await audit('failure', 'account-locked');
    throw new AppError('account-locked');
  }
  if (!(await verifyPassword(input.password, account.password_hash))) {
    const next = afterFailedLogin(state, input.now);
    await updateLoginState(db, tenant.tenant_id, account.account_id, next);
    const locked = isLocked(next, input.now);
    await audit('failure', locked ? 'wrong-password-now-locked' : 'wrong-password');
    throw new AppError(locked ? 'account-locked' : 'invalid-credentials');
  }
  const { token, hash } = newSessionToken();
  await db.transaction().execute(async (trx) => {
    await updateLoginState(trx, tenant.tenant_id, account.account_id, {
      ...afterSuccessfulLogin,
      lastLoginAt: input.now,
    });
    await insertSession(trx, {
      tenantId: tenant.tenant_id,
      sessionHash: hash,
      accountId: account.account_id,
      now: input.now,
      ip: input.ip,
      userAgent: input.userAgent,
    });
  });
  await audit('success');
  return { token, me: await describeMe(db, tenant.tenant_id, account.account_id) };
}

/** Sign out: end this session. */
export async function logout(ctx: ServiceContext, auth: Auth): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await deleteSession(trx.db, trx.tenantId, auth.sessionHash);
    await recordAudit(trx, {
      action: 'auth.logout',
      objectType: 'account',
      objectId: auth.accountId,
    });
  });
  sessionEnded(ctx, auth.sessionHash);
}

/** Change one's own password; ends the account's other sessions. */
export async function changeOwnPassword(
  ctx: ServiceContext,
  auth: Auth,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const loaded = await loadAccountWithGrants(ctx.db, ctx.tenantId, auth.accountId);
  if (!loaded) throw new AppError('unauthenticated');
  if (!(await verifyPassword(input.currentPassword, loaded.account.password_hash))) {
    await recordAudit(ctx, {
      action: 'account.password.change',
      objectType: 'account',
      objectId: auth.accountId,
      result: 'failure',
      detail: { reason: 'wrong-current-password' },
    });
    throw new AppError('wrong-current-password', 'currentPassword');
  }
  const tenant = await findTenant(ctx.db, ctx.tenantId);
  const policy = checkPassword(input.newPassword, passwordPolicyOf(tenant?.settings));
  if (!policy.ok) throw new AppError(policy.reason, 'newPassword');
  if (input.newPassword === input.currentPassword)
    throw new AppError('password-same-as-old', 'newPassword');
  const hash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (trx) => {
    await setPasswordHash(trx.db, trx.tenantId, auth.accountId, hash, false, trx.now);
    await deleteAccountSessions(trx.db, trx.tenantId, auth.accountId, auth.sessionHash);
    await recordAudit(trx, {
      action: 'account.password.change',
      objectType: 'account',
      objectId: auth.accountId,
    });
  });
  accountChanged(ctx, auth.accountId);
}
