import type {
  Action,
  AssessmentKind,
  Decimal,
  Evidence,
  FactSource,
  Gender,
  Grant,
  ImportError,
  Label,
  LocalText,
  PeriodKind,
  PeriodStatus,
  Rank,
  Role,
  Scheme,
  SchemeProblem as CoreSchemeProblem,
  Scope,
  UnitKind,
} from '@tianheng/core';

/** A page of a list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** GET /api/meta */
export interface Meta {
  defaultTenant: string | null;
  version: string;
}

/** The signed-in account (GET /api/auth/me). */
export interface Me {
  account: {
    id: string;
    username: string;
    personId: string | null;
    personName: string | null;
    mustChangePassword: boolean;
  };
  tenant: { id: string; code: string; name: string };
  grants: Grant[];
  actions: Action[];
}

/** GET /api/lookups */
export interface Lookups {
  unitKinds: { code: UnitKind; label: LocalText }[];
  ranks: { code: Rank; label: LocalText }[];
  genders: { code: Gender; label: LocalText }[];
  lines: Ref[];
}

/** An id with a display name. */
export interface Ref {
  id: string;
  name: string;
}

/** A unit of the org tree. */
export interface Unit {
  id: string;
  parentId: string | null;
  kind: UnitKind;
  name: string;
  code: string | null;
  sortOrder: number;
  path: string;
  peopleCount: number;
}

/** A row of the people list. */
export interface PersonSummary {
  id: string;
  staffNo: string;
  name: string;
  gender: Gender;
  unitId: string;
  unitName: string;
  post: string;
  rank: Rank;
  lines: Ref[];
  villages: Ref[];
}

/** One assignment of a person (任职记录). */
export interface Assignment {
  id: string;
  unitId: string;
  unitName: string;
  post: string;
  rank: Rank;
  validFrom: string;
  validTo: string | null;
  reason: string | null;
}

/** A person with history. */
export interface Person extends PersonSummary {
  birthDate: string | null;
  phone: string | null;
  history: Assignment[];
}

/** Filters of the people list (and export). */
export interface PeopleFilter {
  q?: string;
  unitId?: string;
  subtree?: boolean;
  rank?: Rank;
  lineId?: string;
  page?: number;
  pageSize?: number;
}

/** A grant as sent to the server. */
export interface GrantInput {
  role: Role;
  scope: Scope;
  unitId: string | null;
}

/** A row of the accounts list. */
export interface AccountSummary {
  id: string;
  username: string;
  personId: string | null;
  personName: string | null;
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  grants: Grant[];
}

/** One audit record. */
export interface AuditEntry {
  id: string;
  at: string;
  actorAccountId: string | null;
  actorUsername: string;
  action: string;
  objectType: string;
  objectId: string | null;
  result: 'success' | 'failure' | 'denied';
  detail: unknown;
  ip: string | null;
}

/** Filters of the audit log. */
export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  objectType?: string;
  result?: AuditEntry['result'];
  page?: number;
  pageSize?: number;
}

/** One problem found in an import file (the server sends core's ImportError). */
export type ImportProblem = ImportError;

// ---------------------------------------------------------------- assessment (docs/api.md)

/** A scheme in the list: its latest version. */
export interface SchemeSummary {
  key: string;
  version: number;
  name: Label;
  audience: Scheme['audience'];
  versions: number;
  createdAt: string;
}

/** One stored version of a scheme. */
export interface SchemeVersion {
  key: string;
  version: number;
  name: Label;
  audience: Scheme['audience'];
  createdAt: string;
  createdBy: string | null;
  note: string | null;
  scheme: Scheme;
}

/** A version without its scheme (version history). */
export type SchemeVersionInfo = Omit<SchemeVersion, 'scheme'>;

/** A problem core's `validateScheme` found (the server sends the same). */
export type SchemeProblem = CoreSchemeProblem;

/** A built-in scheme template. */
export interface SchemeTemplate {
  key: string;
  name: Label;
  audience: Scheme['audience'];
  description: Label | null;
}

/** An assessment period (考核周期). */
export interface AssessmentPeriod {
  id: string;
  name: string;
  kind: PeriodKind;
  assessment: AssessmentKind;
  startsOn: string;
  endsOn: string;
  schemeKey: string;
  schemeVersion: number;
  status: PeriodStatus;
  closedAt: string | null;
  reopenReason: string | null;
  computedAt: string | null;
  createdAt: string;
}

