import type { Kysely } from 'kysely';
import type { OrgPerson, OrgSnapshot, OrgUnit } from '@tianheng/core';
import type { Database } from '../schema.ts';

/**
 * The organisation as of a date (`YYYY-MM-DD`, inclusive): every unit, and every person with
 * an assignment valid on that date with its unit, post and rank, their business line ids and
 * linked village ids (both sorted). Units by path, people by staff number. This is what a
 * period is scored against (its last day).
 */
export async function orgSnapshotAt(
  db: Kysely<Database>,
  tenantId: string,
  date: string,
): Promise<OrgSnapshot> {
  const [units, people, lines, villages] = await Promise.all([
    db
      .selectFrom('unit')
      .select(['unit_id', 'parent_id', 'kind', 'name'])
      .where('tenant_id', '=', tenantId)
      .orderBy('path')
      .execute(),
    db
      .selectFrom('person_assignment as a')
      .innerJoin('person as p', (j) =>
        j.onRef('p.tenant_id', '=', 'a.tenant_id').onRef('p.person_id', '=', 'a.person_id'),
      )
      .select(['p.person_id', 'p.name', 'a.unit_id', 'a.post', 'a.rank'])
      .where('a.tenant_id', '=', tenantId)
      .where('a.valid_from', '<=', date)
      .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', date)]))
      .orderBy('p.staff_no')
      .orderBy('a.valid_from', 'desc')
      .execute(),
    db
      .selectFrom('person_line')
      .select(['person_id', 'line_id'])
      .where('tenant_id', '=', tenantId)
      .orderBy('line_id')
      .execute(),
    db
      .selectFrom('person_village')
      .select(['person_id', 'unit_id'])
      .where('tenant_id', '=', tenantId)
      .orderBy('unit_id')
      .execute(),
  ]);
  const linesOf = new Map<string, string[]>();
  for (const l of lines) {
    const list = linesOf.get(l.person_id);
    if (list) list.push(l.line_id);
    else linesOf.set(l.person_id, [l.line_id]);
  }
  const villagesOf = new Map<string, string[]>();
  for (const v of villages) {
    const list = villagesOf.get(v.person_id);
    if (list) list.push(v.unit_id);
    else villagesOf.set(v.person_id, [v.unit_id]);
  }
  const orgUnits: OrgUnit[] = units.map((u) => ({
    id: u.unit_id,
    parentId: u.parent_id,
    kind: u.kind,
    name: u.name,
  }));
  const seen = new Set<string>();
  const orgPeople: OrgPerson[] = [];
  for (const p of people) {
    // Overlapping assignments should not exist; if they do, the latest start wins.
    if (seen.has(p.person_id)) continue;
    seen.add(p.person_id);
    orgPeople.push({
      id: p.person_id,
      name: p.name,
      unitId: p.unit_id,
      post: p.post,
      rank: p.rank,
      lines: linesOf.get(p.person_id) ?? [],
      villageIds: villagesOf.get(p.person_id) ?? [],
    });
  }
  return { units: orgUnits, people: orgPeople };
}

/** Every person's staff number by person id (result rows show it; the org snapshot does not carry it). */
export async function staffNumbers(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('person')
    .select(['person_id', 'staff_no'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Map(rows.map((r) => [r.person_id, r.staff_no]));
}
