import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { childPath, type UnitKind, type Visibility } from '@tianheng/core';
import type { Database } from '../schema.ts';

/** A unit with the number of people currently assigned directly to it. */
export interface UnitRow {
  readonly unitId: string;
  readonly parentId: string | null;
  readonly kind: UnitKind;
  readonly name: string;
  readonly code: string | null;
  readonly sortOrder: number;
  readonly path: string;
  readonly peopleCount: number;
}

/** Rows per multi-row INSERT: well under PostgreSQL's 65 535 bind parameters. */
export const INSERT_CHUNK = 1000;

/** Split rows into chunks for multi-row inserts. */
export function chunk<T>(rows: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function unitQuery(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('unit as u')
    .select((eb) => [
      'u.unit_id as unitId',
      'u.parent_id as parentId',
      'u.kind',
      'u.name',
      'u.code',
      'u.sort_order as sortOrder',
      'u.path',
      eb
        .selectFrom('person_assignment as a')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.tenant_id', '=', 'u.tenant_id')
        .whereRef('a.unit_id', '=', 'u.unit_id')
        .where('a.valid_to', 'is', null)
        .as('peopleCount'),
    ])
    .where('u.tenant_id', '=', tenantId);
}

function toUnitRow(row: {
  unitId: string;
  parentId: string | null;
  kind: UnitKind;
  name: string;
  code: string | null;
  sortOrder: number;
  path: string;
  peopleCount: number | null;
}): UnitRow {
  return { ...row, peopleCount: row.peopleCount ?? 0 };
}

/**
 * Units a visibility lets one see, plus their ancestors so the tree connects: a unit is
 * listed when it lies in a visible subtree, is a visible unit, is the unit of a visible
 * person, or is an ancestor of any of those.
 */
function visibleOrAncestor(
  eb: ExpressionBuilder<Database & { u: Database['unit'] }, 'u'>,
  tenantId: string,
  visibility: Extract<Visibility, { kind: 'some' }>,
): Expression<SqlBool> {
  const terms: Expression<SqlBool>[] = [];
  for (const prefix of visibility.pathPrefixes) {
    terms.push(eb('u.path', 'like', `${prefix}%`));
    terms.push(sql<SqlBool>`starts_with(${prefix}, u.path)`);
  }
  const anchorUnits = (ids: readonly string[]) =>
    eb.exists(
      eb
        .selectFrom('unit as v')
        .select(sql`1`.as('one'))
        .where('v.tenant_id', '=', tenantId)
        .where('v.unit_id', 'in', ids)
        .where(sql<SqlBool>`starts_with(v.path, u.path)`),
    );
  if (visibility.unitIds.length > 0) terms.push(anchorUnits(visibility.unitIds));
  if (visibility.personIds.length > 0)
    terms.push(
      eb.exists(
        eb
          .selectFrom('person_assignment as a')
          .innerJoin('unit as v', (j) =>
            j.onRef('v.tenant_id', '=', 'a.tenant_id').onRef('v.unit_id', '=', 'a.unit_id'),
          )
          .select(sql`1`.as('one'))
          .where('a.tenant_id', '=', tenantId)
          .where('a.person_id', 'in', visibility.personIds)
          .where('a.valid_to', 'is', null)
          .where(sql<SqlBool>`starts_with(v.path, u.path)`),
      ),
    );
  return eb.or(terms);
}

/** Units of a tenant that a visibility reaches (with their ancestors), each with its people count. */
export async function listUnits(
  db: Kysely<Database>,
  tenantId: string,
  visibility: Visibility,
): Promise<UnitRow[]> {
  if (visibility.kind === 'none') return [];
  let query = unitQuery(db, tenantId);
  if (visibility.kind === 'some')
    query = query.where((eb) => visibleOrAncestor(eb, tenantId, visibility));
  const rows = await query.orderBy('u.path').execute();
  return rows.map(toUnitRow);
}

/** One unit of a tenant, or undefined when the id is not in that tenant. */
export async function findUnit(
  db: Kysely<Database>,
  tenantId: string,
  unitId: string,
): Promise<UnitRow | undefined> {
  const row = await unitQuery(db, tenantId).where('u.unit_id', '=', unitId).executeTakeFirst();
  return row && toUnitRow(row);
}

/** Several units of a tenant by id (ids of other tenants are simply absent). */
export async function findUnits(
  db: Kysely<Database>,
  tenantId: string,
  unitIds: readonly string[],
): Promise<UnitRow[]> {
  if (unitIds.length === 0) return [];
  const rows = await unitQuery(db, tenantId).where('u.unit_id', 'in', unitIds).execute();
  return rows.map(toUnitRow);
}

/** The id of the unit holding a code in a tenant, if any. */
export async function findUnitIdByCode(
  db: Kysely<Database>,
  tenantId: string,
  code: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('unit')
    .select('unit_id')
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.unit_id;
}

/** Create a unit under a parent, last among its siblings; returns its id. */
export async function insertUnit(
  db: Kysely<Database>,
  tenantId: string,
  unit: {
    parentId: string;
    parentPath: string;
    kind: UnitKind;
    name: string;
    code: string | null;
  },
): Promise<string> {
  const unitId = crypto.randomUUID();
  await db
    .insertInto('unit')
    .values((eb) => ({
      tenant_id: tenantId,
      unit_id: unitId,
      parent_id: unit.parentId,
      kind: unit.kind,
      name: unit.name,
      code: unit.code,
      path: childPath(unit.parentPath, unitId),
      sort_order: eb
        .selectFrom('unit')
        .select(sql<number>`coalesce(max(sort_order), -1)::int + 1`.as('next'))
        .where('tenant_id', '=', tenantId)
        .where('parent_id', '=', unit.parentId),
    }))
    .execute();
  return unitId;
}

/** Change a unit's name, code or sort order. */
export async function updateUnit(
  db: Kysely<Database>,
  tenantId: string,
  unitId: string,
  patch: { name?: string; code?: string | null; sortOrder?: number },
  now: Date,
): Promise<void> {
  await db
    .updateTable('unit')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.code === undefined ? {} : { code: patch.code }),
      ...(patch.sortOrder === undefined ? {} : { sort_order: patch.sortOrder }),
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('unit_id', '=', unitId)
    .execute();
}

