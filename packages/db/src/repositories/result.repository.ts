import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  Decimal,
  GradeCode,
  NodeScore,
  PeriodRanking,
  PeriodResults,
  PersonGrade,
  PersonRanks,
  ScoreSheet,
  ScoreWarning,
  TieRule,
  UnitResult,
  Visibility,
} from '@tianheng/core';
import { StoreError } from '../ledger/store-error.ts';
import { inTransaction } from '../ledger/transaction.ts';
import type { Database } from '../schema.ts';
import { requireOpenPeriod } from './period.repository.ts';

/** Rows per INSERT of results (one JSON parameter each). */
const RESULT_CHUNK = 5000;

/** One person's result as stored: the score sheet's numbers with the period results' ranks, grade and bonus. */
export interface PersonResultInput {
  readonly personId: string;
  readonly unitId: string;
  readonly assessmentUnitId: string;
  readonly common: Decimal;
  readonly individual: Decimal;
  readonly total: Decimal;
  readonly coefficient: Decimal;
  readonly index: Decimal;
  readonly ranks: PersonRanks;
  readonly grade: GradeCode | 'undecided';
  readonly gradeReason: PersonGrade['reason'];
  readonly boundaryTie: boolean;
  readonly bonusCents: bigint | null;
  readonly literalCents: bigint | null;
  /** The breakdown tree (`PersonScore.nodes`). */
  readonly nodes: readonly NodeScore[];
}

/** A unit's grade counts and bonus totals as stored and listed. */
export interface StoredUnitResult {
  readonly unitId: string;
  readonly headcount: number;
  readonly quota: number;
  readonly excellent: number;
  readonly competent: number;
  readonly basic: number;
  readonly incompetent: number;
  readonly undecided: number;
  readonly placesLeft: number;
  readonly bonus: null | {
    readonly poolCents: bigint;
    readonly allocatedCents: bigint;
    readonly unallocatedCents: bigint;
    readonly literalTotalCents: bigint;
    readonly literalDifferenceCents: bigint;
    readonly pointValueCents: Decimal | null;
  };
}

/** Everything stored for a period's results. */
export interface PeriodResultsInput {
  readonly schemeKey: string;
  readonly schemeVersion: number;
  readonly tieRule: TieRule;
  readonly computedAt: Date;
  readonly people: readonly PersonResultInput[];
  readonly units: readonly StoredUnitResult[];
  readonly warnings: readonly ScoreWarning[];
}

/** A unit's summary from the core's `UnitResult`. */
export function unitSummaryOf(unit: UnitResult): StoredUnitResult {
  const { grades, bonus } = unit;
  return {
    unitId: unit.unitId,
    headcount: unit.headcount,
    quota: grades.quota,
    excellent: grades.excellent,
    competent: grades.competent,
    basic: grades.basic,
    incompetent: grades.incompetent,
    undecided: grades.undecided,
    placesLeft: grades.placesLeft,
    bonus:
      bonus === null
        ? null
        : {
            poolCents: bonus.poolCents,
            allocatedCents: bonus.allocatedCents,
            unallocatedCents: bonus.unallocatedCents,
            literalTotalCents: bonus.literal.totalCents,
            literalDifferenceCents: bonus.literal.differenceCents,
            pointValueCents: bonus.literal.pointValueCents,
          },
  };
}

/**
 * What to store for a period from the score sheet and the period results of the same run:
 * every person of the results with their sheet numbers and breakdown.
 * @throws Error when a person of the results is missing from the sheet (they come from one run).
 */
