import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listPeriodResults,
  listPeriods,
  listSignals,
  verifyLedger,
  type DatabaseHandle,
  type PeriodRecord,
} from '@tianheng/db';
import { openTestDatabase, testBackends } from '@tianheng/db/testing';
import { generateDemoCounty } from './demo-county.ts';
import { planAssessmentYear } from './assessment-year.ts';
import { closeDemoPeriods } from './assessment-load.ts';
import { ensureDemoCounty } from './load-demo.ts';

const county = generateDemoCounty();
const plan = planAssessmentYear(county);
const quiet = { info: () => undefined, error: (text: string) => console.error(text) };

describe.each(testBackends())('the demo assessment year on %s', (backend) => {
  let handle: DatabaseHandle;
  let tenantId: string;
  let periods: PeriodRecord[];

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    const status = await ensureDemoCounty(handle.db, new Date('2026-11-22T08:00:00Z'), quiet);
    if (status.state !== 'loaded') throw new Error(`demo not loaded: ${status.state}`);
    tenantId = status.summary.tenantId;
    expect(status.summary.assessment.facts).toBe(plan.facts.length);
    periods = (await listPeriods(handle.db, tenantId, { page: 1, pageSize: 100 })).items;
  }, 240_000);
  afterAll(async () => {
    await handle?.close();
  });

  it('has both schemes’ 34 periods, January–October and Q1–Q3 closed with results', async () => {
    expect(periods).toHaveLength(34);
    const closed = periods.filter((p) => p.status === 'closed');
    expect(closed).toHaveLength(26);
    for (const p of periods) expect(p.status === 'closed', p.name).toBe(p.endsOn <= '2026-10-31');
    for (const p of closed) {
      const { total } = await listPeriodResults(handle.db, tenantId, p.id, {
        visibility: { kind: 'all' },
        page: 1,
        pageSize: 1,
      });
      expect(total, p.name).toBeGreaterThan(0);
    }
  });

  it('stores a boundary tie, promotion and accountability signals in the arranged quarter', async () => {
    const q3 = periods.find(
      (p) => p.schemeKey === 'h-township-2021' && p.name.includes('第三季度'),
    );
    if (!q3) throw new Error('no township Q3');
    const { items } = await listPeriodResults(handle.db, tenantId, q3.id, {
      visibility: { kind: 'all' },
      page: 1,
      pageSize: 1000,
    });
    const tied = items.filter((r) => r.boundaryTie);
    expect(tied.length).toBeGreaterThanOrEqual(2);
    const signals = await listSignals(handle.db, tenantId, { periodId: q3.id });
    expect(signals.some((s) => s.kind === 'promotion')).toBe(true);
    expect(signals.some((s) => s.kind === 'accountability')).toBe(true);
  });

  it('chains every fact, scheme and period into a ledger that verifies', async () => {
    const verified = await verifyLedger(handle.db, tenantId);
    expect(verified.ok).toBe(true);
  });

  it('has nothing left to close on a restart', async () => {
    const work = closeDemoPeriods(handle.db, tenantId, new Date('2026-11-22T08:00:00Z'));
    expect(await work.done).toBe(0);
  });
});
