/**
 * Half-month supervision (issue 4). A run for a window that has ended:
 *
 * 1. counts each step's light at the window's last instant, rebuilt from its events
 *    (core `windowStatus`), for the step's unit: a step done by then counts in the window its
 *    end falls in, an unfinished one in every window from its planned start on;
 * 2. adds the cards issued for the month when the window is the month's second half;
 * 3. converts the counts to unit points with the scheme's `work` table and ranks the units:
 *    the report ranks every counted unit by the table of the first target period's scheme
 *    (all points 0 when no open period's scheme has a `work` section), and each target period
 *    ranks the units its scheme's audience covers by its own table for its unit facts;
 * 4. writes the facts the scheme's `work` section names (source `workflow`, recorded by
 *    nobody, payload `{ window }`) into the open period of each scheme audience that contains
 *    the window's last day — a re-run writes nothing when nothing changed and supersedes what
 *    changed — and records the run (`supervision_run` and a `supervision-run` event).
 */
import {
  audienceUnitKinds,
  assessmentUnitKinds,
  cardColours,
  checkFactRecording,
  countWindow,
  factChanges,
  halfMonthEnd,
  halfMonthStart,
  lightCarriers,
  lightColours,
  parseHalfMonth,
  splitStepPoints,
  windowCards,
  windowStatus,
  superviseUnits,
  supervisionFacts,
  visibility,
  type CardColour,
  type Fact,
  type ImportColumn,
  type LightColour,
  type LocalText,
  type OrgSnapshot,
  type Scheme,
  type SchemeWorkRules,
  type UnitSupervision,
  type WorkConfig,
} from '@tianheng/core';
import {
  appendFacts,
  appendWorkEvents,
  insertSupervisionRun,
  latestSupervisionRun,
  listCards,
  listOpenPeriodsOn,
  listStepAssignees,
  listStepEvents,
  listSupervisionWindows,
  listWindowFacts,
  listWindowSteps,
  requireOpenPeriod,
  unitDirectory,
  type Database,
  type NewFactRow,
  type OpenPeriodOn,
} from '@tianheng/db';
import type { Transaction } from 'kysely';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { addDataSheet, newWorkbook } from '../excel/import-workbook.ts';
import { inTransaction, recordAudit } from './audit.service.ts';
import { unitFilter, workConfigOf } from './card.service.ts';
import { applyFacts, withWorkingSet, type LoadedSet } from './recompute.service.ts';

// ---------------------------------------------------------------- facts through the engine

/**
 * Run `work` with the working sets of several periods loaded (each set's work is serialised
 * as in `withWorkingSet`; periods are taken in id order so two runs never wait on each other
 * crosswise).
 */
export function withWorkingSets<T>(
  ctx: ServiceContext,
  periodIds: readonly string[],
  work: (loaded: ReadonlyMap<string, LoadedSet>) => Promise<T>,
): Promise<T> {
  const ids = [...new Set(periodIds)].sort();
  const step = (i: number, loaded: Map<string, LoadedSet>): Promise<T> =>
    i === ids.length
      ? work(loaded)
      : withWorkingSet(ctx, ids[i]!, (set) => step(i + 1, new Map(loaded).set(ids[i]!, set)));
  return step(0, new Map());
}

/**
 * Store facts the work platform derives (no recorder) in one transaction with `also`: every
 * loaded period locked first (as closing a period does, so concurrent runs queue here), then
 * `rowsOf` decides what to append from what is stored now, each fact is checked by the
 * recording rules (the system records any method; a problem refuses all), the facts are
 * appended and ledgered, and each period's working set updated (undone if the transaction
 * fails). Returns the stored facts.
 */
