import type { Label, NodeScore, SchemeNode } from '@tianheng/core';
import { findPerson } from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { factViews, notInPeriod, type FactView } from './fact.service.ts';
import { periodView, requirePeriod, type PeriodView } from './period.service.ts';
import { rowNames, withWorkingSet } from './recompute.service.ts';
import { liveResultRow, type ResultRowView } from './result-rows.ts';

/** One node of a person's breakdown tree, as the API shows it. */
export interface ScoreNodeView {
  key: string;
  label: Label;
  max: string | null;
  method: string | null;
  points: string;
  raw: string;
  capped: boolean;
  factIds: string[];
  explain: Label[];
  children: ScoreNodeView[];
}

/** A person's score in a period with every node's facts (docs/api.md `PersonScore`). */
export interface PersonScoreView {
  period: PeriodView;
  person: {
    id: string;
    name: string;
    staffNo: string;
    unitId: string;
    unitName: string;
    post: string;
    rank: string;
  };
  schemeKey: string;
  schemeVersion: number;
  common: string;
  individual: string;
  total: string;
  coefficient: string;
  index: string;
  result: ResultRowView | null;
  nodes: ScoreNodeView[];
  facts: FactView[];
  warnings: { code: string; indicator: string; message: Label }[];
}

/** The score tree with the scheme's labels, maxima and methods beside each node. */
function nodeViews(
  nodes: readonly NodeScore[],
  schemeNodes: readonly SchemeNode[],
): ScoreNodeView[] {
  const byKey = new Map(schemeNodes.map((n) => [n.key, n]));
  return nodes.map((n) => {
    const def = byKey.get(n.key);
    return {
      key: n.key,
      label: def?.label ?? { 'zh-CN': n.key, en: n.key },
      max: def?.max ?? null,
      method: def?.method?.kind ?? null,
      points: n.points,
      raw: n.raw,
      capped: n.capped,
      factIds: [...n.factIds],
      explain: [...n.explain],
      children: nodeViews(n.children, def?.children ?? []),
    };
  });
}

const factIdsOf = (nodes: readonly NodeScore[]): string[] =>
  nodes.flatMap((n) => [...n.factIds, ...factIdsOf(n.children)]);

/**
 * A person's score in a period: the breakdown tree where every node lists its points and
 * the ids of the facts behind them, with those facts inlined. Access to the person was
 * checked by the route (`score.read`; a cadre only their own).
 */
export async function personScore(
  ctx: ServiceContext,
  personId: string,
  periodId: string,
): Promise<PersonScoreView> {
  const period = await requirePeriod(ctx, periodId);
  const person = await findPerson(ctx.db, ctx.tenantId, personId);
  return withWorkingSet(ctx, periodId, async (loaded) => {
    const names = await rowNames(ctx, loaded);
    const score = loaded.set.scoreOf(personId);
    const orgPerson = loaded.set.org.people.find((p) => p.id === personId);
    if (person && notInPeriod(loaded, personId)) throw new AppError('person-not-in-period');
    if (!score || !orgPerson || !person) throw new AppError('person-not-found');
    const unitName = loaded.set.org.units.find((u) => u.id === orgPerson.unitId)?.name ?? '';
    const ids = [...new Set(factIdsOf(score.nodes))];
    const facts = ids.map((id) => loaded.set.fact(id)).filter((f) => f !== undefined);
    return {
      period: periodView(period),
      person: {
        id: personId,
        name: orgPerson.name,
        staffNo: person.staffNo,
        unitId: orgPerson.unitId,
        unitName,
        post: orgPerson.post,
        rank: orgPerson.rank,
      },
      schemeKey: loaded.set.scheme.key,
      schemeVersion: loaded.set.scheme.version,
      common: score.common,
      individual: score.individual,
      total: score.total,
      coefficient: score.coefficient,
      index: score.index,
      result: liveResultRow(loaded.set, names, personId) ?? null,
      nodes: nodeViews(score.nodes, loaded.set.scheme.dimensions),
      facts: factViews(loaded, facts),
      warnings: loaded.set
        .warningsOf(personId)
        .map((w) => ({ code: w.code, indicator: w.indicator, message: w.message })),
    };
  });
}
