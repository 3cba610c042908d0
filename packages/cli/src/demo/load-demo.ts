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
  hashPassword,
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
  closeDemoPeriods,
  loadAssessmentYear,
  type AssessmentLoadSummary,
} from './assessment-load.ts';
import {
  DEMO_TENANT_CODE,
  generateDemoCounty,
  peopleBeforeMoves,
  type DemoCounty,
} from './demo-county.ts';
import { loadWorkYear, superviseDemoWindows, type WorkLoadSummary } from './work-load.ts';

type Db = DatabaseHandle['db'];

/** What loading the demo county wrote. */
export interface DemoLoadSummary {
  readonly tenantId: string;
  readonly units: number;
  readonly people: number;
  readonly accounts: number;
  readonly assessment: AssessmentLoadSummary;
  readonly work: WorkLoadSummary;
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
  // The accounts' password hashes (scrypt, on the thread pool) are made while the main thread
  // writes the assessment and work years, instead of one after the other at the end.
  const hashes = county.accounts.map(() => hashPassword(county.password));
  // Before the accounts: their presence marks a complete load.
  const assessment = await loadAssessmentYear(db, tenantId, county);
  const work = await loadWorkYear(db, tenantId, county, now);
  for (const [i, account] of county.accounts.entries()) {
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
      { mustChangePassword: false, passwordHash: hashes[i]! },
    );
  }
  return {
    tenantId,
    units: imported.units,
    people: imported.people,
    accounts: county.accounts.length,
    assessment,
    work,
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

/**
 * Closing the demo year's past periods (a full recompute each): `start()` begins it (a server
 * calls it once it listens, so the start does not wait), `stop()` lets the current period
 * finish and ends it; a later start resumes what is left.
 */
export interface DemoClosing {
  start(): void;
  /** Settles when the periods are closed or it was stopped; never rejects (failures are printed). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** What `ensureDemoCounty` found or did. */
export type DemoStatus =
  | {
      readonly state: 'loaded';
      readonly summary: DemoLoadSummary;
      readonly closing: DemoClosing;
    }
  | { readonly state: 'present'; readonly closing: DemoClosing }
  | { readonly state: 'other-tenants'; readonly codes: readonly string[] };

/** How `ensureDemoCounty` runs. */
export interface DemoOptions {
  /**
   * Leave closing the demo year's past periods to the caller (`closing.start()` after the
   * server listens, `closing.stop()` before the database closes). Default false: everything
   * is done when the call returns.
   */
  readonly background?: boolean;
}

/** Close the demo year's past periods that are still open, when started; failures go to `out`. */
function demoClosing(db: Db, tenantId: string, now: Date, out: Output): DemoClosing {
  let work: ReturnType<typeof closeDemoPeriods> | null = null;
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (settle = resolve));
  return {
    done,
    start: () => {
      if (work) return;
      const started = performance.now();
      work = superviseDemoWindows(
        db,
        tenantId,
        now,
        ({ windows, ms, error }) => {
          if (windows > 0)
            out.info(
              `演示县已完成 ${windows} 个半月督查统计（${(ms / 1000).toFixed(1)} 秒） / demo county: ran the supervision of ${windows} half-month windows in ${(ms / 1000).toFixed(1)} s`,
            );
          if (error !== null)
            out.error(
              `演示县半月督查统计 ${error.window} 失败，下次启动时继续 / the demo's supervision of ${error.window} failed, the next start resumes: ${error.failure instanceof Error ? (error.failure.stack ?? error.failure.message) : String(error.failure)}`,
            );
        },
        () => closeDemoPeriods(db, tenantId, now),
      );
      work.done
        .then(
          (closed) => {
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            if (closed > 0)
              out.info(
                `演示县已关闭 ${closed} 个往期考核期间（${seconds} 秒） / demo county: closed ${closed} past periods in ${seconds} s`,
              );
          },
          (error: unknown) =>
            out.error(
              `演示县往期考核期间关闭失败，下次启动时继续 / closing the demo's past periods failed, the next start resumes: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
            ),
        )
        .finally(settle);
    },
    stop: async () => {
      if (!work) return settle();
      work.stop();
      await done;
    },
  };
}

/**
 * Load the demo county when the database has no tenant at all. A database that already
 * holds a county (demo or real) is left alone: the demo never mixes into real data and a
 * restart never loads it twice. The demo year's past periods are closed after the load (and
 * resumed on a later start if cut off), in the background when `options.background` is set.
 */
export async function ensureDemoCounty(
  db: Db,
  now: Date,
  out: Output,
  options: DemoOptions = {},
): Promise<DemoStatus> {
  const county = generateDemoCounty();
  const tenants = await listTenants(db);
  const demo = tenants.find((t) => t.code === county.tenant.code);
  const finish = async (tenantId: string): Promise<DemoClosing> => {
    const closing = demoClosing(db, tenantId, now, out);
    if (options.background !== true) {
      closing.start();
      await closing.done;
    }
    return closing;
  };
  if (demo) {
    await checkDemoComplete(db, demo.tenant_id, county);
    return { state: 'present', closing: await finish(demo.tenant_id) };
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
  const { facts, periods } = summary.assessment;
  const { tasks, steps } = summary.work;
  out.info(
    `已载入 ${summary.units} 个单位、${summary.people} 人、${summary.accounts} 个账号、${periods} 个考核期间、${facts} 条考核事实、${tasks} 项工作（${steps} 个环节）（${seconds} 秒） / loaded ${summary.units} units, ${summary.people} people, ${summary.accounts} accounts, ${periods} periods, ${facts} facts, ${tasks} tasks (${steps} steps) in ${seconds} s`,
  );
  return { state: 'loaded', summary, closing: await finish(summary.tenantId) };
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