export function periodResultsInput(
  sheet: ScoreSheet,
  results: PeriodResults,
  computedAt: Date,
): PeriodResultsInput {
  const scores = new Map(sheet.people.map((p) => [p.personId, p]));
  return {
    schemeKey: results.schemeKey,
    schemeVersion: results.schemeVersion,
    tieRule: results.tieRule,
    computedAt,
    warnings: sheet.warnings,
    units: results.units.map(unitSummaryOf),
    people: results.people.map((r) => {
      const s = scores.get(r.personId);
      if (s === undefined) throw new Error(`person ${r.personId} has results but no score`);
      return {
        personId: r.personId,
        unitId: r.unitId,
        assessmentUnitId: r.assessmentUnitId,
        common: s.common,
        individual: s.individual,
        total: s.total,
        coefficient: s.coefficient,
        index: r.index,
        ranks: r.ranks,
        grade: r.grade.grade,
        gradeReason: r.grade.reason,
        boundaryTie: r.boundaryTie,
        bonusCents: r.bonusCents,
        literalCents: r.literalCents,
        nodes: s.nodes,
      };
    }),
  };
}

const cents = (value: bigint | null): string | null => (value === null ? null : value.toString());

function unitsJson(units: readonly StoredUnitResult[]): string {
  return JSON.stringify(units, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

type StoredUnitJson = Omit<StoredUnitResult, 'bonus'> & {
  bonus: null | Record<keyof NonNullable<StoredUnitResult['bonus']>, string | null>;
};

function unitsFrom(json: unknown[]): StoredUnitResult[] {
  return (json as StoredUnitJson[]).map((u) => ({
    ...u,
    bonus:
      u.bonus === null
        ? null
        : {
            poolCents: BigInt(u.bonus.poolCents!),
            allocatedCents: BigInt(u.bonus.allocatedCents!),
            unallocatedCents: BigInt(u.bonus.unallocatedCents!),
            literalTotalCents: BigInt(u.bonus.literalTotalCents!),
            literalDifferenceCents: BigInt(u.bonus.literalDifferenceCents!),
            pointValueCents: u.bonus.pointValueCents,
          },
  }));
}

/** A result row as the JSON the INSERT reads (bigints as strings, line ids beside the ranks). */
function rowJson(r: PersonResultInput): string {
  return JSON.stringify({
    person_id: r.personId,
    unit_id: r.unitId,
    assessment_unit_id: r.assessmentUnitId,
    common: r.common,
    individual: r.individual,
    total: r.total,
    coefficient: r.coefficient,
    index_value: r.index,
    unit_rank: r.ranks.unit.rank,
    tenant_rank: r.ranks.tenant.rank,
    line_ids: r.ranks.lines.map((l) => l.groupId),
    ranks: r.ranks,
    grade: r.grade,
    grade_reason: r.gradeReason,
    boundary_tie: r.boundaryTie,
    bonus_cents: cents(r.bonusCents),
    literal_bonus_cents: cents(r.literalCents),
    breakdown: r.nodes,
  });
}

/**
 * INSERT … SELECT FROM one JSON array of person results; `conflict` finishes the statement.
 * One JSON parameter (built by concatenation, parsed once by the server) instead of an array
 * per column: on PGlite, encoding seventeen text arrays with escaped JSON in them took most of
 * the time of storing a period's results (ADR 0009).
 */
function insertPeople(
  tenantId: string,
  periodId: string,
  input: Pick<PeriodResultsInput, 'schemeKey' | 'schemeVersion' | 'computedAt'>,
  rows: readonly PersonResultInput[],
  conflict: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const json = `[${rows.map(rowJson).join(',')}]`;
  return sql`
    INSERT INTO person_result (tenant_id, period_id, person_id, unit_id, assessment_unit_id,
      scheme_key, scheme_version, common, individual, total, coefficient, index_value, unit_rank,
      tenant_rank, line_ids, ranks, grade, grade_reason, boundary_tie, bonus_cents,
      literal_bonus_cents, breakdown, computed_at)
    SELECT ${tenantId}::uuid, ${periodId}::uuid, t.person_id, t.unit_id, t.assessment_unit_id,
      ${input.schemeKey}, ${input.schemeVersion}::int, t.common, t.individual, t.total,
      t.coefficient, t.index_value, t.unit_rank, t.tenant_rank, t.line_ids, t.ranks, t.grade,
      t.grade_reason, t.boundary_tie, t.bonus_cents, t.literal_bonus_cents, t.breakdown,
      ${input.computedAt.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${json}::jsonb) AS t(person_id uuid, unit_id uuid,
      assessment_unit_id uuid, common numeric, individual numeric, total numeric,
      coefficient numeric, index_value numeric, unit_rank int, tenant_rank int, line_ids text[],
      ranks jsonb, grade text, grade_reason jsonb, boundary_tie boolean, bonus_cents bigint,
      literal_bonus_cents bigint, breakdown jsonb)
    JOIN person p ON p.tenant_id = ${tenantId}::uuid AND p.person_id = t.person_id
    ${conflict}`;
}

/**
 * Write some people's rows (see {@link insertPeople}) and refuse the whole write when a row
 * names no person of the tenant: the join stands in for a foreign key (ADR 0012).
 */
async function writePeople(
  trx: Kysely<Database>,
  tenantId: string,
  periodId: string,
  input: Pick<PeriodResultsInput, 'schemeKey' | 'schemeVersion' | 'computedAt'>,
  people: readonly PersonResultInput[],
  conflict: RawBuilder<unknown>,
): Promise<void> {
  for (let i = 0; i < people.length; i += RESULT_CHUNK) {
    const rows = people.slice(i, i + RESULT_CHUNK);
    const { numAffectedRows } = await insertPeople(
      tenantId,
      periodId,
      input,
      rows,
      conflict,
    ).execute(trx);
    if (numAffectedRows !== BigInt(rows.length)) {
      const known = new Set(
        (
          await trx
            .selectFrom('person')
            .select('person_id')
            .where('tenant_id', '=', tenantId)
            .where(
              'person_id',
              'in',
              rows.map((r) => r.personId),
            )
            .execute()
        ).map((r) => r.person_id),
      );
      const unknown = rows.find((r) => !known.has(r.personId));
      throw new StoreError('person-not-found', 'personId', { personId: unknown?.personId ?? null });
    }
  }
}

async function saveSummary(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  input: Omit<PeriodResultsInput, 'people'>,
  people: number,
): Promise<void> {
  const values = {
    scheme_key: input.schemeKey,
    scheme_version: input.schemeVersion,
    tie_rule: input.tieRule,
    people,
    units: unitsJson(input.units),
    warnings: JSON.stringify(input.warnings),
    computed_at: input.computedAt,
  };
  await db
    .insertInto('period_result')
    .values({ tenant_id: tenantId, period_id: periodId, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'period_id']).doUpdateSet(values))
    .execute();
  await db
    .updateTable('period')
    .set({ computed_at: input.computedAt })
    .where('tenant_id', '=', tenantId)
    .where('period_id', '=', periodId)
    .execute();
}

/**
 * Replace every stored result of an open period with a full recompute, in one transaction
 * (the caller's when `db` is one, e.g. with `closePeriod` after it). Refuses a closed period.
 */
export async function replacePeriodResults(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  input: PeriodResultsInput,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await requireOpenPeriod(trx, tenantId, periodId);
    await trx
      .deleteFrom('person_result')
      .where('tenant_id', '=', tenantId)
      .where('period_id', '=', periodId)
      .execute();
    await writePeople(trx, tenantId, periodId, input, input.people, sql``);
    await saveSummary(trx, tenantId, periodId, input, input.people.length);
  });
}

