/**
 * Keeps each (tenant, period)'s working set (ADR 0006): loaded once from the database, kept
 * current fact by fact, and used to store only the result rows that changed. Full recomputes
 * (close, on demand) load everything afresh and replace the period's rows.
 */
import {
  annualScoreSheet,
  composeAnnual,
  orgForScheme,
  type OrgSnapshot,
  type Fact,
  type PeriodRanking,
  type Scheme,
  type ScoreSheet,
} from '@tianheng/core';
import {
  getPeriod as findPeriod,
  getSchemeVersion as findSchemeVersion,
  listEarlierPeriods,
  listPeriodFacts,
  listPeriodResults,
  listPeriods,
  listLines,
  listPeriodRankings,
  markResultsBehind,
  markResultsCurrent,
  periodResultsInput,
  staffNumbers,
  orgSnapshotAt,
  periodOf,
  periodPoolMap,
  replacePendingSignals,
  replacePeriodResults,
  requireOpenPeriod,
  StoreError,
  upsertPersonResults,
  type Database,
  type PeriodRecord,
  type PersonResultInput,
} from '@tianheng/db';
import type { Transaction } from 'kysely';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { inTransaction } from './audit.service.ts';
import { digestedResults, summaryDigest, type RowNames } from './result-rows.ts';
import { WorkingSet } from './working-set.ts';

/** How many periods' working sets a process keeps (least recently used go first). */
export const MAX_WORKING_SETS = 6;

/** A loaded working set with what the API needs beside it. */
export interface LoadedSet {
  readonly tenantId: string;
  readonly period: PeriodRecord;
  readonly set: WorkingSet;
  /** The whole org at the period's end (the set scores only the scheme's audience): for names. */
  readonly org: OrgSnapshot;
  /** Staff numbers and line names (not in the org snapshot) for result rows; see {@link rowNames}. */
  names: RowNames | undefined;
  /** What is stored now, by digest, so only what changed is written. */
  stored: StoredDigests;
}

/** Digests of the stored rows, the unit summary and the pending signals. */
interface StoredDigests {
  readonly rows: ReadonlyMap<string, string>;
  readonly summary: string;
  readonly signals: string;
}

const nothingStored: StoredDigests = { rows: new Map(), summary: '', signals: '' };

function digestsOf(set: WorkingSet, now: Date): StoredDigests {
  const { input, digests, signalsDigest } = digestedResults(set, now, () => false);
  return { rows: digests, summary: summaryDigest(input), signals: signalsDigest };
}

interface Entry {
  loaded: Promise<LoadedSet>;
  /** Work on the set runs one at a time, in arrival order. */
  queue: Promise<unknown>;
}

const entries = new Map<string, Entry>();
const keyOf = (tenantId: string, periodId: string) => `${tenantId}:${periodId}`;

/** Sets whose stored rows lag behind them (other people's ranks after a fact; ADR 0006). */
const dirtyKeys = new Set<string>();
/** Periods whose set was dropped while dirty: the next load must rewrite every changed row. */
const staleKeys = new Set<string>();

/**
 * Forget a period's working set after its rows were replaced in full (close, reopen,
 * recompute): nothing is left to write.
 */
export function dropWorkingSet(tenantId: string, periodId: string): void {
  const key = keyOf(tenantId, periodId);
  entries.delete(key);
  dirtyKeys.delete(key);
  staleKeys.delete(key);
}

/** Working sets of year periods, which follow the facts or results of the periods inside. */
const composedKeys = new Set<string>();

/** A period's results changed: the tenant's year sets must be rebuilt. */
function partsChanged(tenantId: string, periodId: string): void {
  for (const key of [...composedKeys])
    if (key.startsWith(`${tenantId}:`) && key !== keyOf(tenantId, periodId)) {
      composedKeys.delete(key);
      entries.delete(key);
    }
}

/**
 * How many earlier periods the scheme's signal rules look back on: a last-place streak of n
 * periods reads the n − 1 before this one; nothing else reads history.
 */
export function historyDepth(scheme: Scheme): number {
  let depth = 0;
  for (const rule of scheme.results.signals)
    if (rule.when.kind === 'last-place') depth = Math.max(depth, rule.when.consecutive - 1);
  return depth;
}

/**
 * The rankings of the earlier periods the streak rules read, with only the people who were
 * last somewhere (all a streak can continue from).
 */
async function history(
  ctx: ServiceContext,
  period: PeriodRecord,
  scheme: Scheme,
): Promise<PeriodRanking[]> {
  const depth = historyDepth(scheme);
  if (depth === 0) return [];
  const earlier = await listEarlierPeriods(
    ctx.db,
    ctx.tenantId,
    period.kind,
    period.assessment,
    period.startsOn,
    depth,
  );
  return listPeriodRankings(
    ctx.db,
    ctx.tenantId,
    earlier.map((p) => p.id),
    { onlyLast: true },
  );
}

