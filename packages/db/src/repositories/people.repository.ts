import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import {
  comparePeople,
  type Gender,
  type PeopleListFilter,
  type Rank,
  type UnitKind,
  type Visibility,
} from '@tianheng/core';
import type { Database } from '../schema.ts';
import { chunk } from './org.repository.ts';

/** A person with their current assignment, business lines and villages. */
export interface PersonRow {
  readonly personId: string;
  readonly staffNo: string;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string | null;
  readonly phone: string | null;
  readonly unitId: string;
  readonly unitName: string;
  readonly unitCode: string | null;
  readonly post: string;
  readonly rank: Rank;
  readonly validFrom: string;
  readonly lines: { id: string; name: string }[];
  readonly villages: { id: string; name: string; code: string | null }[];
}

/** One assignment of a person's history (任职经历). */
export interface AssignmentRow {
  readonly assignmentId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly post: string;
  readonly rank: Rank;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly reason: string | null;
}

/** Filters of the people list (the rules are core's {@link PeopleListFilter}). */
export type PeopleFilter = PeopleListFilter;

/** Escape LIKE wildcards in user text. */
function likeText(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function currentPeople(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('person as p')
    .innerJoin('person_assignment as a', (j) =>
      j
        .onRef('a.tenant_id', '=', 'p.tenant_id')
        .onRef('a.person_id', '=', 'p.person_id')
        .on('a.valid_to', 'is', null),
    )
    .innerJoin('unit as u', (j) =>
      j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.unit_id', '=', 'a.unit_id'),
    )
    .where('p.tenant_id', '=', tenantId);
}

type CurrentPeopleQuery = ReturnType<typeof currentPeople>;

function applyFilters(
  query: CurrentPeopleQuery,
  tenantId: string,
  filter: PeopleFilter,
  visibility: Exclude<Visibility, { kind: 'none' }>,
): CurrentPeopleQuery {
  let q = query;
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const pattern = likeText(filter.q.trim());
    q = q.where((eb) =>
      eb.or([eb('p.name', 'ilike', pattern), eb('p.staff_no', 'ilike', pattern)]),
    );
  }
  if (filter.unitId !== undefined) {
    const unitId = filter.unitId;
    q =
      filter.subtree === false
        ? q.where('a.unit_id', '=', unitId)
        : q.where((eb) =>
            eb.exists(
              eb
                .selectFrom('unit as root')
                .select(sql`1`.as('one'))
                .where('root.tenant_id', '=', tenantId)
                .where('root.unit_id', '=', unitId)
                .where(sql<SqlBool>`starts_with(u.path, root.path)`),
            ),
          );
  }
  if (filter.rank !== undefined) q = q.where('a.rank', '=', filter.rank);
  if (filter.lineId !== undefined) {
    const lineId = filter.lineId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_line as pl')
          .select(sql`1`.as('one'))
          .whereRef('pl.tenant_id', '=', 'p.tenant_id')
          .whereRef('pl.person_id', '=', 'p.person_id')
          .where('pl.line_id', '=', lineId),
      ),
    );
  }
  if (visibility.kind === 'some') {
    q = q.where((eb) => {
      const terms: Expression<SqlBool>[] = visibility.pathPrefixes.map((prefix) =>
        eb('u.path', 'like', `${prefix}%`),
      );
      if (visibility.unitIds.length > 0) terms.push(eb('a.unit_id', 'in', visibility.unitIds));
      if (visibility.personIds.length > 0)
        terms.push(eb('p.person_id', 'in', visibility.personIds));
      return eb.or(terms);
    });
  }
  return q;
}

const summaryColumns = [
  'p.person_id as personId',
  'p.staff_no as staffNo',
  'p.name',
  'p.gender',
  'p.birth_date as birthDate',
  'p.phone',
  'a.unit_id as unitId',
  'u.name as unitName',
  'u.code as unitCode',
  'a.post',
  'a.rank',
  'a.valid_from as validFrom',
] as const;

type PersonLinks = Pick<PersonRow, 'lines' | 'villages'>;

/**
 * Business lines and villages of some people of a tenant (or of all when `personIds` is
 * null), in one query: lines and villages each by sort order, then name.
 */
