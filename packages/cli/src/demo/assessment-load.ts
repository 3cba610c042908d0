import { randomUUID } from 'node:crypto';
import {
  appendFacts,
  createPeriod,
  inTransaction,
  listPeriods,
  listUnits,
  loadPeopleDirectory,
  saveSchemeVersion,
  setPeriodPool,
  type DatabaseHandle,
  type NewFactRow,
  type PeriodRecord,
} from '@tianheng/db';
import { closePeriod, systemContext } from '@tianheng/server';
import type { DemoCounty } from './demo-county.ts';
import {
  demoYearPeriods,
  planAssessmentYear,
  type DemoAssessmentYear,
  type PlannedPeriod,
} from './assessment-year.ts';

type Db = DatabaseHandle['db'];

/** What loading the assessment year wrote. */
export interface AssessmentLoadSummary {
  readonly schemes: number;
  readonly periods: number;
  readonly facts: number;
  readonly pools: number;
}

/** Look up an id the demo county must have, or fail loudly (the load is one whole). */
function idOf(map: ReadonlyMap<string, string>, code: string, what: string): string {
  const id = map.get(code);
  if (id === undefined)
    throw new Error(`demo assessment year: ${what} ${code} is not in the database`);
  return id;
}

/**
 * Write the demo county's assessment year into its tenant in one transaction, so a load cut
 * off half-way leaves nothing: both schemes and their 34 periods (ledgered by the store),
 * every planned fact through the ledgered `appendFacts` (corrections supersede facts of the
 * same batch), and the bonus pools. Results come after, from {@link closeDemoPeriods} (closed
 * periods) and on first read (open periods, see the results service). Call after the county
 * is imported.
 */
export async function loadAssessmentYear(
  db: Db,
  tenantId: string,
  county: DemoCounty,
  plan: DemoAssessmentYear = planAssessmentYear(county),
): Promise<AssessmentLoadSummary> {
  const directory = await loadPeopleDirectory(db, tenantId);
  const people = new Map(directory.people.map((p) => [p.staffNo, p.personId]));
  const units = new Map(
    (await listUnits(db, tenantId, { kind: 'all' })).flatMap((u) =>
      u.code === null ? [] : [[u.code, u.unitId] as const],
    ),
  );
  const subjectId = (kind: 'person' | 'unit', code: string) =>
    kind === 'person' ? idOf(people, code, 'person') : idOf(units, code, 'unit');

  return inTransaction(db, async (trx) => {
    for (const scheme of plan.schemes)
      await saveSchemeVersion(trx, tenantId, {
        scheme,
        note: '演示县初始方案 / demo scheme',
        createdBy: null,
      });
    const periodIds = new Map<string, string>();
    for (const period of plan.periods) {
      const created = await createPeriod(trx, tenantId, {
        name: period.name,
        kind: period.kind,
        assessment: period.assessment,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        schemeKey: period.schemeKey,
        createdBy: null,
      });
      periodIds.set(period.key, created.id);
    }

    const factIds = plan.facts.map(() => randomUUID());
    const rows: NewFactRow[] = plan.facts.map((fact, i) => ({
      id: factIds[i],
      periodId: idOf(periodIds, fact.periodId, 'period'),
      subject: { kind: fact.subject.kind, id: subjectId(fact.subject.kind, fact.subject.id) },
      indicator: fact.indicator,
      value: fact.value,
      payload: fact.payload,
      source: 'manual',
      evidence: fact.evidence,
      recordedBy: idOf(people, fact.recordedBy, 'recorder'),
      recordedAt: fact.recordedAt,
      supersedes: fact.correctionOf === undefined ? null : (factIds[fact.correctionOf] ?? null),
    }));
    await appendFacts(trx, tenantId, rows);

    for (const pool of plan.pools)
      await setPeriodPool(
        trx,
        tenantId,
        idOf(periodIds, pool.periodKey, 'period'),
        idOf(units, pool.unitCode, 'unit'),
        pool.amountCents,
      );
    return {
      schemes: plan.schemes.length,
      periods: plan.periods.length,
      facts: rows.length,
      pools: plan.pools.length,
    };
  });
}

/** The stored period a planned one became (same scheme, kind and dates). */
function storedPeriod(
  stored: readonly PeriodRecord[],
  planned: PlannedPeriod,
): PeriodRecord | undefined {
  return stored.find(
    (p) =>
      p.schemeKey === planned.schemeKey &&
      p.kind === planned.kind &&
      p.startsOn === planned.startsOn &&
      p.endsOn === planned.endsOn,
  );
}

/** Closing the demo's past periods, one after the other; `stop()` ends it after the current one. */
export interface ClosingWork {
  /** How many periods were closed, once every one is (or after `stop()`). */
  readonly done: Promise<number>;
  /** Ask it to end after the period being closed; await `done` to know it has. */
  stop(): void;
}

/**
 * Close the periods the plan marks closed and the database still has open, in date order
 * (streak rules read earlier periods' rankings). Each close is the results service's full
 * recompute, frozen and audited. Resumable: a restart closes what is left.
 */
export function closeDemoPeriods(
  db: Db,
  tenantId: string,
  now: Date,
  periods: readonly PlannedPeriod[] = demoYearPeriods(),
): ClosingWork {
  let stopped = false;
  const done = (async () => {
    const ctx = systemContext(db, tenantId, now, 'demo');
    const { items } = await listPeriods(db, tenantId, { page: 1, pageSize: 1000 });
    const due = periods
      .filter((p) => p.closed)
      .sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.startsOn.localeCompare(b.startsOn))
      .map((p) => storedPeriod(items, p))
      .filter((p): p is PeriodRecord => p !== undefined && p.status === 'open');
    let closed = 0;
    for (const period of due) {
      // Let requests waiting for the one database connection go first (a start, a sign-in).
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (stopped) break;
      await closePeriod(ctx, period.id);
      closed += 1;
    }
    return closed;
  })();
  return {
    done,
    stop: () => {
      stopped = true;
    },
  };
}