/** The non-year periods inside a year period that have results, by start. */
async function periodsInside(ctx: ServiceContext, year: PeriodRecord): Promise<PeriodRecord[]> {
  if (year.kind !== 'year') return [];
  const { items } = await listPeriods(ctx.db, ctx.tenantId, { page: 1, pageSize: 10_000 });
  return items
    .filter(
      (p) =>
        p.kind !== 'year' &&
        p.id !== year.id &&
        p.startsOn >= year.startsOn &&
        p.endsOn <= year.endsOn,
    )
    .sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0));
}

/**
 * The annual sheet of a year whose scheme composes it from its other periods (`weighted`):
 * the stored results of the periods inside the year, composed by core's `composeAnnual`.
 */
async function composedSheet(
  ctx: ServiceContext,
  period: PeriodRecord,
  scheme: Scheme,
  inside: readonly PeriodRecord[],
): Promise<ScoreSheet | undefined> {
  if (period.kind !== 'year' || scheme.composition.kind !== 'weighted') return undefined;
  const parts = await Promise.all(
    inside
      .filter((p) => p.computedAt !== null)
      .map(async (p) => {
        const { items: rows } = await listPeriodResults(ctx.db, ctx.tenantId, p.id, {
          visibility: { kind: 'all' },
          page: 1,
          pageSize: 1_000_000,
        });
        const sheet: ScoreSheet = {
          schemeKey: p.schemeKey,
          schemeVersion: p.schemeVersion,
          periodId: p.id,
          people: rows.map((r) => ({
            personId: r.personId,
            unitId: r.unitId,
            common: r.common,
            individual: r.individual,
            total: r.total,
            coefficient: r.coefficient,
            index: r.index,
            nodes: [],
          })),
          warnings: [],
        };
        return { assessment: p.assessment, sheet };
      }),
  );
  return annualScoreSheet(composeAnnual(scheme.composition, parts), {
    schemeKey: scheme.key,
    schemeVersion: scheme.version,
    periodId: period.id,
  });
}

/**
 * Load everything a period is scored from and score it in full. `forStore`: the caller
 * replaces every stored row (no digests of what is stored now).
 */
async function loadSet(
  ctx: ServiceContext,
  periodId: string,
  forStore = false,
  detail: 'full' | 'totals' = 'full',
): Promise<LoadedSet> {
  const period = await findPeriod(ctx.db, ctx.tenantId, periodId);
  if (!period) throw new AppError('period-not-found');
  const scheme = await findSchemeVersion(
    ctx.db,
    ctx.tenantId,
    period.schemeKey,
    period.schemeVersion,
  );
  if (!scheme) throw new AppError('scheme-not-found');
  // A year follows the periods inside it: their facts (composition `facts`) or their
  // results (`weighted`).
  const inside = await periodsInside(ctx, period);
  const factPeriods =
    scheme.scheme.composition.kind === 'facts'
      ? [periodId, ...inside.map((p) => p.id)]
      : [periodId];
  const [org, facts, pools, earlier, composed] = await Promise.all([
    orgSnapshotAt(ctx.db, ctx.tenantId, period.endsOn),
    listPeriodFacts(ctx.db, ctx.tenantId, factPeriods),
    periodPoolMap(ctx.db, ctx.tenantId, periodId),
    history(ctx, period, scheme.scheme),
    composedSheet(ctx, period, scheme.scheme, inside),
  ]);
  const set = WorkingSet.build({
    scheme: scheme.scheme,
    period: periodOf(period),
    // Only the people the scheme is meant for: a township scheme never ranks department staff.
    org: orgForScheme(scheme.scheme, org),
    facts,
    pools,
    history: earlier,
    ...(composed === undefined ? {} : { composed }),
    once: forStore,
    detail,
  });
  // Stored results of this period are current unless `computed_at` is null: every fact
  // passes through here, and the first fact the stored rows lack clears it in the fact's
  // transaction until a flush writes them (ADR 0009) — so rows left behind by a process that
  // stopped before flushing are rewritten on the next load. Org changes reach them at the next
  // full recompute (ADR 0006). A year follows other periods, so what it stored may be stale:
  // compare with nothing.
  const dependent = period.kind === 'year';
  const key = keyOf(ctx.tenantId, periodId);
  // A set dropped with unwritten rows left the stored rows behind: compare with nothing.
  const stale = staleKeys.delete(key);
  const stored =
    period.computedAt === null || dependent || stale || forStore
      ? nothingStored
      : digestsOf(set, ctx.now);
  if (stored === nothingStored && period.status === 'open' && !forStore) dirtyKeys.add(key);
  if (dependent) composedKeys.add(keyOf(ctx.tenantId, periodId));
  return { tenantId: ctx.tenantId, period, set, org, names: undefined, stored };
}