async function loadLinks(
  db: Kysely<Database>,
  tenantId: string,
  personIds: readonly string[] | null,
): Promise<Map<string, { lines: PersonRow['lines']; villages: PersonRow['villages'] }>> {
  const links = new Map<string, { lines: PersonRow['lines']; villages: PersonRow['villages'] }>();
  const linksOf = (personId: string) => {
    let found = links.get(personId);
    if (!found) {
      found = { lines: [], villages: [] };
      links.set(personId, found);
    }
    return found;
  };
  const parts = personIds === null ? [null] : chunk(personIds, 5000);
  for (const part of parts) {
    const ids = part === null ? null : sql.join(part.map((id) => sql`${id}`));
    const { rows } = await sql<{
      person_id: string;
      kind: 'line' | 'village';
      id: string;
      name: string;
      code: string | null;
    }>`
      SELECT pl.person_id, 'line' AS kind, l.line_id AS id, l.name, NULL::text AS code,
             l.sort_order
        FROM person_line pl
        JOIN business_line l ON l.tenant_id = pl.tenant_id AND l.line_id = pl.line_id
       WHERE pl.tenant_id = ${tenantId} ${ids === null ? sql`` : sql`AND pl.person_id IN (${ids})`}
      UNION ALL
      SELECT pv.person_id, 'village' AS kind, v.unit_id AS id, v.name, v.code, v.sort_order
        FROM person_village pv
        JOIN unit v ON v.tenant_id = pv.tenant_id AND v.unit_id = pv.unit_id
       WHERE pv.tenant_id = ${tenantId} ${ids === null ? sql`` : sql`AND pv.person_id IN (${ids})`}
       ORDER BY kind, sort_order, name`.execute(db);
    for (const r of rows) {
      const found = linksOf(r.person_id);
      if (r.kind === 'line') found.lines.push({ id: r.id, name: r.name });
      else found.villages.push({ id: r.id, name: r.name, code: r.code });
    }
  }
  return links;
}

/**
 * Attach business lines and villages to people rows with one query (not one per person);
 * `all` loads the links of the whole tenant instead of listing the ids.
 */
async function withLinks<T extends Omit<PersonRow, 'lines' | 'villages'>>(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly T[],
  all = false,
): Promise<(T & PersonLinks)[]> {
  if (rows.length === 0) return [];
  const links = await loadLinks(db, tenantId, all ? null : rows.map((r) => r.personId));
  return rows.map((r) => ({
    ...r,
    lines: links.get(r.personId)?.lines ?? [],
    villages: links.get(r.personId)?.villages ?? [],
  }));
}

/** Staff number order that does not depend on the database's locale (see core `comparePeople`). */
const staffNoOrder = sql`p.staff_no COLLATE "C"`;

/**
 * People of a tenant with their current assignment, filtered and limited to what a
 * visibility reaches; a page of them (or all when `page` is null) and the total.
 */
export async function listPeople(
  db: Kysely<Database>,
  tenantId: string,
  filter: PeopleFilter,
  visibility: Visibility,
  page: { page: number; pageSize: number } | null,
): Promise<{ items: PersonRow[]; total: number }> {
  if (visibility.kind === 'none') return { items: [], total: 0 };
  const base = applyFilters(currentPeople(db, tenantId), tenantId, filter, visibility);
  // The total rides along with the page (one query instead of two); only a page past the
  // end, which has no row to carry it, needs a count of its own.
  let rowsQuery = base
    .select(summaryColumns)
    .select(sql<number>`(count(*) over ())::int`.as('total'))
    .orderBy(staffNoOrder)
    .orderBy('p.person_id');
  if (page !== null)
    rowsQuery = rowsQuery.limit(page.pageSize).offset((page.page - 1) * page.pageSize);
  const found = await rowsQuery.execute();
  let total = found[0]?.total ?? 0;
  if (found.length === 0 && page !== null && page.page > 1) {
    const counted = await base
      .select(sql<number>`count(*)::int`.as('total'))
      .executeTakeFirstOrThrow();
    total = counted.total;
  }
  const rows = found.map(({ total: _total, ...row }) => row);
  return { items: await withLinks(db, tenantId, rows), total };
}

/** A person of the in-memory people directory: the list row and the unit's path. */
export interface DirectoryPerson extends PersonRow {
  readonly unitPath: string;
}

/** A tenant's whole people directory, for filtering in memory (see core `filterPeople`). */
export interface PeopleDirectory {
  /** Everyone with a current assignment, in core `comparePeople` order. */
  readonly people: readonly DirectoryPerson[];
  /** Every unit of the tenant (also those without people) by id, to its path. */
  readonly unitPaths: ReadonlyMap<string, string>;
}

