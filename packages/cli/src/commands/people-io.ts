import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { findTenantByCode, insertTenant, type DatabaseHandle } from '@tianheng/db';
import { buildPeopleExport, importWorkbook, systemContext } from '@tianheng/server';
import { describeTarget, withDatabase } from '../database.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';
import { progressBar } from '../progress.ts';
import { resolveTenant } from '../tenant.ts';

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new CliError(`无法读取文件 ${file}`, `Cannot read ${file}: ${String(error)}`);
  }
}

/** The tenant to import into; created first when `--tenant-name` names a new one. */
async function importTarget(
  handle: DatabaseHandle,
  code: string | undefined,
  name: string | undefined,
  out: Output,
) {
  if (code !== undefined && name !== undefined) {
    if (!(await findTenantByCode(handle.db, code))) {
      out.info(`新建租户 ${code}（${name}） / creating tenant ${code} (${name})`);
      return insertTenant(handle.db, { code, name });
    }
  }
  return resolveTenant(handle.db, code);
}

/** `tianheng import people FILE`: import units and people from an .xlsx in the import format. */
export function importCommand(env: NodeJS.ProcessEnv, out: Output): Command {
  return new Command('import').description('导入数据 / import data').addCommand(
    new Command('people')
      .description(
        '从 .xlsx（单位、人员两张表，与导入模板相同）导入单位和人员；全部成功或全部不写 / import units and people from an .xlsx in the import-template format; all rows or none',
      )
      .argument('<file>', '.xlsx 文件 / .xlsx file')
      .option(
        '-t, --tenant <code>',
        '租户代码（只有一个租户时可省略） / tenant code (optional when there is only one)',
      )
      .option(
        '--tenant-name <name>',
        '租户不存在时以此名称新建 / create the tenant with this name when it does not exist',
      )
      .action(async (file: string, opts: { tenant?: string; tenantName?: string }) => {
        const buffer = await readInput(resolve(file));
        await withDatabase(env, async (handle) => {
          out.info(`数据库 Database: ${describeTarget(handle)}`);
          const tenant = await importTarget(handle, opts.tenant, opts.tenantName, out);
          const ctx = systemContext(handle.db, tenant.tenant_id, new Date(), 'cli');
          const bar = progressBar('导入 import');
          const started = performance.now();
          const result = await importWorkbook(ctx, buffer, (done, total) =>
            bar.update(done, total, 'rows'),
          ).finally(() => bar.stop());
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          out.info(
            `已导入到 ${tenant.code}：${result.units} 个单位，${result.people} 人（${seconds} 秒） / imported into ${tenant.code}: ${result.units} units, ${result.people} people in ${seconds} s`,
          );
        });
      }),
  );
}

/** `tianheng export people FILE`: write every person of a tenant as an .xlsx in the import format. */
export function exportCommand(env: NodeJS.ProcessEnv, out: Output): Command {
  return new Command('export').description('导出数据 / export data').addCommand(
    new Command('people')
      .description(
        '把租户的全部人员（及其单位）导出为 .xlsx，格式与导入相同 / export all people (and their units) of a tenant as an .xlsx in the import format',
      )
      .argument('<file>', '输出的 .xlsx 文件 / .xlsx file to write')
      .option(
        '-t, --tenant <code>',
        '租户代码（只有一个租户时可省略） / tenant code (optional when there is only one)',
      )
      .action(async (file: string, opts: { tenant?: string }) => {
        await withDatabase(env, async (handle) => {
          const tenant = await resolveTenant(handle.db, opts.tenant);
          const ctx = systemContext(handle.db, tenant.tenant_id, new Date(), 'cli');
          const buffer = await buildPeopleExport(ctx, {});
          await writeFile(resolve(file), buffer);
          out.info(`已导出 ${tenant.code} 到 ${file} / exported ${tenant.code} to ${file}`);
        });
      }),
  );
}
