import type {
  Action,
  Gender,
  Grant,
  ImportError,
  LocalText,
  Rank,
  Role,
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
