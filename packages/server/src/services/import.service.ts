import {
  authorize,
  childPath,
  genderLabels,
  rankLabels,
  toRawImport,
  unitKindLabels,
  validateImportRows,
  visibility,
  type Action,
  type ImportError,
  type PersonColumnKey,
  type PersonImportRow,
  type RawImport,
  type Target,
  type UnitColumnKey,
  type UnitImportRow,
  type UnitKind,
  type Visibility,
} from '@tianheng/core';
import {
  analyzeTables,
  bulkInsertPeople,
  bulkInsertUnits,
  findOrCreateLines,
  listPeople,
  listStaffNos,
  listUnits,
  loadUnitBaseline,
  lockOrgTree,
  nextSortOrders,
  type BulkPerson,
  type BulkUnit,
  type PeopleFilter,
  type UnitRow,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { peopleChanged } from '../caches/read-caches.ts';
import { AppError } from '../errors.ts';
import {
  buildDataWorkbook,
  buildTemplateWorkbook,
  parseImportWorkbook,
} from '../excel/import-workbook.ts';
import { inTransaction, recordAudit } from './audit.service.ts';
import { treeOrder } from './org.service.ts';

export { parseImportWorkbook };

/** Most errors an `import-invalid` response lists; `details.errorCount` gives the full count. */
export const MAX_REPORTED_ERRORS = 1000;

/** Reports progress of a long import: rows written so far out of all rows. */
export type ImportProgress = (done: number, total: number) => void;

/**
 * What a caller may reach for an action. The system itself (CLI, demo loader: no
 * account) works tenant-wide; its context carries no role that grants import or export.
 */
function reach(ctx: ServiceContext, action: Action): Visibility {
  return ctx.actor.accountId === null ? { kind: 'all' } : visibility(ctx.subject, action);
}

type Outcome =
  | { kind: 'done'; units: number; people: number }
  | { kind: 'invalid'; errors: ImportError[] }
  | { kind: 'denied'; target: Target };

/**
 * Validate text rows against the tenant and write them all in one transaction, or
 * nothing: units (parents first), missing business lines, people with their first
 * assignments, lines and villages. Audited as `person.import` (success, failure or denied).
 */
async function importRaw(
  ctx: ServiceContext,
  raw: RawImport,
  onProgress?: ImportProgress,
): Promise<{ units: number; people: number }> {
  const outcome = await inTransaction(ctx, async (trx): Promise<Outcome> => {
    await lockOrgTree(trx.db, trx.tenantId);
    const base = await loadUnitBaseline(trx.db, trx.tenantId);
    const staffNos = await listStaffNos(trx.db, trx.tenantId);
    const unitKinds = new Map<string, UnitKind>();
    for (const [code, u] of base.byCode) unitKinds.set(code, u.kind);
    const checked = validateImportRows(raw, { unitKinds, staffNos, hasRoot: base.hasRoot });
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    const { units, people } = checked.value;

    const placed = new Map<string, { unitId: string; path: string }>(base.byCode);
    const sortOrders = await nextSortOrders(trx.db, trx.tenantId);
    const newUnits: BulkUnit[] = [];
    const targets: Target[] = [];
    for (const u of units) {
      const parent = u.parentCode === null ? null : placed.get(u.parentCode);
      if (parent === undefined) throw new Error(`validated unit ${u.code} lost its parent`);
      const unitId = crypto.randomUUID();
      const path = childPath(parent?.path ?? null, unitId);
      const sortOrder = parent ? (sortOrders.get(parent.unitId) ?? 0) : 0;
      if (parent) sortOrders.set(parent.unitId, sortOrder + 1);
      placed.set(u.code, { unitId, path });
      targets.push(
        parent
          ? { kind: 'unit', unitId: parent.unitId, unitPath: parent.path }
          : { kind: 'tenant' },
      );
      newUnits.push({
        unitId,
        parentId: parent?.unitId ?? null,
        kind: u.kind,
        name: u.name,
        code: u.code,
        path,
        sortOrder,
      });
    }
    const unitOf = (code: string) => {
      const unit = placed.get(code);
      if (!unit) throw new Error(`validated code ${code} has no unit`);
      return unit;
    };
    const lineIds = await findOrCreateLines(
      trx.db,
      trx.tenantId,
      people.flatMap((p) => p.lines),
    );
    const newPeople: BulkPerson[] = people.map((p) => {
      const unit = unitOf(p.unitCode);
      targets.push({ kind: 'unit', unitId: unit.unitId, unitPath: unit.path });
      const villageIds = p.villageCodes.map((code) => {
        const village = unitOf(code);
        targets.push({ kind: 'unit', unitId: village.unitId, unitPath: village.path });
        return village.unitId;
      });
      return {
        personId: crypto.randomUUID(),
        staffNo: p.staffNo,
        name: p.name,
        gender: p.gender,
        birthDate: p.birthDate,
        phone: p.phone,
        unitId: unit.unitId,
        post: p.post,
        rank: p.rank,
        validFrom: p.validFrom,
        reason: null,
        lineIds: p.lines.map((name) => lineIds.get(name) as string),
        villageIds,
      };
    });
    if (reach(trx, 'person.import').kind !== 'all') {
      const denied = targets.find((t) => !authorize(trx.subject, 'person.import', t).ok);
      if (denied) return { kind: 'denied', target: denied };
    }

    const total = newUnits.length + newPeople.length;
    let done = 0;
    const progress = (n: number) => {
      done += n;
      onProgress?.(done, total);
    };
    await bulkInsertUnits(trx.db, trx.tenantId, newUnits, progress);
    await bulkInsertPeople(trx.db, trx.tenantId, newPeople, progress);
    await recordAudit(trx, {
      action: 'person.import',
      objectType: 'import',
      objectId: null,
      detail: { units: newUnits.length, people: newPeople.length },
    });
    return { kind: 'done', units: newUnits.length, people: newPeople.length };
  });

  switch (outcome.kind) {
    case 'done':
      peopleChanged(ctx);
      // A bulk load changes the tables' shape; PGlite never refreshes statistics by itself.
      await analyzeTables(ctx.db);
      return { units: outcome.units, people: outcome.people };
    case 'invalid':
      await recordAudit(ctx, {
        action: 'person.import',
        objectType: 'import',
        objectId: null,
        result: 'failure',
        detail: { errorCount: outcome.errors.length, errors: outcome.errors.slice(0, 20) },
      });
      throw new AppError('import-invalid', undefined, {
        errorCount: outcome.errors.length,
        errors: outcome.errors.slice(0, MAX_REPORTED_ERRORS),
      });
    case 'denied':
      await recordAudit(ctx, {
        action: 'person.import',
        objectType: 'import',
        objectId: outcome.target.kind === 'unit' ? outcome.target.unitId : null,
        result: 'denied',
      });
      throw new AppError('forbidden');
  }
}

/**
 * Import typed units and people (CLI, demo loader): validated against the tenant like a
 * workbook, written in one transaction or not at all; missing business lines are created.
 * Throws `import-invalid` with `details.errors` when any row is bad.
 */
export function importOrgAndPeople(
  ctx: ServiceContext,
  input: { units: readonly UnitImportRow[]; people: readonly PersonImportRow[] },
  onProgress?: ImportProgress,
): Promise<{ units: number; people: number }> {
  return importRaw(ctx, toRawImport(input), onProgress);
}

/**
 * Parse, validate and import an uploaded workbook. A file that cannot be read is
 * `import-file-invalid`; any bad row is `import-invalid` naming sheet, row, column and
 * reason, and nothing is written.
 */
export async function importWorkbook(
  ctx: ServiceContext,
  buffer: Buffer,
  onProgress?: ImportProgress,
): Promise<{ units: number; people: number }> {
  return importRaw(ctx, await parseImportWorkbook(buffer), onProgress);
}

/** The empty import template (.xlsx) with its instructions sheet. */
export function buildImportTemplate(): Promise<Buffer> {
  return buildTemplateWorkbook();
}

/**
 * Export the people the caller may export (with the same filters as the list) as an
 * .xlsx in the import format: a 人员 sheet and a 单位 sheet holding every unit the caller
 * sees plus the units those people sit in or look after, with their ancestors. Audited.
 */
export async function buildPeopleExport(
  ctx: ServiceContext,
  filter: PeopleFilter,
): Promise<Buffer> {
  const scope = reach(ctx, 'person.export');
  const { items } = await listPeople(ctx.db, ctx.tenantId, filter, scope, null);
  const referenced = [...new Set(items.flatMap((p) => [p.unitId, ...p.villages.map((v) => v.id)]))];
  const unitRows = new Map<string, UnitRow>();
  for (const row of await listUnits(ctx.db, ctx.tenantId, scope)) unitRows.set(row.unitId, row);
  if (referenced.length > 0) {
    const around = await listUnits(ctx.db, ctx.tenantId, {
      kind: 'some',
      pathPrefixes: [],
      unitIds: referenced,
      personIds: [],
    });
    for (const row of around) unitRows.set(row.unitId, row);
  }
  const units = treeOrder([...unitRows.values()]);
  const codeOf = new Map(units.map((u) => [u.unitId, u.code ?? '']));
  const unitSheet = units.map((u): Record<UnitColumnKey, string> => ({
    code: u.code ?? '',
    name: u.name,
    kind: unitKindLabels[u.kind]['zh-CN'],
    parentCode: u.parentId === null ? '' : (codeOf.get(u.parentId) ?? ''),
  }));
  const peopleSheet = items.map((p): Record<PersonColumnKey, string> => ({
    staffNo: p.staffNo,
    name: p.name,
    gender: genderLabels[p.gender]['zh-CN'],
    birthDate: p.birthDate ?? '',
    phone: p.phone ?? '',
    unitCode: p.unitCode ?? '',
    post: p.post,
    rank: rankLabels[p.rank]['zh-CN'],
    lines: p.lines.map((l) => l.name).join('、'),
    villageCodes: p.villages.map((v) => v.code ?? '').join('、'),
    validFrom: p.validFrom,
  }));
  const buffer = await buildDataWorkbook({ units: unitSheet, people: peopleSheet });
  await recordAudit(ctx, {
    action: 'person.export',
    objectType: 'person',
    objectId: null,
    detail: { people: items.length, units: units.length, filter: { ...filter } },
  });
  return buffer;
}
