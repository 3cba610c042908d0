import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Gender, Rank, Role, Scope, UnitKind } from '@tianheng/core';

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
}

export type Tenant = Selectable<TenantTable>;
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type Person = Selectable<PersonTable>;
export type Account = Selectable<AccountTable>;
export type AuditEntry = Selectable<AuditLogTable>;