/**
 * Insert or update some people's results of an open period (the incremental path: the person a
 * new fact is about, and whoever's rank it moved), and the period summary when given.
 * Refuses a closed period.
 */
export async function upsertPersonResults(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  input: Omit<PeriodResultsInput, 'units' | 'warnings'> &
    Partial<Pick<PeriodResultsInput, 'units' | 'warnings'>>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await requireOpenPeriod(trx, tenantId, periodId);
    const update = sql`ON CONFLICT (tenant_id, period_id, person_id) DO UPDATE SET
      unit_id = EXCLUDED.unit_id, assessment_unit_id = EXCLUDED.assessment_unit_id,
      scheme_key = EXCLUDED.scheme_key, scheme_version = EXCLUDED.scheme_version,
      common = EXCLUDED.common, individual = EXCLUDED.individual, total = EXCLUDED.total,
      coefficient = EXCLUDED.coefficient, index_value = EXCLUDED.index_value,
      unit_rank = EXCLUDED.unit_rank, tenant_rank = EXCLUDED.tenant_rank, line_ids = EXCLUDED.line_ids,
      ranks = EXCLUDED.ranks, grade = EXCLUDED.grade, grade_reason = EXCLUDED.grade_reason,
      boundary_tie = EXCLUDED.boundary_tie, bonus_cents = EXCLUDED.bonus_cents,
      literal_bonus_cents = EXCLUDED.literal_bonus_cents, breakdown = EXCLUDED.breakdown,
      computed_at = EXCLUDED.computed_at`;
    await writePeople(trx, tenantId, periodId, input, input.people, update);
    if (input.units !== undefined) {
      const { people } = await trx
        .selectFrom('person_result')
        .select(sql<number>`count(*)::int`.as('people'))
        .where('tenant_id', '=', tenantId)
        .where('period_id', '=', periodId)
        .executeTakeFirstOrThrow();
      await saveSummary(
        trx,
        tenantId,
        periodId,
        { ...input, units: input.units, warnings: input.warnings ?? [] },
        people,
      );
    }
  });
}

