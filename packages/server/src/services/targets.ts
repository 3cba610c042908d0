import type { Target } from '@tianheng/core';
import { findPersonPlacement, findUnit } from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';

/**
 * The access target of a unit in the caller's tenant. An id from another tenant is
 * "not found", never "forbidden", so ids of other tenants reveal nothing.
 */
export async function unitTarget(ctx: ServiceContext, unitId: string): Promise<Target> {
  const unit = await findUnit(ctx.db, ctx.tenantId, unitId);
  if (!unit) throw new AppError('unit-not-found');
  return { kind: 'unit', unitId, unitPath: unit.path };
}

/** The access target of a person (their current unit) in the caller's tenant; 404 otherwise. */
export async function personTarget(ctx: ServiceContext, personId: string): Promise<Target> {
  const placement = await findPersonPlacement(ctx.db, ctx.tenantId, personId);
  if (!placement) throw new AppError('person-not-found');
  return { kind: 'person', personId, unitId: placement.unitId, unitPath: placement.unitPath };
}
