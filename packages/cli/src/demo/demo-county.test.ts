import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canNest,
  checkPassword,
  genders,
  isIsoDate,
  ranks,
  toRawImport,
  validateGrant,
  validateImportRows,
} from '@tianheng/core';
import {
  findPersonIdByStaffNo,
  findUnitIdByCode,
  listAssignments,
  listAudit,
  type DatabaseHandle,
} from '@tianheng/db';
import { openTestDatabase, testBackends } from '@tianheng/db/testing';
import { DEMO_SEED, generateDemoCounty, peopleBeforeMoves } from './demo-county.ts';
import { ensureDemoCounty } from './load-demo.ts';
import { mulberry32 } from './prng.ts';

describe(mulberry32, () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const take = (seed: number) => {
      const rng = mulberry32(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('keeps int() within its bounds', () => {
    const rng = mulberry32(1);
    const values = Array.from({ length: 1000 }, () => rng.int(3, 5));
    expect(new Set(values)).toEqual(new Set([3, 4, 5]));
  });
});

describe(generateDemoCounty, () => {
  const county = generateDemoCounty();
  const unitsByCode = new Map(county.units.map((u) => [u.code, u]));
  const peopleByStaffNo = new Map(county.people.map((p) => [p.staffNo, p]));

  it('is deterministic: the same seed gives the same county', () => {
    expect(generateDemoCounty(DEMO_SEED)).toEqual(county);
    expect(generateDemoCounty(DEMO_SEED + 1).people).not.toEqual(county.people);
  });

  it.each([
    ['county', 1],
    ['street', 2],
    ['town', 7],
    ['township', 11],
    ['department', 12],
  ] as const)('has %s × %i', (kind, count) => {
    expect(county.units.filter((u) => u.kind === kind)).toHaveLength(count);
  });

  it('has sections, villages, task forces and business lines', () => {
    const count = (kind: string) => county.units.filter((u) => u.kind === kind).length;
    expect(count('section')).toBeGreaterThan(100);
    expect(count('village')).toBeGreaterThan(60);
    expect(count('task_force')).toBeGreaterThanOrEqual(1);
    expect(county.lines).toEqual(expect.arrayContaining(['农业', '民政', '综治', '党建', '经济']));
  });

  it('passes the import validation of core on an empty tenant, unchanged', () => {
    const result = validateImportRows(toRawImport(county), {
      unitKinds: new Map(),
      staffNos: new Set(),
      hasRoot: false,
    });
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    // Validation reorders units breadth-first; the rows themselves must come back as given.
    const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
    expect([...result.value.units].sort(byCode)).toEqual([...county.units].sort(byCode));
    expect(result.value.people).toEqual(county.people);
  });

  it('has a few hundred people', () => {
    expect(county.people.length).toBeGreaterThanOrEqual(300);
    expect(county.people.length).toBeLessThanOrEqual(500);
  });

  it('builds a valid tree: unique codes, parents first, kinds that nest', () => {
    expect(unitsByCode.size).toBe(county.units.length);
    const seen = new Set<string>();
    for (const unit of county.units) {
      const parent = unit.parentCode === null ? null : unitsByCode.get(unit.parentCode);
      expect(parent, unit.code).not.toBeUndefined();
      if (unit.parentCode !== null) expect(seen.has(unit.parentCode), unit.code).toBe(true);
      expect(canNest(unit.kind, parent?.kind ?? null), unit.code).toBe(true);
      seen.add(unit.code);
    }
    expect(new Set(county.units.map((u) => u.name)).size).toBe(county.units.length);
  });

  it('gives every person a unique staff no. and phone, an existing unit, a valid rank, gender and dates', () => {
    expect(peopleByStaffNo.size).toBe(county.people.length);
    expect(new Set(county.people.map((p) => p.phone)).size).toBe(county.people.length);
    for (const person of county.people) {
      expect(unitsByCode.has(person.unitCode), person.staffNo).toBe(true);
      expect(ranks).toContain(person.rank);
      expect(genders).toContain(person.gender);
      expect(isIsoDate(person.validFrom), person.validFrom).toBe(true);
      expect(person.birthDate !== null && isIsoDate(person.birthDate)).toBe(true);
      expect(person.phone).toMatch(/^1380000\d{4}$/);
      expect(person.name).toMatch(/^\p{Script=Han}{2,3}$/u);
      for (const line of person.lines) expect(county.lines).toContain(line);
    }
  });

  it('links village cadres (包村) to villages of their own town', () => {
    const linked = county.people.filter((p) => p.villageCodes.length > 0);
    expect(linked.length).toBeGreaterThan(50);
    for (const person of linked) {
      const home = unitsByCode.get(person.unitCode);
      const town = home?.kind === 'section' ? home.parentCode : home?.code;
      for (const code of person.villageCodes) {
        const village = unitsByCode.get(code);
        expect(village?.kind).toBe('village');
        expect(village?.parentCode).toBe(town);
      }
    }
    const villages = county.units.filter((u) => u.kind === 'village');
    for (const village of villages)
      expect(
        linked.some((p) => p.villageCodes.includes(village.code)),
        village.name,
      ).toBe(true);
  });

  it('gives some people an earlier post in another unit', () => {
    expect(county.pastPosts.length).toBeGreaterThanOrEqual(3);
    const before = new Map(peopleBeforeMoves(county).map((p) => [p.staffNo, p]));
    for (const past of county.pastPosts) {
      const today = peopleByStaffNo.get(past.staffNo);
      expect(today?.validFrom).toBe(past.movedOn);
      expect(unitsByCode.has(past.unitCode)).toBe(true);
      expect(past.unitCode).not.toBe(today?.unitCode);
      expect(past.validFrom < past.movedOn).toBe(true);
      expect(before.get(past.staffNo)).toMatchObject({
        unitCode: past.unitCode,
        post: past.post,
        rank: past.rank,
        validFrom: past.validFrom,
      });
    }
    expect(peopleBeforeMoves(county).filter((p, i) => p !== county.people[i])).toHaveLength(
      county.pastPosts.length,
    );
  });

  it('has one valid login per role, linked to a person where the grant points', () => {
    expect(county.accounts.map((a) => a.role).sort()).toEqual(
      [
        'assessment_office',
        'cadre',
        'leader',
        'supervision_office',
        'system_admin',
        'unit_head',
      ].sort(),
    );
    expect(checkPassword(county.password).ok).toBe(true);
    for (const account of county.accounts) {
      const person = peopleByStaffNo.get(account.staffNo);
      expect(person, account.username).toBeDefined();
      const unit = account.unitCode === null ? null : unitsByCode.get(account.unitCode);
      expect(unit, account.username).not.toBeUndefined();
      expect(
        validateGrant({ role: account.role, scope: account.scope, unitId: account.unitCode }).ok,
        account.username,
      ).toBe(true);
      if (account.scope === 'own_unit') expect(person?.unitCode).toBe(account.unitCode);
    }
  });
});

/** The ISO date one day before `iso`. */
function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

describe.each(testBackends())('ensureDemoCounty on %s', (backend) => {
  const county = generateDemoCounty();
  const now = new Date('2026-03-02T08:00:00Z');
  const quiet = { info: () => undefined, error: () => undefined };
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openTestDatabase(backend);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('gives the moved people their earlier post as closed history, and loads only once', async () => {
    const status = await ensureDemoCounty(handle.db, now, quiet);
    if (status.state !== 'loaded') throw new Error(`demo county not loaded: ${status.state}`);
    const { tenantId } = status.summary;
    expect(status.summary.people).toBe(county.people.length);
    const today = new Map(county.people.map((p) => [p.staffNo, p]));
    for (const past of county.pastPosts) {
      const person = today.get(past.staffNo);
      const personId = await findPersonIdByStaffNo(handle.db, tenantId, past.staffNo);
      if (!personId || !person) throw new Error(`${past.staffNo} is missing`);
      const history = await listAssignments(handle.db, tenantId, personId);
      expect(history.length, past.staffNo).toBeGreaterThanOrEqual(2);
      const [current, earlier] = history;
      expect(current).toMatchObject({
        unitId: await findUnitIdByCode(handle.db, tenantId, person.unitCode),
        post: person.post,
        rank: person.rank,
        validFrom: past.movedOn,
        validTo: null,
        reason: past.reason,
      });
      expect(earlier).toMatchObject({
        unitId: await findUnitIdByCode(handle.db, tenantId, past.unitCode),
        post: past.post,
        rank: past.rank,
        validFrom: past.validFrom,
        validTo: dayBefore(past.movedOn),
      });
    }
    const moves = await listAudit(handle.db, tenantId, {
      action: 'person.move',
      page: 1,
      pageSize: 50,
    });
    expect(moves.total).toBe(county.pastPosts.length);

    // A restart finds the demo in place and writes nothing more.
    expect(await ensureDemoCounty(handle.db, now, quiet)).toMatchObject({ state: 'present' });
    const again = await listAudit(handle.db, tenantId, {
      action: 'person.move',
      page: 1,
      pageSize: 50,
    });
    expect(again.total).toBe(county.pastPosts.length);
    // The load closes 26 periods of the demo year (a full recompute each).
  }, 180_000);
});
