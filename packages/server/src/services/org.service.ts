import { canNest, childPath, validateMove, visibility, type UnitKind } from '@tianheng/core';
import {
  findUnit,
  findUnitIdByCode,
  insertUnit,
  listUnits,
  lockOrgTree,
  moveUnit,
  updateUnit,
  type UnitRow,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { peopleChanged, unitsMoved } from '../caches/read-caches.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';

/** A unit as the API shows it. */
export interface UnitView {
  id: string;
  parentId: string | null;
  kind: UnitKind;
  name: string;
  code: string | null;
  sortOrder: number;
  path: string;
  peopleCount: number;
}

function toView(row: UnitRow): UnitView {
  return {
    id: row.unitId,
    parentId: row.parentId,
    kind: row.kind,
    name: row.name,
    code: row.code,
    sortOrder: row.sortOrder,
    path: row.path,
    peopleCount: row.peopleCount,
  };
}

/** Order units as a tree is read: each parent before its children, siblings by sort order then name. */
export function treeOrder<
  T extends { unitId: string; parentId: string | null; sortOrder: number; name: string },
>(rows: readonly T[]): T[] {
  const ids = new Set(rows.map((r) => r.unitId));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const key = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null;
    const list = children.get(key) ?? [];
    list.push(row);
    children.set(key, list);
  }
  const bySortThenName = (a: T, b: T) =>
    a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN');
  const out: T[] = [];
  const visit = (key: string | null) => {
    for (const row of (children.get(key) ?? []).sort(bySortThenName)) {
      out.push(row);
      visit(row.unitId);
    }
  };
  visit(null);
  return out;
}

/** Units the caller may read, with the ancestors that connect them, in tree order. */
export async function listVisibleUnits(ctx: ServiceContext): Promise<UnitView[]> {
  const rows = await listUnits(ctx.db, ctx.tenantId, visibility(ctx.subject, 'unit.read'));
  return treeOrder(rows).map(toView);
}

/** One unit of the caller's tenant. */
export async function getUnit(ctx: ServiceContext, unitId: string): Promise<UnitView> {
  const row = await findUnit(ctx.db, ctx.tenantId, unitId);
  if (!row) throw new AppError('unit-not-found');
  return toView(row);
}

async function assertCodeFree(ctx: ServiceContext, code: string, self?: string): Promise<void> {
  const holder = await findUnitIdByCode(ctx.db, ctx.tenantId, code);
  if (holder !== undefined && holder !== self) throw new AppError('code-taken', 'code');
}

/** Create a unit under a parent whose kind admits it; audited as `unit.create`. */
export async function createUnit(
  ctx: ServiceContext,
  input: { parentId: string; kind: UnitKind; name: string; code?: string | null },
): Promise<UnitView> {
  const unitId = await inTransaction(ctx, async (trx) => {
    await lockOrgTree(trx.db, trx.tenantId);
    const parent = await findUnit(trx.db, trx.tenantId, input.parentId);
    if (!parent) throw new AppError('unit-not-found', 'parentId');
    if (!canNest(input.kind, parent.kind)) throw new AppError('unit-parent-kind-invalid', 'kind');
    const code = input.code?.trim() || null;
    if (code !== null) await assertCodeFree(trx, code);
    const id = await insertUnit(trx.db, trx.tenantId, {
      parentId: parent.unitId,
      parentPath: parent.path,
      kind: input.kind,
      name: input.name.trim(),
      code,
    });
    await recordAudit(trx, {
      action: 'unit.create',
      objectType: 'unit',
      objectId: id,
      detail: { parentId: parent.unitId, kind: input.kind, name: input.name.trim(), code },
    });
    return id;
  });
  peopleChanged(ctx);
  return getUnit(ctx, unitId);
}

/** Rename a unit, change its code or its place among its siblings; audited as `unit.update`. */
export async function changeUnit(
  ctx: ServiceContext,
  unitId: string,
  patch: { name?: string; code?: string | null; sortOrder?: number },
): Promise<UnitView> {
  await inTransaction(ctx, async (trx) => {
    const before = await findUnit(trx.db, trx.tenantId, unitId);
    if (!before) throw new AppError('unit-not-found');
    const code = patch.code === undefined ? undefined : patch.code?.trim() || null;
    if (code) await assertCodeFree(trx, code, unitId);
    const next = {
      ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
      ...(code === undefined ? {} : { code }),
      ...(patch.sortOrder === undefined ? {} : { sortOrder: patch.sortOrder }),
    };
    await updateUnit(trx.db, trx.tenantId, unitId, next, trx.now);
    await recordAudit(trx, {
      action: 'unit.update',
      objectType: 'unit',
      objectId: unitId,
      detail: {
        before: { name: before.name, code: before.code, sortOrder: before.sortOrder },
        after: next,
      },
    });
  });
  peopleChanged(ctx);
  return getUnit(ctx, unitId);
}

/**
 * Move a unit (and everything below it) under a new parent. Refuses cycles and kinds
 * that cannot nest; audited as `unit.move`.
 */
export async function relocateUnit(
  ctx: ServiceContext,
  unitId: string,
  parentId: string,
): Promise<UnitView> {
  await inTransaction(ctx, async (trx) => {
    await lockOrgTree(trx.db, trx.tenantId);
    const unit = await findUnit(trx.db, trx.tenantId, unitId);
    if (!unit) throw new AppError('unit-not-found');
    const parent = await findUnit(trx.db, trx.tenantId, parentId);
    if (!parent) throw new AppError('unit-not-found', 'parentId');
    const check = validateMove(unit, parent);
    if (!check.ok) throw new AppError(check.reason, check.field);
    if (unit.parentId === parent.unitId) return;
    const newPath = childPath(parent.path, unit.unitId);
    const moved = await moveUnit(
      trx.db,
      trx.tenantId,
      { unitId, newParentId: parent.unitId, oldPath: unit.path, newPath },
      trx.now,
    );
    await recordAudit(trx, {
      action: 'unit.move',
      objectType: 'unit',
      objectId: unitId,
      detail: { fromParentId: unit.parentId, toParentId: parent.unitId, unitsMoved: moved },
    });
  });
  unitsMoved(ctx);
  return getUnit(ctx, unitId);
}
