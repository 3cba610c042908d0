import { findTenantByCode, listTenants, type DatabaseHandle, type Tenant } from '@tianheng/db';
import { CliError } from './errors.ts';

/**
 * The tenant a command works on: the one named by `--tenant`, else the only tenant of the
 * database. Guessing among several tenants would write into the wrong county.
 */
export async function resolveTenant(
  db: DatabaseHandle['db'],
  code: string | undefined,
): Promise<Tenant> {
  if (code !== undefined) {
    const tenant = await findTenantByCode(db, code);
    if (!tenant) throw new CliError(`租户 ${code} 不存在`, `Tenant ${code} does not exist`);
    return tenant;
  }
  const tenants = await listTenants(db);
  if (tenants.length === 1 && tenants[0]) return tenants[0];
  if (tenants.length === 0)
    throw new CliError(
      '数据库中还没有租户：用 --tenant 代码 --tenant-name 名称 创建，或运行 tianheng demo',
      'The database has no tenant yet: create one with --tenant CODE --tenant-name NAME, or run tianheng demo',
    );
  const codes = tenants.map((t) => t.code).join(', ');
  throw new CliError(
    `数据库中有多个租户（${codes}）：请用 --tenant 指定`,
    `The database has several tenants (${codes}): choose one with --tenant`,
  );
}