export async function storeWorkFacts(
  ctx: ServiceContext,
  loaded: ReadonlyMap<string, LoadedSet>,
  rowsOf: (trx: ServiceContext) => Promise<readonly NewFactRow[]>,
  also: (trx: ServiceContext, stored: readonly Fact[]) => Promise<void>,
): Promise<Fact[]> {
  const undos: (() => void)[] = [];
  try {
    return await inTransaction(ctx, async (trx) => {
      const periods = [...loaded.keys()].sort();
      for (const periodId of periods)
        await requireOpenPeriod(trx.db as Transaction<Database>, trx.tenantId, periodId);
      const rows = await rowsOf(trx);
      for (const row of rows) checkWorkFact(loaded, row);
      const stored = await appendFacts(trx.db, trx.tenantId, rows);
      for (const periodId of periods)
        undos.push(
          await applyFacts(
            trx,
            loaded.get(periodId)!,
            stored.filter((f) => f.periodId === periodId),
          ),
        );
      await also(trx, stored);
      return stored;
    });
  } catch (error) {
    for (const undo of undos.reverse()) undo();
    throw error;
  }
}

/** Refuse a derived fact the recording rules refuse (a retraction was checked when written). */
function checkWorkFact(loaded: ReadonlyMap<string, LoadedSet>, row: NewFactRow): void {
  const set = loaded.get(row.periodId);
  if (!set) throw new Error(`working set of period ${row.periodId} not loaded`);
  if (row.payload?.retracted === true) return;
  const checked = checkFactRecording(
    set.set.scheme,
    {
      periodId: row.periodId,
      subject: row.subject,
      indicator: row.indicator,
      value: row.value,
      payload: row.payload ?? {},
      source: row.source,
      evidence: row.evidence ?? {},
      supersedes: row.supersedes ?? null,
    },
    null,
    set.set.org,
  );
  if (!checked.ok) throw new AppError(checked.reason, checked.field);
}

// ---------------------------------------------------------------- the window's statistics

/** A parsed window with its instants. */
interface Window {
  key: string;
  startsOn: string;
  endsOn: string;
  /** First instant of the window. */
  start: string;
  /** Exclusive end instant. */
  end: string;
}

function windowOf(key: string, config: WorkConfig): Window {
  const parsed = parseHalfMonth(key);
  if (!parsed) throw new AppError('supervision-window-invalid', 'window');
  const offset = config.lights.utcOffsetMinutes;
  const end = halfMonthEnd(parsed.key, offset);
  return {
    key: parsed.key,
    startsOn: parsed.startsOn,
    endsOn: parsed.endsOn,
    start: halfMonthStart(parsed.key, offset),
    end,
  };
}

/** Nearest street/town/township/department at or above a unit, from the units' paths. */
function assessmentUnitOfUnit(
  directory: ReadonlyMap<string, { readonly kind: string; readonly path: string }>,
): (unitId: string) => string {
  return (unitId) => {
    const ids = (directory.get(unitId)?.path ?? '').split('/').filter((id) => id !== '');
    for (let i = ids.length - 1; i >= 0; i--) {
      const kind = directory.get(ids[i]!)?.kind;
      if (kind !== undefined && assessmentUnitKinds.includes(kind)) return ids[i]!;
    }
    return unitId;
  };
}

/**
 * The window's statistics: each counted step's light as of the window's last instant
 * (`windowStatus`, rebuilt from its events) for its unit, the month's cards in a second half,
 * the red lights with who carries them, and the workload shares of the steps finished in it.
 */
