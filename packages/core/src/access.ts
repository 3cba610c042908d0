import { fail, ok, type Result } from './result.ts';

/** Roles an account can be granted (角色). */
export const roles = [
  'system_admin',
  'assessment_office',
  'supervision_office',
  'leader',
  'unit_head',
  'cadre',
] as const;
/** A role (系统管理员, 考核办, 督查室, 领导, 单位负责人, 干部). */
export type Role = (typeof roles)[number];

/** How far a grant reaches: its own unit, the unit and everything below it, or the whole tenant. */
export const scopes = ['own_unit', 'subtree', 'tenant'] as const;
/** Reach of a grant (本单位 / 本单位及下级 / 全县). */
export type Scope = (typeof scopes)[number];

/**
 * Every protected action. Unit-scoped actions are decided against the unit of the
 * object; tenant-level actions (accounts, audit) need a grant with scope `tenant`.
 */
export const actions = [
  'unit.read',
  'unit.write',
  'person.read',
  'person.write',
  'person.import',
  'person.export',
  'account.read',
  'account.write',
  'audit.read',
  'scheme.read',
  'scheme.write',
  'period.read',
  'period.write',
  'fact.read',
  'fact.write',
  'result.read',
  'result.write',
  'score.read',
  'ledger.verify',
  // work platform (issue 4)
  'work.read',
  'work.write',
  'work.config',
  'supervision.read',
  'supervision.run',
  'workload.read',
  'taskforce.write',
  'document.read',
  'document.write',
] as const;
/** A protected action. */
export type Action = (typeof actions)[number];

const tenantLevelActions: ReadonlySet<Action> = new Set([
  'account.read',
  'account.write',
  'audit.read',
  // Schemes, periods, pools, signal decisions and the ledger belong to the tenant as a whole.
  'scheme.write',
  'period.write',
  'result.write',
  'ledger.verify',
  // Categories, templates, role shares and light thresholds; the half-month supervision run.
  'work.config',
  'supervision.run',
]);

/** How a role may use an action: within its grant's scope, or only on the person it is. */
type Permission = 'grant' | 'self';

/**
 * The policy: role × action. Absent means denied. `self` means a cadre may only see
 * their own person record whatever the grant's scope.
 */
export const policy: Readonly<Record<Role, Partial<Record<Action, Permission>>>> = {
  system_admin: {
    'unit.read': 'grant',
    'person.read': 'grant',
    'account.read': 'grant',
    'account.write': 'grant',
    'audit.read': 'grant',
    'ledger.verify': 'grant',
  },
  assessment_office: {
    'unit.read': 'grant',
    'unit.write': 'grant',
    'person.read': 'grant',
    'person.write': 'grant',
    'person.import': 'grant',
    'person.export': 'grant',
    'scheme.read': 'grant',
    'scheme.write': 'grant',
    'period.read': 'grant',
    'period.write': 'grant',
    'fact.read': 'grant',
    'fact.write': 'grant',
    'result.read': 'grant',
    'result.write': 'grant',
    'score.read': 'grant',
    'work.read': 'grant',
    'work.write': 'grant',
    'work.config': 'grant',
    'supervision.read': 'grant',
    'supervision.run': 'grant',
    'workload.read': 'grant',
    'taskforce.write': 'grant',
    'document.read': 'grant',
    'document.write': 'grant',
  },
  supervision_office: {
    'unit.read': 'grant',
    'person.read': 'grant',
    'person.export': 'grant',
    'scheme.read': 'grant',
    'period.read': 'grant',
    'fact.read': 'grant',
    'fact.write': 'grant',
    'result.read': 'grant',
    'score.read': 'grant',
    'work.read': 'grant',
    'work.write': 'grant',
    'work.config': 'grant',
    'supervision.read': 'grant',
    'supervision.run': 'grant',
    'workload.read': 'grant',
    'taskforce.write': 'grant',
    'document.read': 'grant',
    'document.write': 'grant',
  },
  leader: {
    'unit.read': 'grant',
    'person.read': 'grant',
    'scheme.read': 'grant',
    'period.read': 'grant',
    'fact.read': 'grant',
    'fact.write': 'grant',
    'result.read': 'grant',
    'score.read': 'grant',
    'work.read': 'grant',
    'work.write': 'grant',
    'supervision.read': 'grant',
    'workload.read': 'grant',
    'taskforce.write': 'grant',
    'document.read': 'grant',
    'document.write': 'grant',
  },
  unit_head: {
    'unit.read': 'grant',
    'person.read': 'grant',
    'scheme.read': 'grant',
    'period.read': 'grant',
    'fact.read': 'grant',
    'fact.write': 'grant',
    'result.read': 'grant',
    'score.read': 'grant',
    'work.read': 'grant',
    'work.write': 'grant',
    'supervision.read': 'grant',
    'workload.read': 'grant',
    'document.read': 'grant',
    'document.write': 'grant',
  },
  // A cadre sees the periods (to pick one) and their own score with the facts behind it.
  cadre: {
    'unit.read': 'grant',
    'person.read': 'self',
    'period.read': 'grant',
    'score.read': 'self',
    'work.read': 'grant',
    'workload.read': 'self',
    'document.read': 'grant',
  },
};

/**
 * Which scoring methods each role may record facts for: `fact.write` on the subject is
 * necessary, and the indicator's method must be listed here for one of the grants that
 * covers the subject. The office records everything; supervision records deductions and
 * clauses; leaders task-force allocations, discretionary adjustments and ratings; unit
 * heads ratings and grades within their unit.
 */