/** Load a tenant's people directory: all current people with unit path, lines and villages. */
export async function loadPeopleDirectory(
  db: Kysely<Database>,
  tenantId: string,
): Promise<PeopleDirectory> {
  const units = await db
    .selectFrom('unit')
    .select(['unit_id', 'path'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const rows = await currentPeople(db, tenantId)
    .select(summaryColumns)
    .select('u.path as unitPath')
    .execute();
  const people = await withLinks(db, tenantId, rows, true);
  return {
    people: people.sort(comparePeople),
    unitPaths: new Map(units.map((u) => [u.unit_id, u.path])),
  };
}

/** One person with current assignment, lines and villages, or undefined when not in the tenant. */
export async function findPerson(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
): Promise<PersonRow | undefined> {
  const row = await currentPeople(db, tenantId)
    .select(summaryColumns)
    .where('p.person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [person] = await withLinks(db, tenantId, [row]);
  return person;
}

/** A person's assignments, newest first. */
export async function listAssignments(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
): Promise<AssignmentRow[]> {
  return db
    .selectFrom('person_assignment as a')
    .innerJoin('unit as u', (j) =>
      j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.unit_id', '=', 'a.unit_id'),
    )
    .select([
      'a.assignment_id as assignmentId',
      'a.unit_id as unitId',
      'u.name as unitName',
      'a.post',
      'a.rank',
      'a.valid_from as validFrom',
      'a.valid_to as validTo',
      'a.reason',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.person_id', '=', personId)
    .orderBy('a.valid_from', 'desc')
    .orderBy('a.created_at', 'desc')
    .execute();
}

/** Where a person currently sits (for access checks), or undefined when not in the tenant. */
export async function findPersonPlacement(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
): Promise<{ unitId: string; unitPath: string; validFrom: string } | undefined> {
  return currentPeople(db, tenantId)
    .select(['a.unit_id as unitId', 'u.path as unitPath', 'a.valid_from as validFrom'])
    .where('p.person_id', '=', personId)
    .executeTakeFirst();
}

/** The id of the person holding a staff number in a tenant, if any. */
export async function findPersonIdByStaffNo(
  db: Kysely<Database>,
  tenantId: string,
  staffNo: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('person')
    .select('person_id')
    .where('tenant_id', '=', tenantId)
    .where('staff_no', '=', staffNo)
    .executeTakeFirst();
  return row?.person_id;
}

/** A person's stable attributes. */
export interface PersonFields {
  readonly staffNo: string;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string | null;
  readonly phone: string | null;
}

/** A person's unit, post and rank from a date on. */
export interface AssignmentFields {
  readonly unitId: string;
  readonly post: string;
  readonly rank: Rank;
  readonly validFrom: string;
  readonly reason: string | null;
}

/** Create a person with their first assignment, lines and villages; returns the id. */
export async function insertPerson(
  db: Kysely<Database>,
  tenantId: string,
  person: PersonFields,
  assignment: AssignmentFields,
  links: { lineIds: readonly string[]; villageIds: readonly string[] },
): Promise<string> {
  const personId = crypto.randomUUID();
  await bulkInsertPeople(db, tenantId, [
    { ...person, ...assignment, personId, lineIds: links.lineIds, villageIds: links.villageIds },
  ]);
  return personId;
}

/** Change a person's stable attributes. */
export async function updatePerson(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  patch: Partial<Omit<PersonFields, 'staffNo'>>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('person')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.gender === undefined ? {} : { gender: patch.gender }),
      ...(patch.birthDate === undefined ? {} : { birth_date: patch.birthDate }),
      ...(patch.phone === undefined ? {} : { phone: patch.phone }),
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .execute();
}

/** Replace a person's business lines. */
export async function setPersonLines(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  lineIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('person_line')
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .execute();
  if (lineIds.length === 0) return;
  await db
    .insertInto('person_line')
    .values(
      lineIds.map((lineId) => ({ tenant_id: tenantId, person_id: personId, line_id: lineId })),
    )
    .execute();
}

/** Replace the villages a person is responsible for. */
export async function setPersonVillages(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  villageIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('person_village')
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .execute();
  if (villageIds.length === 0) return;
  await db
    .insertInto('person_village')
    .values(
      villageIds.map((unitId) => ({ tenant_id: tenantId, person_id: personId, unit_id: unitId })),
    )
    .execute();
}

/**
 * Move a person: close the current assignment the day before `validFrom` and open a new
 * one. The caller checks that `validFrom` is after the current assignment's start.
 */
export async function movePerson(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  next: AssignmentFields,
): Promise<void> {
  await db
    .updateTable('person_assignment')
    .set({ valid_to: sql<string>`${next.validFrom}::date - 1` })
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .where('valid_to', 'is', null)
    .execute();
  await db
    .insertInto('person_assignment')
    .values({
      tenant_id: tenantId,
      person_id: personId,
      unit_id: next.unitId,
      post: next.post,
      rank: next.rank,
      valid_from: next.validFrom,
      reason: next.reason,
    })
    .execute();
}

/** Business lines (条线) of a tenant, in display order. */
export function listLines(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('business_line')
    .select(['line_id as id', 'name'])
    .where('tenant_id', '=', tenantId)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
}

/** Which of the given line ids belong to the tenant. */
export async function findLineIds(
  db: Kysely<Database>,
  tenantId: string,
  lineIds: readonly string[],
): Promise<Set<string>> {
  if (lineIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('business_line')
    .select('line_id')
    .where('tenant_id', '=', tenantId)
    .where('line_id', 'in', lineIds)
    .execute();
  return new Set(rows.map((r) => r.line_id));
}

/** Ids of business lines by name, creating the missing ones. */
export async function findOrCreateLines(
  db: Kysely<Database>,
  tenantId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const distinct = [...new Set(names)];
  if (distinct.length === 0) return new Map();
  for (const part of chunk(distinct)) {
    await db
      .insertInto('business_line')
      .values(part.map((name) => ({ tenant_id: tenantId, name })))
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
      .execute();
  }
  const found = new Map<string, string>();
  for (const part of chunk(distinct)) {
    const rows = await db
      .selectFrom('business_line')
      .select(['line_id', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('name', 'in', part)
      .execute();
    for (const r of rows) found.set(r.name, r.line_id);
  }
  return found;
}

/** Kinds of the given units of a tenant (ids of other tenants are absent). */
export async function findUnitKinds(
  db: Kysely<Database>,
  tenantId: string,
  unitIds: readonly string[],
): Promise<Map<string, { kind: UnitKind; path: string }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('unit')
    .select(['unit_id', 'kind', 'path'])
    .where('tenant_id', '=', tenantId)
    .where('unit_id', 'in', unitIds)
    .execute();
  return new Map(rows.map((r) => [r.unit_id, { kind: r.kind, path: r.path }]));
}

/** Staff numbers already used in a tenant. */
export async function listStaffNos(db: Kysely<Database>, tenantId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('person')
    .select('staff_no')
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Set(rows.map((r) => r.staff_no));
}

/** A person ready to insert in bulk, with their first assignment and links. */
export interface BulkPerson extends PersonFields, AssignmentFields {
  readonly personId: string;
  readonly lineIds: readonly string[];
  readonly villageIds: readonly string[];
}

/** Insert many people, their first assignments and links with multi-row inserts. */
export async function bulkInsertPeople(
  db: Kysely<Database>,
  tenantId: string,
  people: readonly BulkPerson[],
  onChunk?: (inserted: number) => void,
): Promise<void> {
  for (const part of chunk(people)) {
    await db
      .insertInto('person')
      .values(
        part.map((p) => ({
          tenant_id: tenantId,
          person_id: p.personId,
          staff_no: p.staffNo,
          name: p.name,
          gender: p.gender,
          birth_date: p.birthDate,
          phone: p.phone,
        })),
      )
      .execute();
    await db
      .insertInto('person_assignment')
      .values(
        part.map((p) => ({
          tenant_id: tenantId,
          person_id: p.personId,
          unit_id: p.unitId,
          post: p.post,
          rank: p.rank,
          valid_from: p.validFrom,
          reason: p.reason,
        })),
      )
      .execute();
    const lines = part.flatMap((p) =>
      p.lineIds.map((lineId) => ({ tenant_id: tenantId, person_id: p.personId, line_id: lineId })),
    );
    for (const rows of chunk(lines)) await db.insertInto('person_line').values(rows).execute();
    const villages = part.flatMap((p) =>
      p.villageIds.map((unitId) => ({
        tenant_id: tenantId,
        person_id: p.personId,
        unit_id: unitId,
      })),
    );
    for (const rows of chunk(villages))
      await db.insertInto('person_village').values(rows).execute();
    onChunk?.(part.length);
  }
}