/**
 * Staff numbers and line names for the rows the API shows from a working set, read on first
 * need (a full recompute never needs them).
 */
export async function rowNames(ctx: ServiceContext, loaded: LoadedSet): Promise<RowNames> {
  if (loaded.names === undefined) {
    const [staffNo, lines] = await Promise.all([
      staffNumbers(ctx.db, ctx.tenantId),
      listLines(ctx.db, ctx.tenantId),
    ]);
    loaded.names = { staffNo, lines: new Map(lines.map((l) => [l.id, l.name])) };
  }
  return loaded.names;
}

/**
 * Run `work` on a period's working set, loading it on first use; work on one set is
 * serialised. If `work` fails the set is dropped (the next use reloads it), unless the
 * failure is an application error that left the set untouched.
 */
export function withWorkingSet<T>(
  ctx: ServiceContext,
  periodId: string,
  work: (loaded: LoadedSet) => T | Promise<T>,
): Promise<T> {
  const key = keyOf(ctx.tenantId, periodId);
  let entry = entries.get(key);
  if (!entry) {
    // Call this outside any transaction: the set must only see committed rows (and PGlite's
    // one connection is busy inside a transaction).
    entry = { loaded: loadSet(ctx, periodId), queue: Promise.resolve() };
    entries.set(key, entry);
    // Least recently used go first; a set with rows still to write stays until flushed.
    for (const old of [...entries.keys()]) {
      if (entries.size <= MAX_WORKING_SETS) break;
      if (old !== key && !dirtyKeys.has(old)) entries.delete(old);
    }
  } else {
    // Most recently used last.
    entries.delete(key);
    entries.set(key, entry);
  }
  const current = entry;
  const run = current.queue.then(async () => {
    let loaded: LoadedSet;
    try {
      loaded = await current.loaded;
    } catch (error) {
      if (entries.get(key) === current) entries.delete(key);
      throw error;
    }
    try {
      return await work(loaded);
    } catch (error) {
      const refusal = error instanceof AppError || error instanceof StoreError;
      if (!refusal && entries.get(key) === current) {
        entries.delete(key);
        if (dirtyKeys.delete(key)) staleKeys.add(key);
      }
      throw error;
    }
  });
  current.queue = run.catch(() => undefined);
  return run;
}

/**
 * Add stored facts to a period's working set inside the transaction that stored them. Their
 * result rows are not written here: the set is marked behind, and {@link flushPeriod} writes
 * every row that changed before anything reads stored results (ADR 0006, 0009). Returns the
 * undo to call if the transaction fails.
 */
export async function applyFacts(
  trx: ServiceContext,
  loaded: LoadedSet,
  facts: readonly Fact[],
): Promise<() => void> {
  const { undo } = loaded.set.addFacts(facts);
  return guarded(loaded, undo, () => markBehind(trx, loaded));
}

/** Replace the set's pools and store what changed; returns the undo. */
export async function applyPools(
  trx: ServiceContext,
  loaded: LoadedSet,
  pools: ReadonlyMap<string, bigint>,
): Promise<() => void> {
  const undo = loaded.set.setPools(pools);
  return guarded(loaded, undo, () => storeChanged(trx, loaded));
}

async function guarded(
  loaded: LoadedSet,
  undoSet: () => void,
  store: () => Promise<unknown>,
): Promise<() => void> {
  const before = loaded.stored;
  const undo = () => {
    undoSet();
    loaded.stored = before;
  };
  try {
    await store();
  } catch (error) {
    undo();
    throw error;
  }
  return undo;
}

/**
 * The set now holds more than its stored rows, which are written behind (see
 * {@link flushPeriod}). The first time (stored rows were current), the period's `computed_at`
 * is cleared in the fact's transaction, so a process that stops before flushing leaves a
 * period the next load recomputes rather than stale rows taken as current.
 */
async function markBehind(trx: ServiceContext, loaded: LoadedSet): Promise<void> {
  const key = keyOf(loaded.tenantId, loaded.period.id);
  if (dirtyKeys.has(key)) return;
  await markResultsBehind(trx.db, trx.tenantId, loaded.period.id);
  dirtyKeys.add(key);
}

/**
 * Write what a period's working set holds and its stored rows lack (see {@link applyFacts}),
 * if the set is loaded and behind; a period never computed is computed and stored. Every read
 * of stored results calls this first.
 */
