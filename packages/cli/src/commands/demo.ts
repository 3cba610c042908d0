import { Command } from 'commander';
import { describeTarget, withDatabase } from '../database.ts';
import { ensureDemoCounty } from '../demo/load-demo.ts';
import { DEMO_PASSWORD, DEMO_TENANT_CODE } from '../demo/demo-county.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';

/** `tianheng demo`: load the demo county into an empty database. */
export function demoCommand(env: NodeJS.ProcessEnv, out: Output): Command {
  return new Command('demo')
    .description('向空数据库载入演示县 / load the demo county into an empty database')
    .action(async () => {
      await withDatabase(env, async (handle) => {
        out.info(`数据库 Database: ${describeTarget(handle)}`);
        const status = await ensureDemoCounty(handle.db, new Date(), out);
        switch (status.state) {
          case 'loaded':
            out.info(
              `登录 Sign in: 单位代码 tenant ${DEMO_TENANT_CODE}，用户名 username admin / kaohe / ducha / lingdao / danwei / ganbu，密码 password ${DEMO_PASSWORD}`,
            );
            return;
          case 'present':
            out.info(
              '演示县已在数据库中，未重复载入 / the demo county is already there, nothing loaded',
            );
            return;
          case 'other-tenants':
            throw new CliError(
              `数据库不为空（租户 ${status.codes.join(', ')}），演示县只载入空数据库`,
              `The database is not empty (tenants ${status.codes.join(', ')}); the demo county only goes into an empty database`,
            );
        }
      });
    });
}
