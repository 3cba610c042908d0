import { filterPeople, isIsoDate, visibility, type Gender, type Rank } from '@tianheng/core';
import {
  findLineIds,
  findPerson,
  findPersonIdByStaffNo,
  findPersonPlacement,
  findUnit,
  findUnitKinds,
  insertPerson,
  listAssignments,
  listPeople,
  loadPeopleDirectory,
  movePerson,
  setPersonLines,
  setPersonVillages,
  updatePerson,
  type PeopleFilter,
  type PersonRow,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { peopleChanged, type CachedPeopleDirectory } from '../caches/read-caches.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';

/** A person in a list, as the API shows it. */
export interface PersonSummaryView {
  id: string;
  staffNo: string;
  name: string;
  gender: Gender;
  unitId: string;
  unitName: string;
  post: string;
  rank: Rank;
  lines: { id: string; name: string }[];
  villages: { id: string; name: string }[];
}

/** One assignment of a person's history, as the API shows it. */
export interface AssignmentView {
  id: string;
  unitId: string;
  unitName: string;
  post: string;
  rank: Rank;
  validFrom: string;
  validTo: string | null;
  reason: string | null;
}

/** A person with details and history, as the API shows it. */
export interface PersonView extends PersonSummaryView {
  birthDate: string | null;
  phone: string | null;
  history: AssignmentView[];
}

function toSummary(row: PersonRow): PersonSummaryView {
  return {
    id: row.personId,
    staffNo: row.staffNo,
    name: row.name,
    gender: row.gender,
    unitId: row.unitId,
    unitName: row.unitName,
    post: row.post,
    rank: row.rank,
    lines: row.lines,
    villages: row.villages.map((v) => ({ id: v.id, name: v.name })),
  };
}

/** The tenant's cached people directory, loaded on first use; undefined when the app keeps none. */
async function cachedDirectory(ctx: ServiceContext): Promise<CachedPeopleDirectory | undefined> {
  // Inside a transaction the directory could be built from rows that are rolled back.
  const cache = ctx.db.isTransaction ? undefined : ctx.caches?.people;
  if (!cache) return undefined;
  return cache.get(ctx.tenantId, ctx.now.getTime(), async () => {
    const directory = await loadPeopleDirectory(ctx.db, ctx.tenantId);
    return {
      unitPaths: directory.unitPaths,
      people: directory.people.map((p) => ({
        ...p,
        summaryJson: Buffer.from(JSON.stringify(toSummary(p))),
      })),
    };
  });
}

/**
 * People the caller may read, filtered and paged: from the tenant's cached directory when
 * the app keeps one (ADR 0005), else from SQL. Both apply core's people-list rules.
 */
export async function listVisiblePeople(
  ctx: ServiceContext,
  filter: PeopleFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: PersonSummaryView[]; total: number }> {
  const reach = visibility(ctx.subject, 'person.read');
  const directory = await cachedDirectory(ctx);
  if (directory) {
    const result = filterPeople(directory.people, directory.unitPaths, reach, filter, page);
    return { items: result.items.map(toSummary), total: result.total };
  }
  const result = await listPeople(ctx.db, ctx.tenantId, filter, reach, page);
  return { items: result.items.map(toSummary), total: result.total };
}

/**
 * {@link listVisiblePeople} as the JSON body of `GET /api/people` (`{ items, total }`).
 * From the cache it joins entries serialised when the directory was built: serialising
 * twenty people anew was the largest cost of a cached request (ADR 0005).
 */
export async function listVisiblePeopleJson(
  ctx: ServiceContext,
  filter: PeopleFilter,
  page: { page: number; pageSize: number },
): Promise<Buffer> {
  const directory = await cachedDirectory(ctx);
  if (!directory) return Buffer.from(JSON.stringify(await listVisiblePeople(ctx, filter, page)));
  const reach = visibility(ctx.subject, 'person.read');
  const result = filterPeople(directory.people, directory.unitPaths, reach, filter, page);
  const parts: Buffer[] = [itemsOpen];
  result.items.forEach((p, i) => {
    if (i > 0) parts.push(comma);
    parts.push(p.summaryJson);
  });
  parts.push(Buffer.from(`],"total":${result.total}}`));
  return Buffer.concat(parts);
}

const itemsOpen = Buffer.from('{"items":[');
const comma = Buffer.from(',');

/** One person with their assignment history (newest first). */
export async function getPerson(ctx: ServiceContext, personId: string): Promise<PersonView> {
  const row = await findPerson(ctx.db, ctx.tenantId, personId);
  if (!row) throw new AppError('person-not-found');
  const history = await listAssignments(ctx.db, ctx.tenantId, personId);
  return {
    ...toSummary(row),
    birthDate: row.birthDate,
    phone: row.phone,
    history: history.map((a) => ({
      id: a.assignmentId,
      unitId: a.unitId,
      unitName: a.unitName,
      post: a.post,
      rank: a.rank,
      validFrom: a.validFrom,
      validTo: a.validTo,
      reason: a.reason,
    })),
  };
}

/** Lines must be the tenant's; villages must be the tenant's village units. */
async function checkLinks(
  ctx: ServiceContext,
  lineIds: readonly string[] | undefined,
  villageIds: readonly string[] | undefined,
): Promise<void> {
  if (lineIds && lineIds.length > 0) {
    const found = await findLineIds(ctx.db, ctx.tenantId, lineIds);
    if (lineIds.some((id) => !found.has(id))) throw new AppError('invalid-input', 'lineIds');
  }
  if (villageIds && villageIds.length > 0) {
    const units = await findUnitKinds(ctx.db, ctx.tenantId, villageIds);
    if (villageIds.some((id) => units.get(id)?.kind !== 'village'))
      throw new AppError('invalid-input', 'villageIds');
  }
}

function checkDate(value: string | null | undefined, field: string): void {
  if (value !== null && value !== undefined && !isIsoDate(value))
    throw new AppError('invalid-input', field);
}

const distinct = (ids: readonly string[] | undefined): string[] => [...new Set(ids ?? [])];

/** Create a person with their first assignment; audited as `person.create`. */
export async function createPerson(
  ctx: ServiceContext,
  input: {
    staffNo: string;
    name: string;
    gender: Gender;
    birthDate?: string | null;
    phone?: string | null;
    unitId: string;
    post: string;
    rank: Rank;
    lineIds?: string[];
    villageIds?: string[];
    validFrom: string;
  },
): Promise<PersonView> {
  checkDate(input.birthDate, 'birthDate');
  checkDate(input.validFrom, 'validFrom');
  const lineIds = distinct(input.lineIds);
  const villageIds = distinct(input.villageIds);
  const personId = await inTransaction(ctx, async (trx) => {
    const staffNo = input.staffNo.trim();
    if (await findPersonIdByStaffNo(trx.db, trx.tenantId, staffNo))
      throw new AppError('staff-no-taken', 'staffNo');
    if (!(await findUnit(trx.db, trx.tenantId, input.unitId)))
      throw new AppError('unit-not-found', 'unitId');
    await checkLinks(trx, lineIds, villageIds);
    const id = await insertPerson(
      trx.db,
      trx.tenantId,
      {
        staffNo,
        name: input.name.trim(),
        gender: input.gender,
        birthDate: input.birthDate ?? null,
        phone: input.phone?.trim() || null,
      },
      {
        unitId: input.unitId,
        post: input.post.trim(),
        rank: input.rank,
        validFrom: input.validFrom,
        reason: null,
      },
      { lineIds, villageIds },
    );
    await recordAudit(trx, {
      action: 'person.create',
      objectType: 'person',
      objectId: id,
      detail: { staffNo, unitId: input.unitId, post: input.post.trim(), rank: input.rank },
    });
    return id;
  });
  peopleChanged(ctx);
  return getPerson(ctx, personId);
}

/** Change a person's stable attributes, lines or villages; audited as `person.update`. */
export async function changePerson(
  ctx: ServiceContext,
  personId: string,
  patch: {
    name?: string;
    gender?: Gender;
    birthDate?: string | null;
    phone?: string | null;
    lineIds?: string[];
    villageIds?: string[];
  },
): Promise<PersonView> {
  checkDate(patch.birthDate, 'birthDate');
  await inTransaction(ctx, async (trx) => {
    if (!(await findPersonPlacement(trx.db, trx.tenantId, personId)))
      throw new AppError('person-not-found');
    const lineIds = patch.lineIds && distinct(patch.lineIds);
    const villageIds = patch.villageIds && distinct(patch.villageIds);
    await checkLinks(trx, lineIds, villageIds);
    const fields = {
      ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
      ...(patch.gender === undefined ? {} : { gender: patch.gender }),
      ...(patch.birthDate === undefined ? {} : { birthDate: patch.birthDate }),
      ...(patch.phone === undefined ? {} : { phone: patch.phone?.trim() || null }),
    };
    await updatePerson(trx.db, trx.tenantId, personId, fields, trx.now);
    if (lineIds) await setPersonLines(trx.db, trx.tenantId, personId, lineIds);
    if (villageIds) await setPersonVillages(trx.db, trx.tenantId, personId, villageIds);
    await recordAudit(trx, {
      action: 'person.update',
      objectType: 'person',
      objectId: personId,
      detail: {
        ...fields,
        ...(lineIds ? { lineIds } : {}),
        ...(villageIds ? { villageIds } : {}),
      },
    });
  });
  peopleChanged(ctx);
  return getPerson(ctx, personId);
}

/**
 * Move a person to a new unit, post or rank from `validFrom`: the current assignment
 * closes the day before and stays in the history. `validFrom` must come after the
 * current assignment's start (history never overlaps); audited as `person.move`.
 */
export async function transferPerson(
  ctx: ServiceContext,
  personId: string,
  input: { unitId: string; post: string; rank: Rank; validFrom: string; reason?: string | null },
): Promise<PersonView> {
  checkDate(input.validFrom, 'validFrom');
  await inTransaction(ctx, async (trx) => {
    const current = await findPersonPlacement(trx.db, trx.tenantId, personId);
    if (!current) throw new AppError('person-not-found');
    if (!(await findUnit(trx.db, trx.tenantId, input.unitId)))
      throw new AppError('unit-not-found', 'unitId');
    if (input.validFrom <= current.validFrom)
      throw new AppError('effective-date-invalid', 'validFrom');
    const reason = input.reason?.trim() || null;
    await movePerson(trx.db, trx.tenantId, personId, {
      unitId: input.unitId,
      post: input.post.trim(),
      rank: input.rank,
      validFrom: input.validFrom,
      reason,
    });
    await recordAudit(trx, {
      action: 'person.move',
      objectType: 'person',
      objectId: personId,
      detail: {
        fromUnitId: current.unitId,
        toUnitId: input.unitId,
        post: input.post.trim(),
        rank: input.rank,
        validFrom: input.validFrom,
        reason,
      },
    });
  });
  peopleChanged(ctx);
  return getPerson(ctx, personId);
}