/**
 * Move a unit under a new parent: in one statement its parent changes and the paths of
 * the unit and every descendant are rebased from `oldPath` to `newPath`, so no reader
 * ever sees a half-moved subtree.
 */
export async function moveUnit(
  db: Kysely<Database>,
  tenantId: string,
  move: { unitId: string; newParentId: string; oldPath: string; newPath: string },
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('unit')
    .set({
      parent_id: sql<string>`CASE WHEN unit_id = ${move.unitId} THEN ${move.newParentId}::uuid ELSE parent_id END`,
      path: sql<string>`${move.newPath}::text || substr(path, ${move.oldPath.length + 1})`,
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('path', 'like', `${move.oldPath}%`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Codes, kinds, ids and paths of a tenant's coded units, and whether it has a root: what an import checks against. */
export interface UnitBaseline {
  readonly byCode: ReadonlyMap<string, { unitId: string; kind: UnitKind; path: string }>;
  readonly hasRoot: boolean;
}

/** Load the units an import may reference. */
export async function loadUnitBaseline(
  db: Kysely<Database>,
  tenantId: string,
): Promise<UnitBaseline> {
  const rows = await db
    .selectFrom('unit')
    .select(['unit_id', 'kind', 'path', 'code', 'parent_id'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const byCode = new Map<string, { unitId: string; kind: UnitKind; path: string }>();
  for (const r of rows)
    if (r.code !== null) byCode.set(r.code, { unitId: r.unit_id, kind: r.kind, path: r.path });
  return { byCode, hasRoot: rows.some((r) => r.parent_id === null) };
}

/** A unit ready to insert in bulk: id and path already computed, parents before children. */
export interface BulkUnit {
  readonly unitId: string;
  readonly parentId: string | null;
  readonly kind: UnitKind;
  readonly name: string;
  readonly code: string;
  readonly path: string;
  readonly sortOrder: number;
}

/** Insert many units with multi-row inserts (used by import). */
export async function bulkInsertUnits(
  db: Kysely<Database>,
  tenantId: string,
  units: readonly BulkUnit[],
  onChunk?: (inserted: number) => void,
): Promise<void> {
  for (const part of chunk(units)) {
    await db
      .insertInto('unit')
      .values(
        part.map((u) => ({
          tenant_id: tenantId,
          unit_id: u.unitId,
          parent_id: u.parentId,
          kind: u.kind,
          name: u.name,
          code: u.code,
          path: u.path,
          sort_order: u.sortOrder,
        })),
      )
      .execute();
    onChunk?.(part.length);
  }
}

/** The next free sort order under each parent, for units appended by an import. */
export async function nextSortOrders(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('unit')
    .select(['parent_id', sql<number>`max(sort_order)::int`.as('max')])
    .where('tenant_id', '=', tenantId)
    .where('parent_id', 'is not', null)
    .groupBy('parent_id')
    .execute();
  return new Map(rows.map((r) => [r.parent_id as string, r.max + 1]));
}

/**
 * Serialise writes to a tenant's org tree until the transaction ends: a move rewrites
 * paths that a concurrent insert under the moved subtree would otherwise copy stale.
 */
export async function lockOrgTree(db: Kysely<Database>, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`org-tree:${tenantId}`}))`.execute(db);
}
