import { Command } from 'commander';
import { listTenants, verifyLedger, type LedgerBreak, type Tenant } from '@tianheng/db';
import { describeTarget, withDatabase } from '../database.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';
import { resolveTenant } from '../tenant.ts';

const reasons: Readonly<Record<LedgerBreak, { zh: string; en: string }>> = {
  'hash-mismatch': {
    zh: '哈希不符（记录或条目被改动）',
    en: 'hash mismatch (record or entry altered)',
  },
  'prev-mismatch': {
    zh: '前序哈希不符（链被改接）',
    en: 'previous hash mismatch (chain re-linked)',
  },
  'missing-record': { zh: '所链记录缺失', en: 'the chained record is missing' },
  'seq-gap': { zh: '序号缺失（条目被删除）', en: 'sequence gap (entry deleted)' },
  'record-mismatch': {
    zh: '考核办法版本与账本记录不一致',
    en: 'the stored scheme version differs from the ledgered one',
  },
  'attachment-mismatch': {
    zh: '所引附件缺失或内容被改动',
    en: 'a referenced attachment is missing or its content changed',
  },
  'unledgered-record': {
    zh: '记录未入账本（绕过账本写入）',
    en: 'record not in the ledger (written around it)',
  },
};

/** `tianheng ledger verify [--tenant CODE]`: check each tenant's hash chain; exit 1 naming the first broken entry. */
export function ledgerCommand(env: NodeJS.ProcessEnv, out: Output): Command {
  return new Command('ledger').description('防篡改账本 / tamper-evident ledger').addCommand(
    new Command('verify')
      .description(
        '校验账本哈希链，指出第一个被破坏的条目 / verify the hash chain and name the first broken entry',
      )
      .option('--tenant <code>', '租户代码（缺省：全部租户） / tenant code (default: every tenant)')
      .action(async (options: { tenant?: string }) => {
        await withDatabase(env, async (handle) => {
          out.info(`数据库 Database: ${describeTarget(handle)}`);
          const tenants: Tenant[] =
            options.tenant === undefined
              ? await listTenants(handle.db)
              : [await resolveTenant(handle.db, options.tenant)];
          const broken: string[] = [];
          for (const tenant of tenants) {
            const result = await verifyLedger(handle.db, tenant.tenant_id);
            if (result.ok) {
              out.info(
                `${tenant.code}: 已校验 ${result.entries} 条，完好 / ${result.entries} entries checked, OK (head ${result.head})`,
              );
              continue;
            }
            const { seq, kind, refId, reason } = result.firstBroken;
            const what = kind === null ? '' : ` ${kind} ${refId ?? ''}`;
            out.error(
              `${tenant.code}: 第 ${seq} 条被破坏${what}：${reasons[reason].zh}（之前 ${result.entries} 条完好）\n` +
                `${tenant.code}: entry ${seq}${what} is broken: ${reasons[reason].en} (${result.entries} entries before it are intact) [${reason}]`,
            );
            broken.push(`${tenant.code}#${seq}`);
          }
          if (broken.length > 0)
            throw new CliError(
              `账本校验失败：${broken.join(', ')}`,
              `Ledger verification failed: ${broken.join(', ')}`,
            );
        });
      }),
  );
}