async function windowStatistics(ctx: ServiceContext, window: Window, config: WorkConfig) {
  const candidates = await listWindowSteps(ctx.db, ctx.tenantId, window.start, window.end);
  const events = await listStepEvents(
    ctx.db,
    ctx.tenantId,
    candidates.map((s) => s.id),
  );
  const counted: { stepId: string; unitId: string; light: LightColour }[] = [];
  const finished = new Set<string>();
  for (const step of candidates) {
    const status = windowStatus(step, events.get(step.id) ?? [], window.key, config.lights);
    if (status.counted) counted.push({ stepId: step.id, unitId: step.unitId, light: status.light });
    if (status.finished) finished.add(step.id);
  }
  const cards = windowCards(
    window.key.endsWith('H2') ? await listCards(ctx.db, ctx.tenantId, window.key.slice(0, 7)) : [],
    window.key,
  );
  // Lights and cards count for the assessment unit (street, town, township, department) a
  // step's or card's unit belongs to: the units the seed's half-month ranking compares.
  const assessed = assessmentUnitOfUnit(await unitDirectory(ctx.db, ctx.tenantId));
  const counts = countWindow({
    steps: counted.map((s) => ({ unitId: assessed(s.unitId), light: s.light })),
    cards: cards.map((c) => ({ ...c, unitId: assessed(c.unitId) })),
  });
  const reds = counted.filter((s) => s.light === 'red');
  const people = await listStepAssignees(ctx.db, ctx.tenantId, [
    ...new Set([...reds.map((s) => s.stepId), ...finished]),
  ]);
  const redLights = reds.map((s) => ({
    stepId: s.stepId,
    carriers: lightCarriers(people.get(s.stepId) ?? []),
  }));
  const shares = candidates
    .filter((s) => finished.has(s.id))
    .flatMap((s) => splitStepPoints(s.id, s.points, people.get(s.id) ?? [], config.roleShares));
  return { counts, redLights, shares };
}

/** Points of nothing: a report without a scheme's `work` table still counts. */
const zeroRules: SchemeWorkRules = {
  lightPoints: Object.fromEntries(lightColours.map((c) => [c, '0'])) as Record<LightColour, string>,
  cardPoints: Object.fromEntries(cardColours.map((c) => [c, '0'])) as SchemeWorkRules['cardPoints'],
};

/**
 * The open periods a window's facts go to: among the open periods containing the window's
 * last day whose scheme has a `work` section, the narrowest one per scheme audience.
 */
function targetPeriods(periods: readonly OpenPeriodOn[]): OpenPeriodOn[] {
  const byAudience = new Map<string, OpenPeriodOn>();
  for (const p of periods) {
    const scheme = p.scheme;
    if (scheme.work === undefined) continue;
    if (!byAudience.has(scheme.audience)) byAudience.set(scheme.audience, p);
  }
  return [...byAudience.values()];
}

/**
 * Whether a scheme's audience covers a unit, judged as `orgForScheme` judges people: by the
 * kind of the unit's assessment unit; a unit under none (county offices) is in every audience.
 */
function unitCovered(audience: Scheme['audience'], org: OrgSnapshot, unitId: string): boolean {
  const kinds = audienceUnitKinds[audience];
  if (kinds === null) return true;
  const others = new Set(
    Object.values(audienceUnitKinds).flatMap((k) =>
      k === null ? [] : k.filter((x) => !kinds.includes(x)),
    ),
  );
  const units = new Map(org.units.map((u) => [u.id, u]));
  const seen = new Set<string>();
  for (let u = units.get(unitId); u && !seen.has(u.id); u = units.get(u.parentId ?? '')) {
    seen.add(u.id);
    if (assessmentUnitKinds.includes(u.kind)) return !others.has(u.kind);
  }
  return true;
}

// ---------------------------------------------------------------- API

/** The supervision report of a window. */
export interface SupervisionView {
  window: string;
  startsOn: string;
  endsOn: string;
  run: { runAt: string; runByName: string | null; factsWritten: number } | null;
  units: (UnitSupervision & { unitName: string })[];
}

