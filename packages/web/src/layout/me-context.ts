import { createContext, useContext } from 'react';
import { policy, type Action } from '@tianheng/core';
import type { Me } from '../api/types.ts';

/** The signed-in account, provided by the layout once GET /api/auth/me has answered. */
export const MeContext = createContext<Me | null>(null);

/** The signed-in account; only inside the signed-in layout. */
export function useSignedIn(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useSignedIn outside the signed-in layout');
  return me;
}

/** True when the account may do the action somewhere (from `me.actions`). */
export function can(me: Me, action: Action): boolean {
  return me.actions.includes(action);
}

/**
 * True when the account may read only its own person record (a cadre): core's policy says
 * `self` for every grant that allows person.read.
 */
export function readsOnlySelf(me: Me): boolean {
  const readers = me.grants.filter((g) => policy[g.role]['person.read'] !== undefined);
  return readers.length > 0 && readers.every((g) => policy[g.role]['person.read'] === 'self');
}
