import type { DemoAccount } from './demo/demo-county.ts';

/** What the start banner shows. */
export interface BannerInfo {
  readonly url: string;
  readonly database: string;
  /** The demo logins, when the demo county is in the database. */
  readonly demo: {
    readonly tenantCode: string;
    readonly tenantName: string;
    readonly password: string;
    readonly accounts: readonly DemoAccount[];
  } | null;
  /** Set when the web app has not been built: the API still runs. */
  readonly webMissing: boolean;
}

/**
 * The block printed once the server listens: where to open it and, for the demo, who to
 * sign in as. Chinese first, English second, as everywhere in the product.
 */
export function formatBanner(info: BannerInfo): string {
  const rule = '─'.repeat(72);
  const lines = [
    rule,
    '  天衡 Tianheng 已启动 / is running',
    '',
    `  地址 URL        ${info.url}`,
    `  接口文档 API    ${info.url}/api/docs`,
    `  数据库 Database ${info.database}`,
  ];
  if (info.webMissing)
    lines.push(
      '',
      '  ⚠ 前端尚未构建，仅提供接口；请先运行 npm run build:web',
      '    The web app is not built, serving the API only; run npm run build:web first',
    );
  if (info.demo) {
    const width = Math.max(...info.demo.accounts.map((a) => a.username.length));
    lines.push(
      '',
      `  演示县 Demo county: ${info.demo.tenantName}`,
      `  单位代码 Tenant code: ${info.demo.tenantCode}`,
      `  密码 Password (所有账号 all accounts): ${info.demo.password}`,
      '',
      '  用户名 Username',
      ...info.demo.accounts.flatMap((a) => [
        `    ${a.username.padEnd(width)}  ${a.description['zh-CN']}`,
        `    ${' '.repeat(width)}  ${a.description.en}`,
      ]),
    );
  }
  lines.push('', '  按 Ctrl+C 停止 / Press Ctrl+C to stop', rule);
  return lines.join('\n');
}