/**
 * The stored results of an open period lag its facts (rows are written behind them): clear
 * `period.computed_at` until {@link markResultsCurrent}, so whoever loads the period next
 * recomputes what it stored.
 */
export async function markResultsBehind(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
): Promise<void> {
  await db
    .updateTable('period')
    .set({ computed_at: null })
    .where('tenant_id', '=', tenantId)
    .where('period_id', '=', periodId)
    .where('status', '=', 'open')
    .execute();
}

/** The stored results of a period are current again (after a write-behind flush). */
export async function markResultsCurrent(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  computedAt: Date,
): Promise<void> {
  await db
    .updateTable('period')
    .set({ computed_at: computedAt })
    .where('tenant_id', '=', tenantId)
    .where('period_id', '=', periodId)
    .execute();
}

/** One person's stored result as lists show it. */
export interface PersonResultRecord {
  readonly personId: string;
  readonly name: string;
  readonly staffNo: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly assessmentUnitId: string;
  readonly assessmentUnitName: string;
  /** Post and rank as of the period's last day (null when no assignment covers it). */
  readonly post: string | null;
  readonly rank: string | null;
  readonly schemeKey: string;
  readonly schemeVersion: number;
  readonly common: Decimal;
  readonly individual: Decimal;
  readonly total: Decimal;
  readonly coefficient: Decimal;
  readonly index: Decimal;
  readonly ranks: PersonRanks;
  readonly grade: GradeCode | 'undecided';
  readonly gradeReason: PersonGrade['reason'];
  readonly boundaryTie: boolean;
  readonly bonusCents: bigint | null;
  readonly literalCents: bigint | null;
  readonly computedAt: Date;
}

/** A stored result with its breakdown tree. */
export interface PersonResultDetail extends PersonResultRecord {
  readonly nodes: NodeScore[];
}