async function reportOf(
  ctx: ServiceContext,
  window: { key: string; startsOn: string; endsOn: string },
): Promise<SupervisionView> {
  const run = await latestSupervisionRun(ctx.db, ctx.tenantId, window.key);
  const visible = await unitFilter(ctx, 'supervision.read');
  const names = await unitDirectory(ctx.db, ctx.tenantId);
  // Rows are assessment units: a section's people also see the town or department they are in.
  const reach = visibility(ctx.subject, 'supervision.read');
  const reachesInto = (unitId: string): boolean => {
    const path = names.get(unitId)?.path;
    if (path === undefined || reach.kind !== 'some') return false;
    return (
      reach.pathPrefixes.some((p) => p.startsWith(path)) ||
      reach.unitIds.some((id) => names.get(id)?.path.startsWith(path) === true)
    );
  };
  return {
    window: window.key,
    startsOn: window.startsOn,
    endsOn: window.endsOn,
    run:
      run === undefined
        ? null
        : {
            runAt: run.runAt.toISOString(),
            runByName: run.runByName,
            factsWritten: run.factsWritten,
          },
    units: (run?.units ?? [])
      .filter((u) => visible === null || visible(u.unitId) || reachesInto(u.unitId))
      .map((u) => ({ ...u, unitName: names.get(u.unitId)?.name ?? '' })),
  };
}

/** The latest recorded statistics of a window (units the caller may see), or none yet. */
export async function getSupervision(ctx: ServiceContext, key: string): Promise<SupervisionView> {
  const window = windowOf(key, await workConfigOf(ctx));
  return reportOf(ctx, window);
}

/** Every window that ran, newest first, with its latest run. */
export async function listWindows(ctx: ServiceContext): Promise<{
  items: {
    window: string;
    startsOn: string;
    endsOn: string;
    runAt: string;
    runBy: string | null;
  }[];
}> {
  const runs = await listSupervisionWindows(ctx.db, ctx.tenantId);
  return {
    items: runs.map((r) => ({
      window: r.window,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      runAt: r.runAt.toISOString(),
      runBy: r.runByName,
    })),
  };
}

/**
 * Run a window's statistics (see the module comment). Refuses a window that has not ended
 * (`supervision-window-open`). Idempotent: a re-run over unchanged history writes no fact.
 * Audited as `supervision.run`.
 */
export async function runSupervision(ctx: ServiceContext, key: string): Promise<SupervisionView> {
  const config = await workConfigOf(ctx);
  const window = windowOf(key, config);
  if (ctx.now.getTime() < Date.parse(window.end))
    throw new AppError('supervision-window-open', 'window');
  const stats = await windowStatistics(ctx, window, config);
  const periods = targetPeriods(await listOpenPeriodsOn(ctx.db, ctx.tenantId, window.endsOn));
  const reportRules = periods[0]?.scheme?.work ?? zeroRules;
  const units = superviseUnits(stats.counts, reportRules, 'competition');
  await withWorkingSets(
    ctx,
    periods.map((p) => p.id),
    async (loaded) => {
      const desired = periods.flatMap((p) => {
        const set = loaded.get(p.id)!;
        const scheme = set.set.scheme;
        const rules = scheme.work!;
        const covered = stats.counts.filter(
          (c) =>
            set.org.units.some((u) => u.id === c.unitId) &&
            unitCovered(scheme.audience, set.org, c.unitId),
        );
        const scored = new Set(set.set.org.people.map((person) => person.id));
        const desiredHere = supervisionFacts({
          window: window.key,
          periodId: p.id,
          rules,
          units: superviseUnits(covered, rules, 'competition'),
          workload: stats.shares.filter((s) => scored.has(s.personId)),
          redLights: stats.redLights.map((r) => ({
            stepId: r.stepId,
            carriers: r.carriers.filter((id) => scored.has(id)),
          })),
        });
        // A leaf for some layers only (e.g. executors' workload) gets facts of those people only.
        return desiredHere.filter((f) => {
          const checked = checkFactRecording(scheme, { ...f, supersedes: null }, null, set.set.org);
          return checked.ok || checked.reason !== 'indicator-not-applicable';
        });
      });
      const changes = async (trx: ServiceContext): Promise<NewFactRow[]> => {
        const existing = await listWindowFacts(
          trx.db,
          trx.tenantId,
          periods.map((p) => p.id),
          window.key,
        );
        return factChanges(desired, existing, window.key).map((f) => ({
          ...f,
          recordedBy: null,
          recordedAt: ctx.now,
        }));
      };
      await storeWorkFacts(ctx, loaded, changes, async (trx, stored) => {
        // Runs of a window are strictly ordered by their time (the latest is the one shown),
        // also when the clock has not moved since the previous run.
        const previous = await latestSupervisionRun(trx.db, trx.tenantId, window.key);
        const runAt = new Date(
          Math.max(ctx.now.getTime(), (previous?.runAt.getTime() ?? -Infinity) + 1),
        );
        await insertSupervisionRun(trx.db, trx.tenantId, {
          window: window.key,
          startsOn: window.startsOn,
          endsOn: window.endsOn,
          runAt,
          runBy: ctx.subject.personId,
          units,
          factsWritten: stored.length,
        });
        await appendWorkEvents(trx.db, trx.tenantId, [
          {
            kind: 'supervision-run',
            taskId: null,
            stepId: null,
            actorPersonId: ctx.subject.personId,
            actorAccountId: ctx.actor.accountId,
            at: ctx.now.toISOString(),
            body: { window: window.key, units: units.length, factsWritten: stored.length },
          },
        ]);
        await recordAudit(trx, {
          action: 'supervision.run',
          objectType: 'supervision_window',
          objectId: null,
          detail: {
            window: window.key,
            units: units.length,
            periods: periods.map((p) => p.id),
            factsWritten: stored.length,
          },
        });
      });
    },
  );
  return reportOf(ctx, window);
}

