import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  AssessmentKind,
  CardColour,
  CategoryKind,
  DocumentKind,
  Evidence,
  FactSource,
  Gender,
  GradeCode,
  LightColour,
  LocalText,
  NodeScore,
  PeriodKind,
  PeriodStatus,
  PersonGrade,
  PersonRanks,
  Rank,
  RankScope,
  Role,
  Scheme,
  Scope,
  Signal,
  SignalStatus,
  StepRole,
  StepState,
  TaskPriority,
  TaskStatus,
  TemplateStep,
  TieRule,
  UnitKind,
  UnitSupervision,
  WorkConfig,
  WorkEventKind,
} from '@tianheng/core';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Dates are read as `YYYY-MM-DD` strings (type parsers set in connect.ts). */
type DateOnly = ColumnType<string, string, string>;

/** A tenant: one county or organisation. */
export interface TenantTable {
  tenant_id: Generated<string>;
  code: string;
  name: string;
  time_zone: Generated<string>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
}

/** A unit of the org tree; `path` is `/root/…/self/`. */
export interface UnitTable {
  tenant_id: string;
  unit_id: Generated<string>;
  parent_id: string | null;
  kind: UnitKind;
  name: string;
  code: string | null;
  sort_order: Generated<number>;
  path: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A business line (条线) of a tenant. */
export interface BusinessLineTable {
  tenant_id: string;
  line_id: Generated<string>;
  name: string;
  sort_order: Generated<number>;
}

/** A person's stable attributes; unit, post and rank live in person_assignment. */
export interface PersonTable {
  tenant_id: string;
  person_id: Generated<string>;
  staff_no: string;
  name: string;
  gender: Gender;
  birth_date: DateOnly | null;
  phone: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A person's unit, post and rank from valid_from until valid_to (null = current). */
export interface PersonAssignmentTable {
  tenant_id: string;
  assignment_id: Generated<string>;
  person_id: string;
  unit_id: string;
  post: string;
  rank: Rank;
  valid_from: DateOnly;
  valid_to: DateOnly | null;
  reason: string | null;
  created_at: Generated<Date>;
}

/** Link of a person to a business line. */
export interface PersonLineTable {
  tenant_id: string;
  person_id: string;
  line_id: string;
}

/** Link of a person to a village they are responsible for (包村). */
export interface PersonVillageTable {
  tenant_id: string;
  person_id: string;
  unit_id: string;
}

/** A login account, optionally linked to a person. */
export interface AccountTable {
  tenant_id: string;
  account_id: Generated<string>;
  username: string;
  person_id: string | null;
  password_hash: string;
  must_change_password: Generated<boolean>;
  failed_count: Generated<number>;
  locked_until: Timestamp | null;
  disabled: Generated<boolean>;
  password_changed_at: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: Generated<Date>;
}

/** A role granted to an account with a scope anchored at a unit. */
export interface RoleGrantTable {
  tenant_id: string;
  grant_id: Generated<string>;
  account_id: string;
  role: Role;
  scope: Scope;
  unit_id: string | null;
}

/** A login session, stored by the hash of its cookie token. */
export interface SessionTable {
  tenant_id: string;
  session_hash: string;
  account_id: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

/** One audit record: who did what to which object, when, with what result. Append-only. */
export interface AuditLogTable {
  tenant_id: string;
  audit_id: ColumnType<string, never, never>;
  at: Timestamp;
  actor_account_id: string | null;
  actor_username: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  result: 'success' | 'failure' | 'denied';
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  ip: string | null;
}

/** One immutable version of an assessment scheme; `body` is the whole `Scheme` as JSON. */
export interface SchemeVersionTable {
  tenant_id: string;
  scheme_key: string;
  version: number;
  name: ColumnType<LocalText, string, never>;
  audience: string;
  body: ColumnType<Scheme, string, never>;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** An assessment period; the scheme version in force is frozen when it closes. */
export interface PeriodTable {
  tenant_id: string;
  period_id: Generated<string>;
  kind: PeriodKind;
  assessment: AssessmentKind;
  starts_on: DateOnly;
  ends_on: DateOnly;
  name: string;
  scheme_key: string;
  scheme_version: number;
  status: Generated<PeriodStatus>;
  closed_at: Timestamp | null;
  closed_by: string | null;
  reopened_at: Timestamp | null;
  reopened_by: string | null;
  reopen_reason: string | null;
  parent_period_id: string | null;
  computed_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** One append-only fact; `seq` is its place in the tenant's ledger. Numeric and int8 read as strings. */
export interface FactTable {
  tenant_id: string;
  fact_id: string;
  seq: ColumnType<string, string | number, never>;
  period_id: string;
  subject_kind: 'person' | 'unit';
  subject_id: string;
  indicator: string;
  value: string | null;
  payload: ColumnType<Record<string, unknown>, string, never>;
  source: FactSource;
  evidence: ColumnType<Evidence, string, never>;
  recorded_by: string | null;
  recorded_at: Timestamp;
  supersedes: string | null;
}

/** One entry of a tenant's hash-chained ledger. Append-only. */
export interface LedgerEntryTable {
  tenant_id: string;
  seq: ColumnType<string, string | number, never>;
  kind: 'fact' | 'scheme' | 'period' | 'work';
  ref_id: string;
  body: string | null;
  prev_hash: string;
  hash: string;
  algorithm: 'sha256' | 'sm3';
  created_at: Timestamp;
}

/** Summary of a period's stored results: tie rule, unit tables (grades, bonus), warnings. */
export interface PeriodResultTable {
  tenant_id: string;
  period_id: string;
  scheme_key: string;
  scheme_version: number;
  tie_rule: TieRule;
  people: number;
  units: ColumnType<unknown[], string, string>;
  warnings: ColumnType<unknown[], string, string>;
  computed_at: Timestamp;
}

/** One person's stored result in a period. Points as decimal strings, cents as int8 strings. */
export interface PersonResultTable {
  tenant_id: string;
  period_id: string;
  person_id: string;
  unit_id: string;
  assessment_unit_id: string;
  scheme_key: string;
  scheme_version: number;
  common: string;
  individual: string;
  total: string;
  coefficient: string;
  index_value: string;
  unit_rank: number;
  tenant_rank: number;
  line_ids: string[];
  ranks: ColumnType<PersonRanks, string, string>;
  grade: GradeCode | 'undecided';
  grade_reason: ColumnType<PersonGrade['reason'], string, string>;
  boundary_tie: boolean;
  bonus_cents: ColumnType<string | null, string | null, string | null>;
  literal_bonus_cents: ColumnType<string | null, string | null, string | null>;
  breakdown: ColumnType<NodeScore[], string, string>;
  computed_at: Timestamp;
}

/** Bonus pool of an assessment unit in a period, in cents. */
export interface PeriodPoolTable {
  tenant_id: string;
  period_id: string;
  unit_id: string;
  amount_cents: ColumnType<string, string | number, string | number>;
}

/** A promotion or accountability signal and its human decision. */
export interface SignalTable {
  tenant_id: string;
  signal_id: string;
  period_id: string;
  person_id: string;
  rule_key: string;
  kind: 'promotion' | 'accountability';
  scope: RankScope;
  group_id: string;
  proposes: ColumnType<Signal['proposes'], string, string>;
  reason: ColumnType<Signal['reason'], string, string>;
  status: Generated<SignalStatus>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  created_at: Generated<Date>;
}

// ---------------------------------------------------------------- work platform (0003)

type Json<T> = ColumnType<T, string, string>;

/** A tenant's work settings (core WorkConfig as JSON). */
export interface WorkConfigTable {
  tenant_id: string;
  body: Json<WorkConfig>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface WorkCategoryTable {
  tenant_id: string;
  category_id: Generated<string>;
  key: string;
  name: Json<LocalText>;
  kind: CategoryKind;
  sort_order: Generated<number>;
  archived: Generated<boolean>;
}

export interface WorkTemplateTable {
  tenant_id: string;
  template_id: Generated<string>;
  key: string;
  name: Json<LocalText>;
  category_kind: CategoryKind | null;
  steps: Json<TemplateStep[]>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Points as decimal strings (numeric). */
export interface TaskForceTable {
  tenant_id: string;
  task_force_id: Generated<string>;
  name: string;
  leader_person_id: string;
  base_points: string;
  allocation_pool: string;
  status: Generated<'active' | 'closed'>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface TaskForceMemberTable {
  tenant_id: string;
  task_force_id: string;
  person_id: string;
  joined_at: Generated<Date>;
}

export interface TaskTable {
  tenant_id: string;
  task_id: Generated<string>;
  category_id: string;
  title: string;
  description: Generated<string>;
  responsible_unit_id: string;
  lead_unit_id: string | null;
  cooperating_unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  leader_person_id: string | null;
  starts_on: DateOnly;
  due_on: DateOnly;
  priority: Generated<TaskPriority>;
  attachments: ColumnType<string[], string | undefined, string>;
  template_key: string | null;
  task_force_id: string | null;
  status: Generated<TaskStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StepTable {
  tenant_id: string;
  step_id: Generated<string>;
  task_id: string;
  seq: number;
  name: string;
  unit_id: string;
  planned_start: DateOnly;
  planned_end: DateOnly;
  actual_start: Timestamp | null;
  actual_end: Timestamp | null;
  points: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  review_required: Generated<boolean>;
  state: Generated<StepState>;
  flagged: Generated<boolean>;
  flag_note: string | null;
  light: Generated<LightColour>;
  light_at: Timestamp | null;
  updated_at: Generated<Date>;
}

export interface StepAssigneeTable {
  tenant_id: string;
  step_id: string;
  role: StepRole;
  person_id: string;
}

/** Append-only work history, chained into the ledger (kind `work`). */
export interface WorkEventTable {
  tenant_id: string;
  event_id: Generated<string>;
  kind: WorkEventKind;
  task_id: string | null;
  step_id: string | null;
  actor_person_id: string | null;
  actor_account_id: string | null;
  at: Timestamp;
  body: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface MonthPlanItemTable {
  tenant_id: string;
  month: string;
  step_id: string;
  task_id: string;
  unit_id: string;
  lead_unit_id: string | null;
  planned_end: DateOnly;
  added_at: Generated<Date>;
}

export interface WorkCardTable {
  tenant_id: string;
  month: string;
  task_id: string;
  unit_id: string;
  card_as: 'responsible' | 'lead';
  colour: CardColour;
  planned: number;
  done: number;
  issued_at: Timestamp;
}

export interface SupervisionRunTable {
  tenant_id: string;
  run_id: Generated<string>;
  window_key: string;
  starts_on: DateOnly;
  ends_on: DateOnly;
  run_at: Timestamp;
  run_by: string | null;
  units: Json<UnitSupervision[]>;
  facts_written: Generated<number>;
}

export interface WorkDocumentTable {
  tenant_id: string;
  document_id: Generated<string>;
  kind: DocumentKind;
  title: string;
  body: Generated<string>;
  attachments: ColumnType<string[], string | undefined, string>;
  read_by: Timestamp | null;
  published_by: string | null;
  published_at: Timestamp;
}

export interface DocumentRecipientTable {
  tenant_id: string;
  document_id: string;
  person_id: string;
  via_unit_id: string | null;
  read_at: Timestamp | null;
}

export interface NotificationTable {
  tenant_id: string;
  notification_id: Generated<string>;
  person_id: string;
  kind: string;
  title: Json<LocalText>;
  body: ColumnType<LocalText | null, string | null, string | null>;
  link: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

/** An uploaded file (ADR 0011); referred to as `att:<id>:<sha256>`. */
export interface AttachmentTable {
  tenant_id: string;
  attachment_id: Generated<string>;
  name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

/** The whole database as Kysely sees it. */
export interface Database {
  tenant: TenantTable;
  unit: UnitTable;
  business_line: BusinessLineTable;
  person: PersonTable;
  person_assignment: PersonAssignmentTable;
  person_line: PersonLineTable;
  person_village: PersonVillageTable;
  account: AccountTable;
  role_grant: RoleGrantTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  scheme_version: SchemeVersionTable;
  period: PeriodTable;
  fact: FactTable;
  ledger_entry: LedgerEntryTable;
  period_result: PeriodResultTable;
  person_result: PersonResultTable;
  period_pool: PeriodPoolTable;
  signal: SignalTable;
  work_config: WorkConfigTable;
  work_category: WorkCategoryTable;
  work_template: WorkTemplateTable;
  task_force: TaskForceTable;
  task_force_member: TaskForceMemberTable;
  task: TaskTable;
  step: StepTable;
  step_assignee: StepAssigneeTable;
  work_event: WorkEventTable;
  month_plan_item: MonthPlanItemTable;
  work_card: WorkCardTable;
  supervision_run: SupervisionRunTable;
  work_document: WorkDocumentTable;
  document_recipient: DocumentRecipientTable;
  notification: NotificationTable;
  attachment: AttachmentTable;
}

export type Tenant = Selectable<TenantTable>;
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type Person = Selectable<PersonTable>;
export type Account = Selectable<AccountTable>;
export type AuditEntry = Selectable<AuditLogTable>;