/** Filters of the results list; every filter is optional. */
export interface ResultFilters {
  /** People whose own unit or assessment unit lies in this unit's subtree. */
  readonly unitId?: string;
  readonly lineId?: string;
  readonly grade?: GradeCode | 'undecided';
  /** Part of the name or staff number. */
  readonly q?: string;
  /** `tenant` rank (default), by assessment `unit` then unit rank, or `index` high to low. */
  readonly sort?: 'tenant' | 'unit' | 'index';
  readonly visibility: Visibility;
  readonly page: number;
  readonly pageSize: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface ResultRowDb {
  person_id: string;
  name: string;
  staff_no: string;
  unit_id: string;
  unit_name: string;
  assessment_unit_id: string;
  assessment_unit_name: string;
  post: string | null;
  rank: string | null;
  scheme_key: string;
  scheme_version: number;
  common: string;
  individual: string;
  total: string;
  coefficient: string;
  index_value: string;
  ranks: PersonRanks;
  grade: GradeCode | 'undecided';
  grade_reason: PersonGrade['reason'];
  boundary_tie: boolean;
  bonus_cents: string | null;
  literal_bonus_cents: string | null;
  computed_at: Date;
  breakdown?: NodeScore[];
}

function recordOf(r: ResultRowDb): PersonResultRecord {
  return {
    personId: r.person_id,
    name: r.name,
    staffNo: r.staff_no,
    unitId: r.unit_id,
    unitName: r.unit_name,
    assessmentUnitId: r.assessment_unit_id,
    assessmentUnitName: r.assessment_unit_name,
    post: r.post,
    rank: r.rank,
    schemeKey: r.scheme_key,
    schemeVersion: r.scheme_version,
    common: r.common,
    individual: r.individual,
    total: r.total,
    coefficient: r.coefficient,
    index: r.index_value,
    ranks: r.ranks,
    grade: r.grade,
    gradeReason: r.grade_reason,
    boundaryTie: r.boundary_tie,
    bonusCents: r.bonus_cents === null ? null : BigInt(r.bonus_cents),
    literalCents: r.literal_bonus_cents === null ? null : BigInt(r.literal_bonus_cents),
    computedAt: new Date(r.computed_at),
  };
}

const resultSelect = (breakdown: boolean) => sql`
  r.person_id, p.name, p.staff_no, r.unit_id, u.name AS unit_name, r.assessment_unit_id,
  au.name AS assessment_unit_name, a.post, a.rank, r.scheme_key, r.scheme_version, r.common,
  r.individual, r.total, r.coefficient, r.index_value, r.ranks, r.grade, r.grade_reason,
  r.boundary_tie, r.bonus_cents, r.literal_bonus_cents, r.computed_at
  ${breakdown ? sql`, r.breakdown` : sql``}`;

const resultFrom = sql`
  person_result r
  JOIN period pd ON pd.tenant_id = r.tenant_id AND pd.period_id = r.period_id
  JOIN person p ON p.tenant_id = r.tenant_id AND p.person_id = r.person_id
  JOIN unit u ON u.tenant_id = r.tenant_id AND u.unit_id = r.unit_id
  JOIN unit au ON au.tenant_id = r.tenant_id AND au.unit_id = r.assessment_unit_id
  LEFT JOIN LATERAL (
    SELECT x.post, x.rank FROM person_assignment x
    WHERE x.tenant_id = r.tenant_id AND x.person_id = r.person_id
      AND x.valid_from <= pd.ends_on AND (x.valid_to IS NULL OR x.valid_to >= pd.ends_on)
    ORDER BY x.valid_from DESC LIMIT 1) a ON true`;

function visibilitySql(visibility: Visibility): RawBuilder<unknown> {
  if (visibility.kind === 'all') return sql`true`;
  if (visibility.kind === 'none') return sql`false`;
  const terms: RawBuilder<unknown>[] = visibility.pathPrefixes.map(
    (prefix) =>
      sql`(u.path LIKE ${`${escapeLike(prefix)}%`} OR au.path LIKE ${`${escapeLike(prefix)}%`})`,
  );
  if (visibility.unitIds.length > 0)
    terms.push(
      sql`(r.unit_id = ANY(${[...visibility.unitIds]}::uuid[]) OR r.assessment_unit_id = ANY(${[...visibility.unitIds]}::uuid[]))`,
    );
  if (visibility.personIds.length > 0)
    terms.push(sql`r.person_id = ANY(${[...visibility.personIds]}::uuid[])`);
  return terms.length === 0 ? sql`false` : sql`(${sql.join(terms, sql` OR `)})`;
}

/**
 * A period's stored results matching the filters and visible to the caller, one page at a
 * time, with the total.
 */
export async function listPeriodResults(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  filters: ResultFilters,
): Promise<{ items: PersonResultRecord[]; total: number }> {
  if (filters.visibility.kind === 'none') return { items: [], total: 0 };
  const terms: RawBuilder<unknown>[] = [
    sql`r.tenant_id = ${tenantId}`,
    sql`r.period_id = ${periodId}`,
    visibilitySql(filters.visibility),
  ];
  if (filters.unitId !== undefined)
    terms.push(sql`EXISTS (SELECT 1 FROM unit s WHERE s.tenant_id = r.tenant_id AND s.unit_id = ${filters.unitId}
      AND (starts_with(u.path, s.path) OR starts_with(au.path, s.path)))`);
  if (filters.lineId !== undefined) terms.push(sql`${filters.lineId} = ANY(r.line_ids)`);
  if (filters.grade !== undefined) terms.push(sql`r.grade = ${filters.grade}`);
  if (filters.q !== undefined && filters.q !== '') {
    const like = `%${escapeLike(filters.q)}%`;
    terms.push(sql`(p.name LIKE ${like} OR p.staff_no LIKE ${like})`);
  }
  const where = sql.join(terms, sql` AND `);
  const order =
    filters.sort === 'unit'
      ? sql`au.path, r.unit_rank, r.person_id`
      : filters.sort === 'index'
        ? sql`r.index_value DESC, r.person_id`
        : sql`r.tenant_rank, r.person_id`;
  const { rows: counted } = await sql<{ total: number }>`
    SELECT count(*)::int AS total FROM ${resultFrom} WHERE ${where}`.execute(db);
  const { rows } = await sql<ResultRowDb>`
    SELECT ${resultSelect(false)} FROM ${resultFrom} WHERE ${where} ORDER BY ${order}
    LIMIT ${filters.pageSize} OFFSET ${(filters.page - 1) * filters.pageSize}`.execute(db);
  return { items: rows.map(recordOf), total: counted[0]?.total ?? 0 };
}

/** One person's stored result in a period with the breakdown tree, or undefined. */
export async function getPersonResult(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  personId: string,
): Promise<PersonResultDetail | undefined> {
  const { rows } = await sql<ResultRowDb>`
    SELECT ${resultSelect(true)} FROM ${resultFrom}
    WHERE r.tenant_id = ${tenantId} AND r.period_id = ${periodId} AND r.person_id = ${personId}`.execute(
    db,
  );
  const row = rows[0];
  return row === undefined ? undefined : { ...recordOf(row), nodes: row.breakdown ?? [] };
}

/** A period's stored summary: tie rule, unit tables, warnings, when computed. */
export interface PeriodResultSummary {
  readonly schemeKey: string;
  readonly schemeVersion: number;
  readonly tieRule: TieRule;
  readonly people: number;
  readonly units: StoredUnitResult[];
  readonly warnings: ScoreWarning[];
  readonly computedAt: Date;
}

/** The stored summary of a period's results, or undefined when never computed. */
export async function getPeriodResultSummary(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
): Promise<PeriodResultSummary | undefined> {
  const row = await db
    .selectFrom('period_result')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('period_id', '=', periodId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    schemeKey: row.scheme_key,
    schemeVersion: row.scheme_version,
    tieRule: row.tie_rule,
    people: row.people,
    units: unitsFrom(row.units),
    warnings: row.warnings as ScoreWarning[],
    computedAt: row.computed_at,
  };
}

/**
 * The stored rankings of periods (ordered as `periodIds`; periods never computed are left
 * out): the history that streak rules read. With `onlyLast`, each period lists only the people
 * who were last in some group — all a last-place streak can read (core's `evaluateSignals`
 * treats a person missing from a history period like one who was not last there), at a
 * fraction of the cost of every row.
 */
export async function listPeriodRankings(
  db: Kysely<Database>,
  tenantId: string,
  periodIds: readonly string[],
  options: { readonly onlyLast?: boolean } = {},
): Promise<PeriodRanking[]> {
  if (periodIds.length === 0) return [];
  const summaries = await db
    .selectFrom('period_result')
    .select(['period_id', 'tie_rule'])
    .where('tenant_id', '=', tenantId)
    .where('period_id', 'in', periodIds)
    .execute();
  const rows = await db
    .selectFrom('person_result')
    .select(['period_id', 'ranks'])
    .where('tenant_id', '=', tenantId)
    .where('period_id', 'in', periodIds)
    .$if(options.onlyLast === true, (q) =>
      q.where(
        sql<boolean>`((ranks -> 'unit' ->> 'last')::boolean OR (ranks -> 'tenant' ->> 'last')::boolean
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(ranks -> 'lines') l WHERE (l ->> 'last')::boolean))`,
      ),
    )
    .orderBy('period_id')
    .orderBy('tenant_rank')
    .orderBy('person_id')
    .execute();
  const people = new Map<string, PersonRanks[]>();
  for (const r of rows) {
    const list = people.get(r.period_id) ?? [];
    list.push(r.ranks);
    people.set(r.period_id, list);
  }
  const tie = new Map(summaries.map((s) => [s.period_id, s.tie_rule]));
  return periodIds.flatMap((id) => {
    const tieRule = tie.get(id);
    return tieRule === undefined ? [] : [{ periodId: id, tieRule, people: people.get(id) ?? [] }];
  });
}

// ---------------------------------------------------------------- bonus pools

/** A unit's bonus pool in a period. */
export interface PoolRecord {
  readonly unitId: string;
  readonly unitName: string;
  readonly amountCents: bigint;
}

/** The bonus pools of a period, by unit path. */
export async function listPeriodPools(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
): Promise<PoolRecord[]> {
  const rows = await db
    .selectFrom('period_pool as pp')
    .innerJoin('unit as u', (j) =>
      j.onRef('u.tenant_id', '=', 'pp.tenant_id').onRef('u.unit_id', '=', 'pp.unit_id'),
    )
    .select(['pp.unit_id', 'u.name', 'pp.amount_cents'])
    .where('pp.tenant_id', '=', tenantId)
    .where('pp.period_id', '=', periodId)
    .orderBy('u.path')
    .execute();
  return rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.name,
    amountCents: BigInt(r.amount_cents),
  }));
}

