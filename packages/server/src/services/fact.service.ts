import {
  authorize,
  authorizeFactMethod,
  checkFactRecording,
  schemeLeaves,
  visibility,
  type ErrorCode,
  type Evidence,
  type Fact,
  type FactSubject,
  type Label,
  type NewFactInput,
  type OrgSnapshot,
  type Target,
} from '@tianheng/core';
import type { Transaction } from 'kysely';
import {
  appendFactAudited,
  appendFacts,
  requireOpenPeriod,
  type Database,
  type NewAuditEntry,
  getFact as findFact,
  listFacts as listStoredFacts,
  listUnits,
  loadPeopleDirectory,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { requireAttachments } from './attachment.service.ts';
import { AppError } from '../errors.ts';
import { buildFactTemplateWorkbook, parseFactWorkbook } from '../excel/assessment-workbook.ts';
import { inTransaction, recordAudit } from './audit.service.ts';
import { codeError, detailChoices, readFactRows, type FactRowError } from './fact-rows.ts';
import { MAX_REPORTED_ERRORS } from './import.service.ts';
import { requirePeriod } from './period.service.ts';
import { applyFacts, rowNames, withWorkingSet, type LoadedSet } from './recompute.service.ts';
import { liveResultRow, type ResultRowView } from './result-rows.ts';
import { personTarget, unitTarget } from './targets.ts';

/** A fact as the API shows it (docs/api.md `Fact`). */
export interface FactView {
  id: string;
  periodId: string;
  subject: { kind: 'person' | 'unit'; id: string; name: string };
  indicator: string;
  indicatorLabel: Label | null;
  method: string | null;
  value: string | null;
  payload: Record<string, unknown>;
  source: Fact['source'];
  evidence: Evidence;
  recordedBy: { id: string; name: string } | null;
  recordedAt: string;
  supersedes: string | null;
  supersededBy: string | null;
}

/** The access target of a fact's subject; a subject of another tenant is not found. */
export async function subjectTarget(ctx: ServiceContext, subject: FactSubject): Promise<Target> {
  return subject.kind === 'person' ? personTarget(ctx, subject.id) : unitTarget(ctx, subject.id);
}

/** The access target of a stored fact (its subject); `fact-not-found` for another tenant's id. */
export async function factTarget(ctx: ServiceContext, factId: string): Promise<Target> {
  const fact = await findFact(ctx.db, ctx.tenantId, factId);
  if (!fact) throw new AppError('fact-not-found');
  return subjectTarget(ctx, fact.subject);
}

/**
 * Names the fact views show: people and units of the period's whole org snapshot (a recorder
 * may be someone the period does not score).
 */
function namer(loaded: LoadedSet): (kind: 'person' | 'unit', id: string) => string {
  let named = namers.get(loaded.org);
  if (!named) {
    const people = new Map(loaded.org.people.map((p) => [p.id, p.name]));
    const units = new Map(loaded.org.units.map((u) => [u.id, u.name]));
    named = (kind, id) => (kind === 'person' ? people.get(id) : units.get(id)) ?? '';
    namers.set(loaded.org, named);
  }
  return named;
}

/** Name lookups per org snapshot (immutable), built once rather than per fact shown. */
const namers = new WeakMap<OrgSnapshot, (kind: 'person' | 'unit', id: string) => string>();

/** Whether the person exists but the period's scheme does not score them (another audience). */
export function notInPeriod(loaded: LoadedSet, personId: string): boolean {
  return (
    !loaded.set.org.people.some((p) => p.id === personId) &&
    loaded.org.people.some((p) => p.id === personId)
  );
}

/** The API view of facts, with names and the indicator of the period's scheme. */
export function factViews(
  loaded: LoadedSet,
  facts: readonly (Fact & { supersededBy?: string | null })[],
): FactView[] {
  const leaves = schemeLeaves(loaded.set.scheme);
  const name = namer(loaded);
  const correctedBy = new Map<string, string>();
  for (const f of facts) if (f.supersedes !== null) correctedBy.set(f.supersedes, f.id);
  return facts.map((f) => {
    const leaf = leaves.get(f.indicator);
    return {
      id: f.id,
      periodId: f.periodId,
      subject: { kind: f.subject.kind, id: f.subject.id, name: name(f.subject.kind, f.subject.id) },
      indicator: f.indicator,
      indicatorLabel: leaf?.label ?? null,
      method: leaf?.method?.kind ?? null,
      value: f.value,
      payload: { ...f.payload },
      source: f.source,
      evidence: f.evidence,
      recordedBy:
        f.recordedBy === null ? null : { id: f.recordedBy, name: name('person', f.recordedBy) },
      recordedAt: f.recordedAt,
      supersedes: f.supersedes,
      supersededBy: f.supersededBy ?? correctedBy.get(f.id) ?? null,
    };
  });
}

/**
 * Lock the period row before the ledger (which `appendFacts` locks): closing a period takes
 * the same two locks in this order, so a fact and a close of one period never deadlock.
 */
async function lockPeriodFirst(trx: ServiceContext, periodId: string): Promise<void> {
  await requireOpenPeriod(trx.db as Transaction<Database>, trx.tenantId, periodId);
}

/** Refuse a period that is closed. */
function requireOpen(loaded: LoadedSet): void {
  if (loaded.period.status === 'closed') throw new AppError('period-closed', 'periodId');
}

/**
 * The recording rules for one input: the caller may record this indicator's method about
 * this subject (`authorizeFactMethod`; `target` null only for the system), and core's `checkFactRecording` accepts it (own
 * score, reason, value fit …). Returns the error code and field, or null.
 */
function checkInput(
  ctx: ServiceContext,
  loaded: LoadedSet,
  input: NewFactInput,
  target: Target | null,
): { code: ErrorCode; field?: string } | null {
  const leaf = schemeLeaves(loaded.set.scheme).get(input.indicator);
  if (leaf?.method === undefined) return { code: 'indicator-unknown', field: 'indicator' };
  // The system itself (CLI, demo loader, integrations: no account) records any method.
  const system = ctx.actor.accountId === null;
  if (
    !system &&
    (target === null || !authorizeFactMethod(ctx.subject, leaf.method.kind, target).ok)
  )
    return { code: 'forbidden' };
  if (input.subject.kind === 'person' && notInPeriod(loaded, input.subject.id))
    return { code: 'person-not-in-period', field: 'subject.id' };
  const checked = checkFactRecording(
    loaded.set.scheme,
    input,
    ctx.subject.personId,
    loaded.set.org,
  );
  if (!checked.ok)
    return checked.field === undefined
      ? { code: checked.reason }
      : { code: checked.reason, field: checked.field };
  return null;
}

/**
 * Record one fact (or a correction) as the signed-in person: checked by the recording rules,
 * stored and ledgered, audited as `fact.record`, and the subject's result updated at once
 * (ADR 0006) — all in one transaction. Returns the fact and the subject's new result row.
 */
export async function recordFact(
  ctx: ServiceContext,
  body: {
    periodId: string;
    subject: FactSubject;
    indicator: string;
    value: string | null;
    payload?: Record<string, unknown> | undefined;
    evidence?: { note?: string | undefined; attachments?: string[] | undefined } | undefined;
    supersedes?: string | null | undefined;
  },
): Promise<{ fact: FactView; result: ResultRowView | null }> {
  const note = body.evidence?.note?.trim();
  const input: NewFactInput = {
    periodId: body.periodId,
    subject: { kind: body.subject.kind, id: body.subject.id },
    indicator: body.indicator,
    value: body.value,
    payload: body.payload ?? {},
    source: 'manual',
    evidence: {
      ...(note ? { note } : {}),
      ...(body.evidence?.attachments ? { attachments: body.evidence.attachments } : {}),
    },
    supersedes: body.supersedes ?? null,
  };
  await requireAttachments(ctx, body.evidence?.attachments, 'evidence.attachments');
  const saved = await withWorkingSet(ctx, body.periodId, async (loaded) => {
    const target = await recordingTarget(ctx, loaded, body.subject);
    requireOpen(loaded);
    const problem = checkInput(ctx, loaded, input, target);
    if (problem?.code === 'forbidden') {
      await recordAudit(ctx, {
        action: 'fact.record',
        objectType: 'fact',
        objectId: null,
        result: 'denied',
        detail: { subject: input.subject, indicator: input.indicator },
      });
      throw new AppError('forbidden');
    }
    if (problem) throw new AppError(problem.code, problem.field);
    const names = await rowNames(ctx, loaded);
    let undo: (() => void) | undefined;
    try {
      return await inTransaction(ctx, async (trx) => {
        // Period lock, ledger lock, fact, ledger entry and audit entry in two statements.
        const stored = await appendFactAudited(
          trx.db as Transaction<Database>,
          trx.tenantId,
          { ...input, recordedBy: ctx.subject.personId, recordedAt: ctx.now },
          (fact) =>
            auditEntry(trx, {
              action: input.supersedes ? 'fact.correct' : 'fact.record',
              objectType: 'fact',
              objectId: fact.id,
              detail: {
                periodId: fact.periodId,
                subject: fact.subject,
                indicator: fact.indicator,
                value: fact.value,
                supersedes: fact.supersedes,
              },
            }),
        );
        undo = await applyFacts(trx, loaded, [stored]);
        const result =
          stored.subject.kind === 'person'
            ? (liveResultRow(loaded.set, names, stored.subject.id) ?? null)
            : null;
        return { fact: factViews(loaded, [stored])[0]!, result };
      });
    } catch (error) {
      undo?.();
      throw error;
    }
  });
  return saved;
}

/**
 * The access target of a new fact's subject; null for the system itself (no account: CLI,
 * demo loader, integrations), which is not access-checked, when the period's org snapshot (the
 * tenant's) holds the person — no query. Anyone else gets the subject's current placement, and
 * an id of another tenant is not found.
 */
async function recordingTarget(
  ctx: ServiceContext,
  loaded: LoadedSet,
  subject: FactSubject,
): Promise<Target | null> {
  if (ctx.actor.accountId === null && subject.kind === 'person' && loaded.set.hasPerson(subject.id))
    return null;
  return subjectTarget(ctx, subject);
}

/** The audit entry `recordAudit` would append, for a statement that appends it itself. */
function auditEntry(
  ctx: ServiceContext,
  entry: { action: string; objectType: string; objectId: string; detail: Record<string, unknown> },
): NewAuditEntry {
  return {
    tenantId: ctx.tenantId,
    at: ctx.now,
    actorAccountId: ctx.actor.accountId,
    actorUsername: ctx.actor.username,
    result: 'success',
    ip: ctx.ip,
    ...entry,
  };
}

/** One fact with names; the caller's access to its subject was checked by the route. */
export async function getFact(ctx: ServiceContext, factId: string): Promise<FactView> {
  const fact = await findFact(ctx.db, ctx.tenantId, factId);
  if (!fact) throw new AppError('fact-not-found');
  return withWorkingSet(ctx, fact.periodId, (loaded) => factViews(loaded, [fact])[0]!);
}

/** Subject ids (people and units) the caller may see facts about; null = all. */
async function visibleSubjects(ctx: ServiceContext): Promise<Set<string> | null> {
  const reach = visibility(ctx.subject, 'fact.read');
  if (reach.kind === 'all') return null;
  if (reach.kind === 'none') return new Set();
  const directory = await loadPeopleDirectory(ctx.db, ctx.tenantId);
  const ids = new Set<string>(reach.personIds);
  const unitVisible = (unitId: string, path: string) =>
    reach.unitIds.includes(unitId) || reach.pathPrefixes.some((p) => path.startsWith(p));
  for (const [unitId, path] of directory.unitPaths) if (unitVisible(unitId, path)) ids.add(unitId);
  for (const p of directory.people) if (unitVisible(p.unitId, p.unitPath)) ids.add(p.personId);
  return ids;
}

/** A period's facts the caller may see, filtered by person, unit or indicator, newest first. */
export async function listFacts(
  ctx: ServiceContext,
  filter: {
    periodId: string;
    personId?: string;
    unitId?: string;
    indicator?: string;
    includeSuperseded?: boolean;
  },
  page: { page: number; pageSize: number },
): Promise<{ items: FactView[]; total: number }> {
  await requirePeriod(ctx, filter.periodId);
  const visible = await visibleSubjects(ctx);
  let subjects: string[] | undefined;
  if (filter.personId !== undefined || filter.unitId !== undefined) {
    subjects = [filter.personId, filter.unitId].filter((id) => id !== undefined);
    if (filter.unitId !== undefined)
      return withWorkingSet(ctx, filter.periodId, async (loaded) => {
        const members = loaded.set.org.people
          .filter((p) => p.unitId === filter.unitId)
          .map((p) => p.id);
        return listWith(ctx, loaded, filter, page, restrict([...subjects!, ...members], visible));
      });
  }
  const restricted = subjects ? restrict(subjects, visible) : visible ? [...visible] : undefined;
  return withWorkingSet(ctx, filter.periodId, (loaded) =>
    listWith(ctx, loaded, filter, page, restricted),
  );
}

const restrict = (ids: readonly string[], visible: Set<string> | null): string[] =>
  visible === null ? [...ids] : ids.filter((id) => visible.has(id));

async function listWith(
  ctx: ServiceContext,
  loaded: LoadedSet,
  filter: { periodId: string; indicator?: string; includeSuperseded?: boolean },
  page: { page: number; pageSize: number },
  subjectIds: string[] | undefined,
): Promise<{ items: FactView[]; total: number }> {
  if (subjectIds !== undefined && subjectIds.length === 0) return { items: [], total: 0 };
  const { items, total } = await listStoredFacts(ctx.db, ctx.tenantId, {
    periodId: filter.periodId,
    ...(subjectIds === undefined ? {} : { subjectIds }),
    ...(filter.indicator === undefined ? {} : { indicator: filter.indicator }),
    includeSuperseded: filter.includeSuperseded ?? false,
    ...page,
  });
  return { items: factViews(loaded, items), total };
}

/** The bulk-facts template of a period, listing its scheme's indicators. */
export async function buildFactTemplate(ctx: ServiceContext, periodId: string): Promise<Buffer> {
  const period = await requirePeriod(ctx, periodId);
  return withWorkingSet(ctx, periodId, async (loaded) => {
    const leaves = [...schemeLeaves(loaded.set.scheme).values()];
    return buildFactTemplateWorkbook(
      period.name,
      leaves.map((leaf) => ({
        key: leaf.key,
        label: leaf.label,
        method: leaf.method?.kind ?? '',
        max: leaf.max,
        details: leaf.method ? detailChoices(leaf.method) : [],
      })),
    );
  });
}

/**
 * Record facts from an uploaded workbook: every row is read and checked like a single fact
 * (access per subject and method, recording rules); any problem → `import-invalid` naming
 * row, column and reason, and nothing is written. Otherwise all facts are stored and ledgered
 * in one transaction, audited as `fact.import`, and the results updated.
 */
export async function importFactWorkbook(
  ctx: ServiceContext,
  periodId: string,
  buffer: Buffer,
): Promise<{ facts: number }> {
  await requirePeriod(ctx, periodId);
  const rows = await parseFactWorkbook(buffer);
  const directory = await loadPeopleDirectory(ctx.db, ctx.tenantId);
  const unitByCode = new Map<string, string>();
  const unitPaths = directory.unitPaths;
  return withWorkingSet(ctx, periodId, async (loaded) => {
    requireOpen(loaded);
    for (const u of await unitCodes(ctx)) unitByCode.set(u.code, u.unitId);
    const { inputs, errors } = readFactRows(rows, {
      periodId,
      personByStaffNo: new Map(directory.people.map((p) => [p.staffNo, p.personId])),
      unitByCode,
      leaves: schemeLeaves(loaded.set.scheme),
      recorder: ctx.subject.personId,
    });
    const unitOfPerson = new Map(
      directory.people.map((p) => [p.personId, { unitId: p.unitId, path: p.unitPath }]),
    );
    const all: FactRowError[] = [...errors];
    for (const { row, input } of inputs) {
      const target = targetIn(input.subject, unitOfPerson, unitPaths);
      const allowed =
        target !== null &&
        (ctx.actor.accountId === null || authorize(ctx.subject, 'fact.write', target).ok);
      if (target === null || !allowed) {
        all.push(codeError(row, 'forbidden', 'subject'));
        continue;
      }
      const problem = checkInput(ctx, loaded, input, target);
      if (problem)
        all.push(
          codeError(
            row,
            problem.code,
            problem.field,
            problem.field === 'value' ? (input.value ?? '') : undefined,
          ),
        );
    }
    if (rows.length === 0) all.push(codeError(1, 'invalid-input', 'indicator'));
    if (all.length > 0) {
      all.sort((a, b) => a.row - b.row);
      await recordAudit(ctx, {
        action: 'fact.import',
        objectType: 'period',
        objectId: periodId,
        result: 'failure',
        detail: { errorCount: all.length, errors: all.slice(0, 20) },
      });
      throw new AppError('import-invalid', undefined, {
        errorCount: all.length,
        errors: all.slice(0, MAX_REPORTED_ERRORS),
      });
    }
    let undo: (() => void) | undefined;
    try {
      return await inTransaction(ctx, async (trx) => {
        await lockPeriodFirst(trx, periodId);
        const stored = await appendFacts(
          trx.db,
          trx.tenantId,
          inputs.map(({ input }) => ({
            ...input,
            recordedBy: ctx.subject.personId,
            recordedAt: ctx.now,
          })),
        );
        await recordAudit(trx, {
          action: 'fact.import',
          objectType: 'period',
          objectId: periodId,
          detail: { facts: stored.length },
        });
        undo = await applyFacts(trx, loaded, stored);
        return { facts: stored.length };
      });
    } catch (error) {
      undo?.();
      throw error;
    }
  });
}

/** The access target of a subject from the directory, without a query per row. */
function targetIn(
  subject: FactSubject,
  people: ReadonlyMap<string, { unitId: string; path: string }>,
  unitPaths: ReadonlyMap<string, string>,
): Target | null {
  if (subject.kind === 'person') {
    const p = people.get(subject.id);
    return p ? { kind: 'person', personId: subject.id, unitId: p.unitId, unitPath: p.path } : null;
  }
  const path = unitPaths.get(subject.id);
  return path === undefined ? null : { kind: 'unit', unitId: subject.id, unitPath: path };
}

async function unitCodes(ctx: ServiceContext): Promise<{ code: string; unitId: string }[]> {
  const units = await listUnits(ctx.db, ctx.tenantId, { kind: 'all' });
  return units.flatMap((u) => (u.code === null ? [] : [{ code: u.code, unitId: u.unitId }]));
}