export async function flushPeriod(
  ctx: ServiceContext,
  periodId: string,
  load = false,
): Promise<void> {
  const key = keyOf(ctx.tenantId, periodId);
  const pending = entries.has(key) ? dirtyKeys.has(key) : load || staleKeys.has(key);
  if (!pending) return;
  await withWorkingSet(ctx, periodId, async (loaded) => {
    if (loaded.period.status === 'closed' || !dirtyKeys.has(key)) return;
    await inTransaction(ctx, (trx) => storeChanged(trx, loaded));
  });
}

/** Flush every loaded period of the tenant that is behind (before a year composes them). */
export async function flushTenant(ctx: ServiceContext): Promise<void> {
  const prefix = `${ctx.tenantId}:`;
  for (const key of [...dirtyKeys])
    if (key.startsWith(prefix)) await flushPeriod(ctx, key.slice(prefix.length));
}

/**
 * Store what differs from the last stored state: the re-scored people's rows, every row whose
 * rank, grade or bonus moved (with the unit summary), and the pending signals when they
 * changed. Returns how many rows were written.
 */
export async function storeChanged(
  trx: ServiceContext,
  loaded: LoadedSet,
  rescored: readonly string[] = [],
): Promise<number> {
  const forced = new Set(rescored);
  const { input, digests, signalsDigest } = digestedResults(
    loaded.set,
    trx.now,
    (personId, digest) => forced.has(personId) || loaded.stored.rows.get(personId) !== digest,
  );
  const summary = summaryDigest(input);
  if (summary !== loaded.stored.summary)
    await upsertPersonResults(trx.db, trx.tenantId, loaded.period.id, withoutBreakdowns(input));
  else if (input.people.length > 0) {
    // The unit tables did not move: store the rows without rewriting the summary.
    await upsertPersonResults(trx.db, trx.tenantId, loaded.period.id, {
      schemeKey: input.schemeKey,
      schemeVersion: input.schemeVersion,
      tieRule: input.tieRule,
      computedAt: input.computedAt,
      people: withoutBreakdowns(input).people,
    });
  }
  if (signalsDigest !== loaded.stored.signals)
    await replacePendingSignals(trx.db, trx.tenantId, loaded.period.id, loaded.set.results.signals);
  await markResultsCurrent(trx.db, trx.tenantId, loaded.period.id, trx.now);
  loaded.stored = { rows: digests, summary, signals: signalsDigest };
  dirtyKeys.delete(keyOf(trx.tenantId, loaded.period.id));
  if (input.people.length > 0) partsChanged(trx.tenantId, loaded.period.id);
  return input.people.length;
}

/**
 * The rows of an open period are stored without breakdown trees: the score page reads the
 * working set, and writing every tree was most of a recompute's time on PGlite (ADR 0006).
 * Closing stores them, so a closed period keeps its full record.
 */
function withoutBreakdowns<T extends { people: readonly PersonResultInput[] }>(input: T): T {
  return { ...input, people: input.people.map((p) => ({ ...p, nodes: [] })) };
}

/**
 * Recompute a period in full from the database and replace its stored results and pending
 * signals, in the caller's transaction. Used by close (which then freezes them) and recompute.
 */
export async function storeFullResults(
  trx: ServiceContext,
  periodId: string,
  breakdowns: 'with-breakdowns' | 'without-breakdowns',
): Promise<number> {
  // Lock the period before reading its facts: a fact being recorded holds this lock until it
  // commits, so the full recompute sees it (or the fact then finds the period closed).
  await requireOpenPeriod(trx.db as Transaction<Database>, trx.tenantId, periodId);
  const loaded = await loadSet(
    trx,
    periodId,
    true,
    breakdowns === 'with-breakdowns' ? 'full' : 'totals',
  );
  const { set } = loaded;
  // Scored for totals only without breakdowns: the rows carry no trees already.
  const input = periodResultsInput(set.sheet, set.results, trx.now);
  await replacePeriodResults(trx.db, trx.tenantId, periodId, input);
  await replacePendingSignals(trx.db, trx.tenantId, periodId, loaded.set.results.signals);
  partsChanged(trx.tenantId, periodId);
  return input.people.length;
}

/** `POST /api/periods/:id/recompute`: a full recompute of an open period. */
export async function recomputePeriod(
  ctx: ServiceContext,
  periodId: string,
): Promise<{ people: number; computedAt: string }> {
  const period = await findPeriod(ctx.db, ctx.tenantId, periodId);
  if (!period) throw new AppError('period-not-found');
  if (period.status === 'closed') throw new AppError('period-closed');
  const people = await inTransaction(ctx, (trx) =>
    storeFullResults(trx, periodId, 'without-breakdowns'),
  );
  dropWorkingSet(ctx.tenantId, periodId);
  return { people, computedAt: ctx.now.toISOString() };
}