const lightNames: Readonly<Record<LightColour, string>> = {
  white: '白灯',
  blue: '蓝灯',
  green: '绿灯',
  yellow: '黄灯',
  red: '红灯',
};
const cardNames: Readonly<Record<CardColour, string>> = {
  green: '绿牌',
  yellow: '黄牌',
  red: '红牌',
};

/** Columns of the supervision sheet: rank, unit, points, each light and card colour. */
type SupervisionColumn = 'rank' | 'unit' | 'points' | `light-${LightColour}` | `card-${CardColour}`;
const supervisionColumns: readonly ImportColumn<SupervisionColumn>[] = [
  column('rank', '排名', {
    'zh-CN': '按得分排名（并列同名次）',
    en: 'Rank by points (ties share)',
  }),
  column('unit', '单位', { 'zh-CN': '单位名称', en: 'Unit' }),
  column('points', '得分', {
    'zh-CN': '按考核办法的灯牌分值表折算',
    en: 'Points by the scheme’s table',
  }),
  ...lightColours.map((c) =>
    column(`light-${c}` as const, lightNames[c], {
      'zh-CN': `统计期末${lightNames[c]}数`,
      en: `${c} lights at the window’s end`,
    }),
  ),
  ...cardColours.map((c) =>
    column(`card-${c}` as const, cardNames[c], {
      'zh-CN': `本月${cardNames[c]}数（下半月统计）`,
      en: `${c} cards of the month (second half)`,
    }),
  ),
];

function column<K extends string>(key: K, header: string, hint: LocalText): ImportColumn<K> {
  return { key, header, required: false, maxLength: 200, hint };
}

/**
 * A window's supervision report as .xlsx: sheet 督查统计, one unit a row by rank, points as
 * text (exactly the decimals computed), the window and run time below.
 */
export async function buildSupervisionExport(ctx: ServiceContext, key: string): Promise<Buffer> {
  const report = await getSupervision(ctx, key);
  const workbook = await newWorkbook();
  const sheet = addDataSheet(workbook, '督查统计', supervisionColumns);
  for (const u of report.units)
    sheet.addRow({
      rank: u.rank,
      unit: u.unitName,
      points: u.points,
      ...Object.fromEntries(lightColours.map((c) => [`light-${c}`, u.lights[c]])),
      ...Object.fromEntries(cardColours.map((c) => [`card-${c}`, u.cards[c]])),
    });
  sheet.addRow([]);
  sheet.addRow([
    `统计期 ${report.window}（${report.startsOn} 至 ${report.endsOn}）`,
    report.run ? `统计时间 ${report.run.runAt}` : '尚未统计',
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
