import { roles, type Role } from '@tianheng/core';

/** Shapes of the access-matrix rows the route areas contribute (see access-matrix.test.ts). */
export type Caller = Role | 'anonymous' | 'initial';
export type Outcome =
  'ok' | 'forbidden' | 'notFound' | 'unauthenticated' | 'mustChange' | 'passed' | 'hidden';
export interface Request {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  payload?: object;
}
export interface Case {
  label: string;
  request: (caller: Caller) => Request;
  expect: Record<Caller, Outcome>;
}

/** Signed-in routes: each role's outcome, anonymous 401, the initial-password account 403. */
export function signedIn(byRole: Partial<Record<Role, Outcome>>, otherwise: Outcome) {
  return {
    ...(Object.fromEntries(roles.map((r) => [r, byRole[r] ?? otherwise])) as Record<Role, Outcome>),
    anonymous: 'unauthenticated',
    initial: 'mustChange',
  } satisfies Record<Caller, Outcome>;
}
/** `outcome` for the listed roles, `otherwise` for the rest. */
export const only = (
  allowed: readonly Role[],
  outcome: Outcome = 'ok',
  otherwise: Outcome = 'forbidden',
) => signedIn(Object.fromEntries(allowed.map((r) => [r, outcome])), otherwise);
/** The same outcome for every role. */
export const everyRole = (outcome: Outcome) => signedIn({}, outcome);
