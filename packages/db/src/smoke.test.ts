import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, testBackends } from './testing.ts';

describe.each(testBackends())('migrations on %s', (backend) => {
  it('creates the schema and keeps the audit log append-only', async () => {
    const handle = await openTestDatabase(backend);
    try {
      const { db } = handle;
      const tenant = await db
        .insertInto('tenant')
        .values({ code: 't1', name: 'T1' })
        .returning('tenant_id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('audit_log')
        .values({ tenant_id: tenant.tenant_id, action: 'x', object_type: 'y', result: 'success' })
        .execute();
      await expect(sql`UPDATE audit_log SET action = 'z'`.execute(db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
      const count = await db
        .selectFrom('audit_log')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(1);
    } finally {
      await handle.close();
    }
  });
});