export const factMethodsByRole: Readonly<Record<Role, 'all' | readonly string[]>> = {
  system_admin: [],
  assessment_office: 'all',
  supervision_office: ['deduction', 'clause'],
  leader: ['task-force', 'discretionary', 'rating-average'],
  unit_head: ['rating-average', 'graded-choice'],
  cadre: [],
};

/**
 * Decide whether a subject may record a fact fed to an indicator scored by `method` about
 * `target`: some grant must give `fact.write` over the target and list the method in
 * {@link factMethodsByRole}. Whether the fact touches the recorder's own score is a
 * separate rule (`checkFactRecording` in assessment).
 */
export function authorizeFactMethod(
  subject: Subject,
  method: string,
  target: Target,
): Result<true, 'forbidden'> {
  for (const grant of subject.grants) {
    if (policy[grant.role]['fact.write'] === undefined) continue;
    const methods = factMethodsByRole[grant.role];
    if (methods !== 'all' && !methods.includes(method)) continue;
    if (grantCovers(grant, target)) return ok(true);
  }
  return fail('forbidden');
}

/** One role granted to an account, anchored at a unit (null only for tenant scope). */
export interface Grant {
  readonly role: Role;
  readonly scope: Scope;
  readonly unitId: string | null;
  /** Materialised path of the anchor unit, `/root/…/unit/`; null for tenant scope. */
  readonly unitPath: string | null;
}

/** Who is acting: the account, the person it belongs to, and its grants. */
export interface Subject {
  readonly accountId: string;
  readonly personId: string | null;
  readonly grants: readonly Grant[];
}

/** What an action is aimed at. */
export type Target =
  | { readonly kind: 'tenant' }
  | { readonly kind: 'unit'; readonly unitId: string; readonly unitPath: string }
  | {
      readonly kind: 'person';
      readonly personId: string;
      readonly unitId: string;
      readonly unitPath: string;
    };

function grantCovers(grant: Grant, target: Target): boolean {
  if (grant.scope === 'tenant') return true;
  if (target.kind === 'tenant' || grant.unitPath === null) return false;
  if (grant.scope === 'own_unit') return target.unitId === grant.unitId;
  return target.unitPath.startsWith(grant.unitPath);
}

/**
 * Decide whether a subject may perform an action on a target. This is the only place
 * that looks at roles: every endpoint asks it.
 * @example authorize(subject, 'person.write', { kind: 'unit', unitId, unitPath })
 */
export function authorize(
  subject: Subject,
  action: Action,
  target: Target,
): Result<true, 'forbidden'> {
  for (const grant of subject.grants) {
    const permission = policy[grant.role][action];
    if (permission === undefined) continue;
    if (tenantLevelActions.has(action)) {
      if (grant.scope === 'tenant') return ok(true);
      continue;
    }
    if (permission === 'self') {
      if (target.kind === 'person' && target.personId === subject.personId) return ok(true);
      continue;
    }
    if (grantCovers(grant, target)) return ok(true);
  }
  return fail('forbidden');
}

/** Which rows of a list a subject may see for an action. */
export type Visibility =
  | { readonly kind: 'all' }
  | {
      readonly kind: 'some';
      /** Subtree roots: any unit whose path starts with one of these. */
      readonly pathPrefixes: readonly string[];
      /** Single units (own-unit grants). */
      readonly unitIds: readonly string[];
      /** Single people (self-only permissions). */
      readonly personIds: readonly string[];
    }
  | { readonly kind: 'none' };

/**
 * The union of everything a subject's grants let it see for an action, as a filter a
 * repository can apply in SQL.
 */
export function visibility(subject: Subject, action: Action): Visibility {
  const pathPrefixes: string[] = [];
  const unitIds: string[] = [];
  const personIds: string[] = [];
  for (const grant of subject.grants) {
    const permission = policy[grant.role][action];
    if (permission === undefined) continue;
    if (permission === 'self') {
      if (subject.personId !== null) personIds.push(subject.personId);
      continue;
    }
    if (grant.scope === 'tenant') return { kind: 'all' };
    if (tenantLevelActions.has(action)) continue;
    if (grant.scope === 'subtree' && grant.unitPath !== null) pathPrefixes.push(grant.unitPath);
    if (grant.scope === 'own_unit' && grant.unitId !== null) unitIds.push(grant.unitId);
  }
  if (pathPrefixes.length + unitIds.length + personIds.length === 0) return { kind: 'none' };
  return {
    kind: 'some',
    pathPrefixes: [...new Set(pathPrefixes)],
    unitIds: [...new Set(unitIds)],
    personIds: [...new Set(personIds)],
  };
}

/** The actions any of the grants allows somewhere; the web builds its menu from these. */
export function allowedActions(grants: readonly Grant[]): Action[] {
  return actions.filter((action) =>
    grants.some(
      (g) =>
        policy[g.role][action] !== undefined &&
        (!tenantLevelActions.has(action) || g.scope === 'tenant'),
    ),
  );
}

/** Check that a grant is well formed: unit-anchored scopes name a unit. */
export function validateGrant(grant: {
  role: Role;
  scope: Scope;
  unitId: string | null;
}): Result<true, 'grant-unit-required'> {
  if (grant.scope !== 'tenant' && grant.unitId === null)
    return fail('grant-unit-required', 'unitId');
  return ok(true);
}
