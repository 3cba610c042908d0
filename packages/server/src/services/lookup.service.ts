import {
  genderLabels,
  genders,
  rankLabels,
  ranks,
  unitKindLabels,
  unitKinds,
  type LocalText,
} from '@tianheng/core';
import { listLines } from '@tianheng/db';
import type { ServiceContext } from '../context.ts';

/** A code with its label in every language. */
export interface LookupItem {
  code: string;
  label: LocalText;
}

/** What forms and filters offer: unit kinds, ranks, genders and the tenant's business lines. */
export interface Lookups {
  unitKinds: LookupItem[];
  ranks: LookupItem[];
  genders: LookupItem[];
  lines: { id: string; name: string }[];
}

const items = <C extends string>(
  codes: readonly C[],
  labels: Readonly<Record<C, LocalText>>,
): LookupItem[] => codes.map((code) => ({ code, label: labels[code] }));

/** The lookups of the caller's tenant. */
export async function getLookups(ctx: ServiceContext): Promise<Lookups> {
  return {
    unitKinds: items(unitKinds, unitKindLabels),
    ranks: items(ranks, rankLabels),
    genders: items(genders, genderLabels),
    lines: await listLines(ctx.db, ctx.tenantId),
  };
}
