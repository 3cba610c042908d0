import type { Kysely } from 'kysely';
import type { Database, Tenant } from '../schema.ts';

/** Find a tenant by its login code. */
export function findTenantByCode(db: Kysely<Database>, code: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenant').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Find a tenant by id. */
export function findTenant(db: Kysely<Database>, tenantId: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenant').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** Create a tenant and return it. */
export function insertTenant(
  db: Kysely<Database>,
  tenant: { code: string; name: string },
): Promise<Tenant> {
  return db.insertInto('tenant').values(tenant).returningAll().executeTakeFirstOrThrow();
}

/** All tenants, by code. */
export function listTenants(db: Kysely<Database>): Promise<Tenant[]> {
  return db.selectFrom('tenant').selectAll().orderBy('code').execute();
}