/** The pools of a period as the results builder takes them. */
export async function periodPoolMap(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
): Promise<Map<string, bigint>> {
  return new Map(
    (await listPeriodPools(db, tenantId, periodId)).map((p) => [p.unitId, p.amountCents]),
  );
}

/**
 * Set a unit's bonus pool for an open period (the caller recomputes the results in the same
 * transaction). Refuses a closed period, a negative amount or a unit of another tenant.
 */
export async function setPeriodPool(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  unitId: string,
  amountCents: bigint,
): Promise<PoolRecord> {
  if (amountCents < 0n) throw new StoreError('invalid-input', 'amountCents');
  return inTransaction(db, async (trx) => {
    await requireOpenPeriod(trx, tenantId, periodId);
    const unit = await trx
      .selectFrom('unit')
      .select('name')
      .where('tenant_id', '=', tenantId)
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
    if (unit === undefined) throw new StoreError('unit-not-found', 'unitId');
    const amount = amountCents.toString();
    await trx
      .insertInto('period_pool')
      .values({ tenant_id: tenantId, period_id: periodId, unit_id: unitId, amount_cents: amount })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'period_id', 'unit_id']).doUpdateSet({ amount_cents: amount }),
      )
      .execute();
    return { unitId, unitName: unit.name, amountCents };
  });
}
