import { sql, type Kysely } from 'kysely';
import type { ErrorCode } from '@tianheng/core';
import type { Database } from '../schema.ts';
import { StoreError } from './store-error.ts';

/** A minimal scheme body for tests of the store (the store does not interpret it). */
export const testSchemeBody = {
  key: 'test-scheme',
  version: 1,
  name: { 'zh-CN': '测试办法', en: 'Test scheme' },
  audience: 'township',
  commonCap: '100',
  dimensions: [],
  positionCoefficients: { byRank: {}, default: '1' },
  composition: { kind: 'facts' },
  results: {
    tieRule: 'competition',
    grades: { excellentQuota: '0.2' },
    bonus: {
      coefficients: { byRank: {}, default: '1' },
      basis: 'index',
      rounding: 'largest-remainder',
    },
    signals: [],
  },
} as const;

/**
 * Insert a tenant with one scheme version and one open month period directly (no ledger),
 * for tests of the ledger and the fact store. `settings` goes to `tenant.settings`.
 */
export async function seedLedgerTenant(
  db: Kysely<Database>,
  code: string,
  settings: Record<string, unknown> = {},
): Promise<{ tenantId: string; periodId: string }> {
  const { tenant_id: tenantId } = await db
    .insertInto('tenant')
    .values({ code, name: code, settings: JSON.stringify(settings) })
    .returning('tenant_id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('scheme_version')
    .values({
      tenant_id: tenantId,
      scheme_key: testSchemeBody.key,
      version: 1,
      name: JSON.stringify(testSchemeBody.name),
      audience: testSchemeBody.audience,
      body: JSON.stringify(testSchemeBody),
    })
    .execute();
  const { period_id: periodId } = await db
    .insertInto('period')
    .values({
      tenant_id: tenantId,
      kind: 'month',
      assessment: 'routine',
      starts_on: '2026-03-01',
      ends_on: '2026-03-31',
      name: '2026年3月',
      scheme_key: testSchemeBody.key,
      scheme_version: 1,
    })
    .returning('period_id')
    .executeTakeFirstOrThrow();
  return { tenantId, periodId };
}

/**
 * Tests only: overwrite the value of a tenant's fact at `seq` behind the append-only trigger,
 * the way someone with database access would, to prove that verification names the entry.
 */
export async function tamperFactValue(
  db: Kysely<Database>,
  tenantId: string,
  seq: number,
  value: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE fact DISABLE TRIGGER fact_no_update`.execute(trx);
    await sql`UPDATE fact SET value = ${value}::numeric WHERE tenant_id = ${tenantId} AND seq = ${seq}`.execute(
      trx,
    );
    await sql`ALTER TABLE fact ENABLE TRIGGER fact_no_update`.execute(trx);
  });
}

/**
 * Tests only: the code and field of the {@link StoreError} a write is refused with; throws
 * when the write succeeds or fails any other way.
 */
export async function storeRefusal(
  write: Promise<unknown>,
): Promise<[ErrorCode, string | undefined]> {
  const outcome = await write.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error('expected the store to refuse the write');
  if (!(outcome.error instanceof StoreError)) throw outcome.error;
  return [outcome.error.code, outcome.error.field];
}
