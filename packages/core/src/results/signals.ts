/**
 * Promotion and accountability signals from declarative rules. A signal only proposes what the
 * rule's `then` says and records why it fired; a human confirms or dismisses it.
 */
import { formatScaled, parseScaled, pow10, RATIO_SCALE } from '../assessment/decimal.ts';
import type { SignalRule } from '../assessment/types.ts';
import type { LocalText } from '../i18n.ts';
import { fail, ok, type Result } from '../result.ts';
import { compareIds } from './ranking.ts';
import type {
  GroupRank,
  PeriodRanking,
  PersonRanks,
  RankScope,
  Signal,
  SignalStatus,
} from './types.ts';

function groupsOf(ranks: PersonRanks, scope: RankScope): readonly GroupRank[] {
  return scope === 'unit' ? [ranks.unit] : scope === 'tenant' ? [ranks.tenant] : ranks.lines;
}

function scopeName(g: GroupRank): LocalText {
  switch (g.scope) {
    case 'unit':
      return { 'zh-CN': '本单位', en: 'the unit' };
    case 'line':
      return { 'zh-CN': `条线 ${g.groupId} `, en: `line ${g.groupId}` };
    case 'tenant':
      return { 'zh-CN': '全县', en: 'the county' };
  }
}

/** "0.2" → "20", "0.125" → "12.5". */
function percent(share: bigint): string {
  return formatScaled(share, RATIO_SCALE - 2).replace(/\.?0+$/, '');
}

function topShareText(g: GroupRank, pct: string, places: number, boundaryTie: boolean): LocalText {
  const where = scopeName(g);
  return {
    'zh-CN':
      `在${where['zh-CN']}${g.groupSize} 人中排第 ${g.rank} 名，位于前 ${pct}%（${places} 个名额）` +
      (boundaryTie ? `，与其他 ${g.tied - 1} 人并列跨越名额边界` : ''),
    en:
      `Rank ${g.rank} of ${g.groupSize} in ${where.en}, within the top ${pct}% (${places} place(s))` +
      (boundaryTie ? `, tied with ${g.tied - 1} other(s) across the cut-off` : ''),
  };
}

function lastPlaceText(g: GroupRank, periods: number): LocalText {
  const where = scopeName(g);
  return {
    'zh-CN':
      `在${where['zh-CN']}${g.groupSize} 人中排名末位（第 ${g.rank} 名）` +
      (periods > 1 ? `，已连续 ${periods} 期末位` : ''),
    en:
      `Last in ${where.en} (rank ${g.rank} of ${g.groupSize})` +
      (periods > 1 ? `, ${periods} periods running` : ''),
  };
}

function signalOf(
  rule: SignalRule,
  periodId: string,
  personId: string,
  g: GroupRank,
  reason: Omit<Signal['reason'], 'rank' | 'groupSize'>,
): Signal {
  return {
    id: `${rule.key}:${periodId}:${personId}:${g.scope}:${g.groupId}`,
    ruleKey: rule.key,
    kind: rule.kind,
    personId,
    periodId,
    scope: g.scope,
    groupId: g.groupId,
    proposes: rule.then,
    reason: { ...reason, rank: g.rank, groupSize: g.groupSize },
  };
}

/**
 * Evaluate signal rules on a period's ranking. `top-share` fires for everyone whose competition
 * position (1 + people strictly ahead) is within floor(share × group size): a tied group that
 * starts inside the cut-off fires as a whole (marked `boundaryTie`), so more people than the
 * places can fire and a human chooses. `last-place` fires when the person is last in the same
 * group (same unit, line or the tenant) in the current period and in the `consecutive − 1`
 * newest periods of `history` (earlier periods of the same kind, newest first); a missing
 * period or a move to another group breaks the streak.
 * @throws RangeError on a share outside [0, 1] or `consecutive` below 1.
 */
export function evaluateSignals(
  rules: readonly SignalRule[],
  current: PeriodRanking,
  history: readonly PeriodRanking[],
): Signal[] {
  // Person lookups of history periods, built only as far back as some streak rule reads.
  const earlier: { periodId: string; people: Map<string, PersonRanks> }[] = [];
  const earlierPeriods = (count: number) => {
    for (const period of history.slice(earlier.length, count)) {
      earlier.push({
        periodId: period.periodId,
        people: new Map(period.people.map((p) => [p.personId, p])),
      });
    }
    return earlier.slice(0, count);
  };
  const signals: Signal[] = [];
  for (const rule of rules) {
    const { when } = rule;
    if (when.kind === 'top-share') {
      const share = parseScaled(when.share, RATIO_SCALE);
      if (share < 0n || share > pow10(RATIO_SCALE)) {
        throw new RangeError(`signal ${rule.key}: share out of [0, 1]: ${when.share}`);
      }
      const pct = percent(share);
      const shareText = formatScaled(share, RATIO_SCALE);
      const placesBySize = new Map<number, number>();
      const placesOf = (size: number): number => {
        let places = placesBySize.get(size);
        if (places === undefined) {
          places = Number((share * BigInt(size)) / pow10(RATIO_SCALE));
          placesBySize.set(size, places);
        }
        return places;
      };
      for (const person of current.people) {
        for (const g of groupsOf(person, when.within)) {
          const places = placesOf(g.groupSize);
          if (g.ahead >= places) continue;
          const boundaryTie = g.ahead + g.tied > places;
          signals.push(
            signalOf(rule, current.periodId, person.personId, g, {
              text: topShareText(g, pct, places, boundaryTie),
              share: shareText,
              places,
              boundaryTie,
              periods: [current.periodId],
            }),
          );
        }
      }
    } else {
      const needed = when.consecutive;
      if (!Number.isInteger(needed) || needed < 1) {
        throw new RangeError(`signal ${rule.key}: consecutive must be an integer ≥ 1`);
      }
      for (const person of current.people) {
        for (const g of groupsOf(person, when.within)) {
          if (!g.last) continue;
          const periods = [current.periodId];
          for (const period of earlierPeriods(needed - 1)) {
            const before = period.people.get(person.personId);
            const same = before
              ? groupsOf(before, when.within).find((b) => b.groupId === g.groupId)
              : undefined;
            if (!same?.last) break;
            periods.push(period.periodId);
          }
          if (periods.length < needed) continue;
          signals.push(
            signalOf(rule, current.periodId, person.personId, g, {
              text: lastPlaceText(g, needed),
              periods,
            }),
          );
        }
      }
    }
  }
  return signals.sort(
    (a, b) =>
      compareIds(a.ruleKey, b.ruleKey) ||
      compareIds(a.scope, b.scope) ||
      compareIds(a.groupId, b.groupId) ||
      compareIds(a.personId, b.personId),
  );
}

/**
 * A human's decision on a signal: only a pending signal can be confirmed or dismissed; a
 * decided one stays as it is.
 */
export function decideSignal(
  status: SignalStatus,
  decision: 'confirmed' | 'dismissed',
): Result<SignalStatus, 'signal-decided'> {
  return status === 'pending' ? ok(decision) : fail('signal-decided', 'status');
}
