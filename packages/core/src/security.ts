import { fail, ok, type Result } from './result.ts';

/** Password rules of a tenant (configurable; defaults follow MLPS 2.0 level-3 practice). */
export interface PasswordPolicy {
  readonly minLength: number;
  /** How many of the four classes (upper, lower, digit, symbol) a password needs. */
  readonly minClasses: number;
}

/** Default password policy: at least 8 characters from 3 of 4 classes. */
export const defaultPasswordPolicy: PasswordPolicy = { minLength: 8, minClasses: 3 };

/** Count the character classes (upper, lower, digit, other) present in a password. */
export function characterClasses(password: string): number {
  const tests = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];
  return tests.filter((re) => re.test(password)).length;
}

/** Check a new password against the policy. */
export function checkPassword(
  password: string,
  policy: PasswordPolicy = defaultPasswordPolicy,
): Result<true, 'password-too-short' | 'password-too-weak'> {
  if ([...password].length < policy.minLength) return fail('password-too-short', 'password');
  if (characterClasses(password) < policy.minClasses) return fail('password-too-weak', 'password');
  return ok(true);
}

/** Login lockout and session rules. */
export interface SessionPolicy {
  /** Failed logins in a row that lock the account. */
  readonly maxFailedLogins: number;
  /** How long a lock lasts, in minutes. */
  readonly lockMinutes: number;
  /** Idle minutes after which a session ends. */
  readonly idleMinutes: number;
}

/** Default: 5 failures lock for 30 minutes; sessions end after 30 idle minutes. */
export const defaultSessionPolicy: SessionPolicy = {
  maxFailedLogins: 5,
  lockMinutes: 30,
  idleMinutes: 30,
};

/** Login-relevant state of an account. */
export interface LoginState {
  readonly failedCount: number;
  readonly lockedUntil: Date | null;
}

/** True while a lock is in force at `now`. */
export function isLocked(state: LoginState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after a failed login: one more failure, and a lock once the limit is
 * reached. A lock that has run out starts the count again.
 */
export function afterFailedLogin(
  state: LoginState,
  now: Date,
  policy: SessionPolicy = defaultSessionPolicy,
): LoginState {
  const expired = state.lockedUntil !== null && !isLocked(state, now);
  const failedCount = (expired ? 0 : state.failedCount) + 1;
  const current = expired ? null : state.lockedUntil;
  // A new lock never shortens one already in force (e.g. set by hand or under a longer policy).
  const lockedUntil =
    failedCount >= policy.maxFailedLogins
      ? new Date(Math.max(now.getTime() + policy.lockMinutes * 60_000, current?.getTime() ?? 0))
      : current;
  return { failedCount, lockedUntil };
}

/** The state after a successful login. */
export const afterSuccessfulLogin: LoginState = { failedCount: 0, lockedUntil: null };

/** True when a session last seen at `lastSeenAt` has been idle too long at `now`. */
export function isSessionExpired(
  lastSeenAt: Date,
  now: Date,
  policy: SessionPolicy = defaultSessionPolicy,
): boolean {
  return now.getTime() - lastSeenAt.getTime() >= policy.idleMinutes * 60_000;
}

/**
 * A tenant's password policy from its settings (`{ passwordPolicy: { minLength, minClasses } }`),
 * falling back to the default for anything missing or out of range. The minimum is never below
 * 8 characters and 3 classes: a tenant may tighten the policy, not weaken it.
 */
export function passwordPolicyOf(settings: unknown): PasswordPolicy {
  const raw =
    typeof settings === 'object' && settings !== null && 'passwordPolicy' in settings
      ? settings.passwordPolicy
      : undefined;
  const read = (key: keyof PasswordPolicy, min: number, max: number): number => {
    const value =
      typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? value
      : defaultPasswordPolicy[key];
  };
  return {
    minLength: read('minLength', defaultPasswordPolicy.minLength, 128),
    minClasses: read('minClasses', defaultPasswordPolicy.minClasses, 4),
  };
}
