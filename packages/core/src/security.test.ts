import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  afterFailedLogin,
  afterSuccessfulLogin,
  characterClasses,
  checkPassword,
  defaultSessionPolicy,
  isLocked,
  isSessionExpired,
  passwordPolicyOf,
  type LoginState,
} from './security.ts';

const minutes = (n: number) => n * 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const t0 = new Date('2026-03-02T08:00:00Z');

describe(characterClasses, () => {
  it.each([
    ['', 0],
    ['abc', 1],
    ['ABC', 1],
    ['123', 1],
    ['!@#', 1],
    ['aB', 2],
    ['aB1', 3],
    ['aB1!', 4],
    ['密码', 1], // CJK counts as "other"
    ['Äa', 2], // Ä is not A–Z, so it counts as "other"
  ])('%j → %i', (password, expected) => {
    expect(characterClasses(password)).toBe(expected);
  });
});

describe(checkPassword, () => {
  it.each([
    ['Abcdef1!', 'ok'],
    ['Abcdefg1', 'ok'],
    ['abcdefg1!', 'ok'],
    ['Abc1!', 'password-too-short'],
    ['Abcdef1', 'password-too-short'], // 7 characters
    ['', 'password-too-short'],
    ['abcdefgh', 'password-too-weak'],
    ['abcdefg1', 'password-too-weak'],
    ['ABCDEFGH', 'password-too-weak'],
    ['12345678', 'password-too-weak'],
    // Length counts code points, not UTF-16 units: 4 emoji are 8 units but 4 characters.
    ['Ab1😀😀😀', 'password-too-short'],
    ['Ab1😀😀😀😀😀', 'ok'],
    // Chinese characters are a class of their own ("other"), and count one each.
    ['天衡密码Ab', 'password-too-short'],
    ['天衡密码Abcd', 'ok'],
    ['天衡密码天衡密码', 'password-too-weak'],
    ['天衡密码天衡密1', 'password-too-weak'],
    ['天衡密码天衡a1', 'ok'],
  ])('%j → %s', (password, expected) => {
    const result = checkPassword(password);
    if (expected === 'ok') expect(result).toEqual({ ok: true, value: true });
    else expect(result).toEqual({ ok: false, reason: expected, field: 'password' });
  });

  it('follows a configured policy', () => {
    expect(checkPassword('abcdefghij', { minLength: 10, minClasses: 1 }).ok).toBe(true);
    expect(checkPassword('Abcdefgh1!', { minLength: 12, minClasses: 1 }).ok).toBe(false);
    expect(checkPassword('Abcdefgh1', { minLength: 8, minClasses: 4 }).ok).toBe(false);
  });
});

