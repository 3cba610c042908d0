import {
  findAccountByUsername,
  findPersonIdByStaffNo,
  findTenantByCode,
  findUnitIdByCode,
  insertTenant,
  listTenants,
  type DatabaseHandle,
} from '@tianheng/db';
import {
  createAccount,
  importOrgAndPeople,
  systemContext,
  transferPerson,
  type ServiceContext,
} from '@tianheng/server';
import type { BannerInfo } from '../banner.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';
import { progressBar } from '../progress.ts';
import {
  DEMO_TENANT_CODE,
  generateDemoCounty,
  peopleBeforeMoves,
  type DemoCounty,
} from './demo-county.ts';

type Db = DatabaseHandle['db'];

/** What loading the demo county wrote. */
export interface DemoLoadSummary {
  readonly tenantId: string;
  readonly units: number;
  readonly people: number;
  readonly accounts: number;
}

/** Rows written so far out of all rows. */
export type DemoProgress = (done: number, total: number) => void;

async function requireId(found: Promise<string | undefined>, what: string): Promise<string> {
  const id = await found;
  if (id === undefined) throw new Error(`demo county: ${what} was not imported`);
  return id;
}

/**
 * Move the people of `county.pastPosts` from their earlier post to today's, the way an
 * administrator records a transfer: the earlier assignment closes the day before and
 * stays in the history, and each move is audited.
 */
async function applyPastMoves(ctx: ServiceContext, county: DemoCounty): Promise<void> {
  const today = new Map(county.people.map((p) => [p.staffNo, p]));
  for (const past of county.pastPosts) {
    const person = today.get(past.staffNo);
    if (!person) throw new Error(`demo county: ${past.staffNo} has a past but no person row`);
    const personId = await requireId(
      findPersonIdByStaffNo(ctx.db, ctx.tenantId, past.staffNo),
      past.staffNo,
    );
    const unitId = await requireId(
      findUnitIdByCode(ctx.db, ctx.tenantId, person.unitCode),
      person.unitCode,
    );
    await transferPerson(ctx, personId, {
      unitId,
      post: person.post,
      rank: person.rank,
      validFrom: past.movedOn,
      reason: past.reason,
    });
  }
}

/**
 * Write the demo county into a new tenant through the same services an administrator
 * uses (import, person moves, account creation), so the demo exercises the real rules
 * and audit. The people are imported at their earlier posts and then moved to today's,
 * which gives the history view something to show. The accounts come last: their
 * presence marks a complete load.
 */
export async function loadDemoCounty(
  db: Db,
  now: Date,
  onProgress?: DemoProgress,
  county: DemoCounty = generateDemoCounty(),
): Promise<DemoLoadSummary> {
  const tenant = await insertTenant(db, county.tenant);
  const tenantId = tenant.tenant_id;
  const ctx = systemContext(db, tenantId, now, 'demo');
  const imported = await importOrgAndPeople(
    ctx,
    { units: county.units, people: peopleBeforeMoves(county) },
    onProgress,
  );
  await applyPastMoves(ctx, county);
  for (const account of county.accounts) {
    const personId = await requireId(
      findPersonIdByStaffNo(db, tenantId, account.staffNo),
      account.staffNo,
    );
    const unitId =
      account.unitCode === null
        ? null
        : await requireId(findUnitIdByCode(db, tenantId, account.unitCode), account.unitCode);
    await createAccount(
      ctx,
      {
        username: account.username,
        personId,
        initialPassword: county.password,
        grants: [{ role: account.role, scope: account.scope, unitId }],
      },
      { mustChangePassword: false },
    );
  }
  return {
    tenantId,
    units: imported.units,
    people: imported.people,
    accounts: county.accounts.length,
  };
}

/**
 * A demo tenant without its last account was cut off while loading (killed, disk full).
 * Loading again on top would double it, so stop and say how to start over.
 */
async function checkDemoComplete(db: Db, tenantId: string, county: DemoCounty): Promise<void> {
  const last = county.accounts.at(-1);
  if (last && !(await findAccountByUsername(db, tenantId, last.username)))
    throw new CliError(
      '演示县没有完整载入（上次载入被中断）。请删除数据目录（或清空数据库）后重新启动。',
      'The demo county was only partly loaded (the last load was interrupted). Remove the data directory (or empty the database) and start again.',
    );
}

/** What `ensureDemoCounty` found or did. */
export type DemoStatus =
  | { readonly state: 'loaded'; readonly summary: DemoLoadSummary }
  | { readonly state: 'present' }
  | { readonly state: 'other-tenants'; readonly codes: readonly string[] };

/**
 * Load the demo county when the database has no tenant at all. A database that already
 * holds a county (demo or real) is left alone: the demo never mixes into real data and a
 * restart never loads it twice.
 */
export async function ensureDemoCounty(db: Db, now: Date, out: Output): Promise<DemoStatus> {
  const county = generateDemoCounty();
  const tenants = await listTenants(db);
  const demo = tenants.find((t) => t.code === county.tenant.code);
  if (demo) {
    await checkDemoComplete(db, demo.tenant_id, county);
    return { state: 'present' };
  }
  if (tenants.length > 0) return { state: 'other-tenants', codes: tenants.map((t) => t.code) };
  out.info(`正在载入演示县 ${county.tenant.name}… / loading the demo county…`);
  const started = performance.now();
  const bar = progressBar('演示县 demo');
  const summary = await (async () => {
    try {
      return await loadDemoCounty(
        db,
        now,
        (done, total) => bar.update(done, total, 'rows'),
        county,
      );
    } finally {
      bar.stop();
    }
  })();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  out.info(
    `已载入 ${summary.units} 个单位、${summary.people} 人、${summary.accounts} 个账号（${seconds} 秒） / loaded ${summary.units} units, ${summary.people} people, ${summary.accounts} accounts in ${seconds} s`,
  );
  return { state: 'loaded', summary };
}

/** The demo logins for the start banner, when the demo tenant is in the database. */
export async function demoLogins(db: Db): Promise<BannerInfo['demo']> {
  const tenant = await findTenantByCode(db, DEMO_TENANT_CODE);
  if (!tenant) return null;
  const county = generateDemoCounty();
  return {
    tenantCode: tenant.code,
    tenantName: tenant.name,
    password: county.password,
    accounts: county.accounts,
  };
}
