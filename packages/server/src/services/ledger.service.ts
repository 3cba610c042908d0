import { verifyLedger, type LedgerBrokenEntry } from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { recordAudit } from './audit.service.ts';

/** What `GET /api/ledger/verify` answers. */
export interface LedgerCheckView {
  ok: boolean;
  entries: number;
  head: string | null;
  firstBroken: {
    seq: number;
    kind: LedgerBrokenEntry['kind'];
    refId: string | null;
    reason: string;
  } | null;
}

/** Verify the caller's tenant ledger and name the first broken entry; audited as `ledger.verify`. */
export async function verifyTenantLedger(ctx: ServiceContext): Promise<LedgerCheckView> {
  const checked = await verifyLedger(ctx.db, ctx.tenantId);
  const view: LedgerCheckView = checked.ok
    ? { ok: true, entries: checked.entries, head: checked.head, firstBroken: null }
    : {
        ok: false,
        entries: checked.entries,
        head: null,
        firstBroken: {
          seq: checked.firstBroken.seq,
          kind: checked.firstBroken.kind,
          refId: checked.firstBroken.refId,
          reason: checked.firstBroken.reason,
        },
      };
  await recordAudit(ctx, {
    action: 'ledger.verify',
    objectType: 'ledger',
    objectId: null,
    result: checked.ok ? 'success' : 'failure',
    detail: { entries: view.entries, firstBroken: view.firstBroken },
  });
  return view;
}