/** A recorded fact as the API shows it (names resolved). */
export interface FactRow {
  id: string;
  periodId: string;
  subject: { kind: 'person' | 'unit'; id: string; name: string };
  indicator: string;
  indicatorLabel: Label | null;
  method: string | null;
  value: Decimal | null;
  payload: Record<string, unknown>;
  source: FactSource;
  evidence: Evidence;
  recordedBy: Ref | null;
  recordedAt: string;
  supersedes: string | null;
  supersededBy: string | null;
}

/** Body of POST /api/facts. */
export interface NewFact {
  periodId: string;
  subject: { kind: 'person' | 'unit'; id: string };
  indicator: string;
  value: Decimal | null;
  payload?: Record<string, unknown>;
  evidence?: Evidence;
  supersedes?: string;
}

/** A person's place in one ranking group. */
export interface RankPlace {
  rank: number;
  groupSize: number;
  /** How many people share this rank (1 = nobody else). */
  tied: number;
}

/** Grades a result row can carry; `undecided` = tied at the excellent quota boundary. */
export type GradeCode = 'excellent' | 'competent' | 'basic' | 'incompetent' | 'undecided';

/** One person's result in a period. */
export interface ResultRow {
  personId: string;
  name: string;
  staffNo: string;
  unitId: string;
  unitName: string;
  assessmentUnitId: string;
  assessmentUnitName: string;
  post: string;
  rank: Rank;
  common: Decimal;
  individual: Decimal;
  total: Decimal;
  coefficient: Decimal;
  index: Decimal;
  ranks: {
    unit: RankPlace;
    tenant: RankPlace;
    lines: (RankPlace & { lineId: string; lineName: string })[];
  };
  grade: GradeCode;
  boundaryTie: boolean;
  gradeReason: Label;
  bonusCents: number | null;
  literalCents: number | null;
}

/** Grades and bonus pool of one assessment unit. */
export interface UnitSummary {
  unitId: string;
  unitName: string;
  headcount: number;
  quota: number;
  excellent: number;
  competent: number;
  basic: number;
  incompetent: number;
  undecided: number;
  placesLeft: number;
  bonus: null | {
    poolCents: number;
    allocatedCents: number;
    unallocatedCents: number;
    literalTotalCents: number;
    literalDifferenceCents: number;
    pointValueCents: Decimal | null;
  };
}

/** GET /api/periods/:id/results */
export interface PeriodResults {
  period: AssessmentPeriod;
  computedAt: string | null;
  items: ResultRow[];
  total: number;
  units: UnitSummary[];
}

/** Filters of the results list (and export). */
export interface ResultsFilter {
  unitId?: string;
  lineId?: string;
  grade?: GradeCode;
  q?: string;
  sort?: 'tenant' | 'unit' | 'index';
  page?: number;
  pageSize?: number;
}

/** A promotion or accountability signal awaiting (or after) a human decision. */
export interface SignalRow {
  id: string;
  ruleKey: string;
  kind: 'promotion' | 'accountability';
  personId: string;
  personName: string;
  periodId: string;
  scope: string;
  groupId: string;
  proposes: {
    promotionPoints?: Decimal;
    seniorityMonths?: number;
    action?: 'interview-leader' | 'withhold-annual-bonus' | 'note';
  };
  reason: { text: Label; rank?: number; groupSize?: number } & Record<string, unknown>;
  status: 'pending' | 'confirmed' | 'dismissed';
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
}

/** A node of a person's score breakdown. */
export interface ScoreNode {
  key: string;
  label: Label;
  max: Decimal | null;
  method: string | null;
  points: Decimal;
  raw: Decimal;
  capped: boolean;
  factIds: string[];
  explain: Label[];
  children: ScoreNode[];
}

/** GET /api/people/:id/score and /api/me/score */
export interface PersonScoreView {
  period: AssessmentPeriod;
  person: {
    id: string;
    name: string;
    staffNo: string;
    unitId: string;
    unitName: string;
    post: string;
    rank: Rank;
  };
  schemeKey: string;
  schemeVersion: number;
  common: Decimal;
  individual: Decimal;
  total: Decimal;
  coefficient: Decimal;
  index: Decimal;
  result: ResultRow | null;
  nodes: ScoreNode[];
  facts: FactRow[];
  warnings: { code: string; indicator: string; message: Label }[];
}