describe(afterFailedLogin, () => {
  it('locks on the fifth failure in a row, for 30 minutes', () => {
    let state: LoginState = afterSuccessfulLogin;
    const seen: boolean[] = [];
    for (let i = 1; i <= 5; i++) {
      state = afterFailedLogin(state, at(t0, i * 1000));
      seen.push(isLocked(state, at(t0, i * 1000)));
    }
    expect(seen).toEqual([false, false, false, false, true]);
    expect(state).toEqual({ failedCount: 5, lockedUntil: at(t0, 5000 + minutes(30)) });
  });

  it('keeps the lock in force until exactly its end, then lifts it', () => {
    const state: LoginState = { failedCount: 5, lockedUntil: at(t0, minutes(30)) };
    expect(isLocked(state, at(t0, minutes(30) - 1))).toBe(true);
    expect(isLocked(state, at(t0, minutes(30)))).toBe(false);
    expect(isLocked(afterSuccessfulLogin, t0)).toBe(false);
  });

  it('starts counting again after an expired lock', () => {
    const expired: LoginState = { failedCount: 5, lockedUntil: at(t0, -1) };
    expect(afterFailedLogin(expired, t0)).toEqual({ failedCount: 1, lockedUntil: null });
  });

  it('extends a lock when failures continue during it', () => {
    const locked: LoginState = { failedCount: 5, lockedUntil: at(t0, minutes(10)) };
    expect(afterFailedLogin(locked, t0)).toEqual({
      failedCount: 6,
      lockedUntil: at(t0, minutes(30)),
    });
  });

  it('forgets earlier failures after a successful login', () => {
    const fourFailures: LoginState = { failedCount: 4, lockedUntil: null };
    expect(isLocked(afterFailedLogin(fourFailures, t0), t0)).toBe(true);
    expect(afterFailedLogin(afterSuccessfulLogin, t0)).toEqual({
      failedCount: 1,
      lockedUntil: null,
    });
  });

  it('follows a configured policy', () => {
    const policy = { ...defaultSessionPolicy, maxFailedLogins: 2, lockMinutes: 5 };
    const once = afterFailedLogin(afterSuccessfulLogin, t0, policy);
    const twice = afterFailedLogin(once, t0, policy);
    expect(isLocked(once, t0)).toBe(false);
    expect(twice.lockedUntil).toEqual(at(t0, minutes(5)));
  });

  it('never unlocks early: a lock in force lasts at least until its end (property)', () => {
    // Reachable states only: a lock is set at most lockMinutes ahead of the failure that set it.
    const arbState = fc.record({
      failedCount: fc.nat({ max: 20 }),
      lockedUntil: fc.option(
        fc.integer({ min: -minutes(60), max: minutes(30) }).map((ms) => at(t0, ms)),
        { nil: null },
      ),
    });
    fc.assert(
      fc.property(arbState, fc.integer({ min: 0, max: minutes(60) }), (state, elapsed) => {
        const now = at(t0, elapsed);
        const next = afterFailedLogin(state, now);
        if (isLocked(state, now)) {
          expect(next.lockedUntil).not.toBeNull();
          expect(next.lockedUntil!.getTime()).toBeGreaterThanOrEqual(state.lockedUntil!.getTime());
          expect(isLocked(next, now)).toBe(true);
        }
        expect(next.failedCount).toBeGreaterThanOrEqual(1);
        if (next.failedCount >= defaultSessionPolicy.maxFailedLogins)
          expect(isLocked(next, now)).toBe(true);
      }),
    );
  });

  it('locks after exactly maxFailedLogins failures in a row from a clean state (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 12, maxLength: 12 }),
        (max, gaps) => {
          const policy = { ...defaultSessionPolicy, maxFailedLogins: max };
          let state: LoginState = afterSuccessfulLogin;
          let now = t0;
          for (let i = 1; i <= max; i++) {
            now = at(now, gaps[i] ?? 0);
            expect(isLocked(state, now)).toBe(false);
            state = afterFailedLogin(state, now, policy);
          }
          expect(isLocked(state, now)).toBe(true);
        },
      ),
    );
  });
});

describe(isSessionExpired, () => {
  it.each([
    [0, false],
    [minutes(29), false],
    [minutes(30) - 1, false],
    [minutes(30), true],
    [minutes(30) + 1, true],
    [minutes(600), true],
  ])('idle for %i ms → expired %s', (idle, expected) => {
    expect(isSessionExpired(t0, at(t0, idle))).toBe(expected);
  });

  it('follows a configured idle limit', () => {
    const policy = { ...defaultSessionPolicy, idleMinutes: 5 };
    expect(isSessionExpired(t0, at(t0, minutes(5) - 1), policy)).toBe(false);
    expect(isSessionExpired(t0, at(t0, minutes(5)), policy)).toBe(true);
  });
});

describe(passwordPolicyOf, () => {
  it.each([
    [undefined, { minLength: 8, minClasses: 3 }],
    [null, { minLength: 8, minClasses: 3 }],
    ['text', { minLength: 8, minClasses: 3 }],
    [{}, { minLength: 8, minClasses: 3 }],
    [{ passwordPolicy: null }, { minLength: 8, minClasses: 3 }],
    [{ passwordPolicy: { minLength: 12 } }, { minLength: 12, minClasses: 3 }],
    [{ passwordPolicy: { minLength: 12, minClasses: 4 } }, { minLength: 12, minClasses: 4 }],
    // A tenant may tighten the policy, never weaken it.
    [{ passwordPolicy: { minLength: 6, minClasses: 2 } }, { minLength: 8, minClasses: 3 }],
    [{ passwordPolicy: { minLength: 12.5, minClasses: '4' } }, { minLength: 8, minClasses: 3 }],
    [{ passwordPolicy: { minLength: 1000, minClasses: 5 } }, { minLength: 8, minClasses: 3 }],
  ])('%j → %j', (settings, expected) => {
    expect(passwordPolicyOf(settings)).toEqual(expected);
  });

  it('never yields a policy weaker than the default (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (minLength, minClasses) => {
        const policy = passwordPolicyOf({ passwordPolicy: { minLength, minClasses } });
        expect(policy.minLength).toBeGreaterThanOrEqual(8);
        expect(policy.minClasses).toBeGreaterThanOrEqual(3);
      }),
    );
  });
});

describe('afterFailedLogin with a lock longer than the policy', () => {
  it('never shortens a lock already in force', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const longLock = new Date('2026-01-02T00:00:00Z');
    const next = afterFailedLogin({ failedCount: 7, lockedUntil: longLock }, now);
    expect(next.lockedUntil).toEqual(longLock);
  });
});
