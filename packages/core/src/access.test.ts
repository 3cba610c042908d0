import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  actions,
  allowedActions,
  authorize,
  authorizeFactMethod,
  policy,
  roles,
  scopes,
  validateGrant,
  visibility,
  type Action,
  type Grant,
  type Role,
  type Scope,
  type Subject,
  type Target,
} from './access.ts';

// A small tree: county ⊃ town ⊃ townSection, county ⊃ dept.
const units = {
  county: { unitId: 'county', unitPath: '/county/' },
  town: { unitId: 'town', unitPath: '/county/town/' },
  townSection: { unitId: 'townSection', unitPath: '/county/town/townSection/' },
  dept: { unitId: 'dept', unitPath: '/county/dept/' },
} as const;
type UnitKey = keyof typeof units;

const grant = (role: Role, scope: Scope, unit: UnitKey | null): Grant => ({
  role,
  scope,
  unitId: unit === null ? null : units[unit].unitId,
  unitPath: unit === null ? null : units[unit].unitPath,
});

const subject = (personId: string | null, ...grants: Grant[]): Subject => ({
  accountId: 'acc',
  personId,
  grants,
});

const unitTarget = (key: UnitKey): Target => ({ kind: 'unit', ...units[key] });
const personTarget = (personId: string, key: UnitKey): Target => ({
  kind: 'person',
  personId,
  ...units[key],
});
const tenant: Target = { kind: 'tenant' };

// The fixture accounts the server tests use, one per role.
const fixtures: Record<Role, Subject> = {
  system_admin: subject('admin', grant('system_admin', 'tenant', null)),
  assessment_office: subject('office', grant('assessment_office', 'tenant', null)),
  supervision_office: subject('supervisor', grant('supervision_office', 'tenant', null)),
  leader: subject('leader', grant('leader', 'subtree', 'town')),
  unit_head: subject('head', grant('unit_head', 'own_unit', 'townSection')),
  cadre: subject('cadre', grant('cadre', 'own_unit', 'townSection')),
};

describe(authorize, () => {
  type Row = [Role, Action, string, Target, boolean];
  const table: Row[] = [
    // unit.read: every role within its scope.
    ['system_admin', 'unit.read', 'dept', unitTarget('dept'), true],
    ['leader', 'unit.read', 'town (anchor)', unitTarget('town'), true],
    ['leader', 'unit.read', 'townSection (below)', unitTarget('townSection'), true],
    ['leader', 'unit.read', 'county (above)', unitTarget('county'), false],
    ['leader', 'unit.read', 'dept (sibling)', unitTarget('dept'), false],
    ['unit_head', 'unit.read', 'own unit', unitTarget('townSection'), true],
    ['unit_head', 'unit.read', 'parent', unitTarget('town'), false],
    ['cadre', 'unit.read', 'own unit', unitTarget('townSection'), true],
    ['cadre', 'unit.read', 'other unit', unitTarget('dept'), false],
    // unit.write: only the assessment office.
    ['assessment_office', 'unit.write', 'any unit', unitTarget('townSection'), true],
    ['system_admin', 'unit.write', 'any unit', unitTarget('townSection'), false],
    ['supervision_office', 'unit.write', 'any unit', unitTarget('county'), false],
    ['leader', 'unit.write', 'own subtree', unitTarget('town'), false],
    ['unit_head', 'unit.write', 'own unit', unitTarget('townSection'), false],
    // person.read: scoped, and self-only for a cadre.
    ['leader', 'person.read', 'person below', personTarget('cadre', 'townSection'), true],
    ['leader', 'person.read', 'person outside', personTarget('deptCadre', 'dept'), false],
    ['unit_head', 'person.read', 'person in unit', personTarget('cadre', 'townSection'), true],
    ['unit_head', 'person.read', 'person above', personTarget('leader', 'town'), false],
    ['cadre', 'person.read', 'self', personTarget('cadre', 'townSection'), true],
    ['cadre', 'person.read', 'colleague same unit', personTarget('head', 'townSection'), false],
    ['cadre', 'person.read', 'unit as target', unitTarget('townSection'), false],
    ['system_admin', 'person.read', 'anyone', personTarget('deptCadre', 'dept'), true],
    ['supervision_office', 'person.read', 'anyone', personTarget('cadre', 'townSection'), true],
    // person.write / import / export.
    ['assessment_office', 'person.write', 'anyone', personTarget('cadre', 'townSection'), true],
    ['cadre', 'person.write', 'self', personTarget('cadre', 'townSection'), false],
    ['leader', 'person.write', 'below', personTarget('cadre', 'townSection'), false],
    ['system_admin', 'person.write', 'anyone', personTarget('cadre', 'townSection'), false],
    ['assessment_office', 'person.import', 'tenant', tenant, true],
    ['supervision_office', 'person.import', 'tenant', tenant, false],
    ['supervision_office', 'person.export', 'tenant', tenant, true],
    ['leader', 'person.export', 'own subtree', unitTarget('town'), false],
    // tenant-level actions.
    ['system_admin', 'account.read', 'tenant', tenant, true],
    ['system_admin', 'account.write', 'tenant', tenant, true],
    ['system_admin', 'audit.read', 'tenant', tenant, true],
    ['assessment_office', 'account.write', 'tenant', tenant, false],
    ['assessment_office', 'audit.read', 'tenant', tenant, false],
    ['leader', 'audit.read', 'tenant', tenant, false],
    ['cadre', 'account.read', 'tenant', tenant, false],
    // assessment: schemes, periods, results and the ledger are tenant-level writes.
    ['assessment_office', 'scheme.write', 'tenant', tenant, true],
    ['assessment_office', 'period.write', 'tenant', tenant, true],
    ['assessment_office', 'result.write', 'tenant', tenant, true],
    ['supervision_office', 'scheme.write', 'tenant', tenant, false],
    ['leader', 'period.write', 'tenant', tenant, false],
    ['leader', 'result.write', 'tenant', tenant, false],
    ['system_admin', 'ledger.verify', 'tenant', tenant, true],
    ['assessment_office', 'ledger.verify', 'tenant', tenant, false],
    ['cadre', 'scheme.read', 'tenant', tenant, false],
    // facts and results: scoped like people.
    ['leader', 'fact.write', 'person below', personTarget('cadre', 'townSection'), true],
    ['leader', 'fact.write', 'person outside', personTarget('deptCadre', 'dept'), false],
    ['unit_head', 'fact.write', 'own unit', unitTarget('townSection'), true],
    ['unit_head', 'fact.write', 'parent unit', unitTarget('town'), false],
    ['cadre', 'fact.write', 'self', personTarget('cadre', 'townSection'), false],
    ['system_admin', 'fact.write', 'anyone', personTarget('cadre', 'townSection'), false],
    ['supervision_office', 'result.read', 'anyone', personTarget('deptCadre', 'dept'), true],
    ['unit_head', 'result.read', 'person above', personTarget('leader', 'town'), false],
    ['cadre', 'result.read', 'self', personTarget('cadre', 'townSection'), false],
    // score: scoped, self-only for a cadre.
    ['cadre', 'score.read', 'self', personTarget('cadre', 'townSection'), true],
    ['cadre', 'score.read', 'colleague', personTarget('head', 'townSection'), false],
    ['unit_head', 'score.read', 'person in unit', personTarget('cadre', 'townSection'), true],
    ['system_admin', 'score.read', 'anyone', personTarget('cadre', 'townSection'), false],
  ];

  it.each(table)('%s %s on %s → %s', (role, action, _label, target, expected) => {
    expect(authorize(fixtures[role], action, target).ok).toBe(expected);
  });

  it('refuses a unit-scoped action on the tenant as a whole unless the grant is tenant-wide', () => {
    expect(authorize(fixtures.leader, 'unit.read', tenant).ok).toBe(false);
    expect(authorize(fixtures.system_admin, 'unit.read', tenant).ok).toBe(true);
  });

  it.each([
    ['own_unit', 'townSection'],
    ['subtree', 'county'],
  ] as const)(
    'needs tenant scope for tenant-level actions: system_admin with %s scope is refused',
    (scope, unit) => {
      const s = subject('admin', grant('system_admin', scope, unit));
      for (const action of ['account.read', 'account.write', 'audit.read'] as const) {
        expect(authorize(s, action, tenant).ok).toBe(false);
        expect(authorize(s, action, unitTarget('townSection')).ok).toBe(false);
      }
    },
  );

  it('lets a cadre without a linked person see nobody, not even “self”', () => {
    const s = subject(null, grant('cadre', 'own_unit', 'townSection'));
    expect(authorize(s, 'person.read', personTarget('cadre', 'townSection')).ok).toBe(false);
  });

  it('treats a sibling whose id shares a prefix as outside a subtree', () => {
    const s = subject('x', grant('leader', 'subtree', 'town'));
    const lookalike: Target = { kind: 'unit', unitId: 'town2', unitPath: '/county/town2/' };
    expect(authorize(s, 'unit.read', lookalike).ok).toBe(false);
  });

  it('grants the union of several grants', () => {
    const s = subject(
      'head',
      grant('unit_head', 'own_unit', 'townSection'),
      grant('leader', 'subtree', 'dept'),
    );
    expect(authorize(s, 'person.read', personTarget('cadre', 'townSection')).ok).toBe(true);
    expect(authorize(s, 'person.read', personTarget('deptCadre', 'dept')).ok).toBe(true);
    expect(authorize(s, 'person.read', personTarget('leader', 'town')).ok).toBe(false);
  });

  it('returns forbidden as a value, never throws', () => {
    expect(authorize(subject('x'), 'unit.read', tenant)).toEqual({
      ok: false,
      reason: 'forbidden',
    });
  });

  it('never allows an action that the policy does not give the role (property)', () => {
    const arbGrant = fc.record({
      role: fc.constantFrom(...roles),
      scope: fc.constantFrom(...scopes),
      unit: fc.constantFrom<UnitKey>('county', 'town', 'townSection', 'dept'),
    });
    const arbTarget = fc.oneof(
      fc.constant(tenant),
      fc.constantFrom<UnitKey>('county', 'town', 'townSection', 'dept').map(unitTarget),
      fc
        .tuple(fc.constantFrom('cadre', 'head', 'me'), fc.constantFrom<UnitKey>('town', 'dept'))
        .map(([p, u]) => personTarget(p, u)),
    );
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 4 }),
        fc.constantFrom(...actions),
        arbTarget,
        (gs, action, target) => {
          const s = subject(
            'me',
            ...gs.map((g) => grant(g.role, g.scope, g.scope === 'tenant' ? null : g.unit)),
          );
          if (authorize(s, action, target).ok) {
            expect(gs.some((g) => policy[g.role][action] !== undefined)).toBe(true);
            expect(allowedActions(s.grants)).toContain(action);
          }
        },
      ),
    );
  });
});

describe(authorizeFactMethod, () => {
  const cadre = personTarget('cadre', 'townSection');
  it.each([
    ['assessment_office', 'deduction', cadre, true],
    ['assessment_office', 'workflow', cadre, true],
    ['supervision_office', 'deduction', cadre, true],
    ['supervision_office', 'clause', cadre, true],
    ['supervision_office', 'discretionary', cadre, false],
    ['supervision_office', 'rating-average', cadre, false],
    ['leader', 'task-force', cadre, true],
    ['leader', 'discretionary', cadre, true],
    ['leader', 'discretionary', personTarget('deptCadre', 'dept'), false],
    ['leader', 'deduction', cadre, false],
    ['unit_head', 'rating-average', cadre, true],
    ['unit_head', 'graded-choice', cadre, true],
    ['unit_head', 'rating-average', personTarget('leader', 'town'), false],
    ['unit_head', 'discretionary', cadre, false],
    ['cadre', 'rating-average', cadre, false],
    ['system_admin', 'deduction', cadre, false],
  ] as const)('%s records %s → %s', (role, method, target, expected) => {
    expect(authorizeFactMethod(fixtures[role], method, target).ok).toBe(expected);
  });

  it('needs the method and the scope on the same grant', () => {
    const s = subject(
      'x',
      grant('unit_head', 'own_unit', 'dept'),
      grant('leader', 'subtree', 'town'),
    );
    // unit_head may rate but only in dept; leader covers townSection but may not grade.
    expect(authorizeFactMethod(s, 'graded-choice', personTarget('cadre', 'townSection')).ok).toBe(
      false,
    );
    expect(authorizeFactMethod(s, 'graded-choice', unitTarget('dept')).ok).toBe(true);
  });

  it('never allows what fact.write does not allow (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...roles),
        fc.constantFrom('deduction', 'clause', 'discretionary', 'task-force', 'rating-average'),
        fc.constantFrom<UnitKey>('county', 'town', 'townSection', 'dept'),
        (role, method, unit) => {
          const s = fixtures[role];
          if (authorizeFactMethod(s, method, unitTarget(unit)).ok)
            expect(authorize(s, 'fact.write', unitTarget(unit)).ok).toBe(true);
        },
      ),
    );
  });
});

describe(visibility, () => {
  it.each([
    ['system_admin', 'person.read', { kind: 'all' }],
    ['assessment_office', 'unit.read', { kind: 'all' }],
    ['system_admin', 'unit.write', { kind: 'none' }],
    [
      'leader',
      'person.read',
      { kind: 'some', pathPrefixes: ['/county/town/'], unitIds: [], personIds: [] },
    ],
    [
      'unit_head',
      'person.read',
      { kind: 'some', pathPrefixes: [], unitIds: ['townSection'], personIds: [] },
    ],
    ['cadre', 'person.read', { kind: 'some', pathPrefixes: [], unitIds: [], personIds: ['cadre'] }],
    [
      'cadre',
      'unit.read',
      { kind: 'some', pathPrefixes: [], unitIds: ['townSection'], personIds: [] },
    ],
    ['leader', 'person.export', { kind: 'none' }],
    ['leader', 'audit.read', { kind: 'none' }],
  ] as const)('%s %s → %j', (role, action, expected) => {
    expect(visibility(fixtures[role], action)).toEqual(expected);
  });

  it('unions several grants and removes duplicates', () => {
    const s = subject(
      'head',
      grant('unit_head', 'own_unit', 'townSection'),
      grant('leader', 'subtree', 'town'),
      grant('leader', 'subtree', 'town'),
      grant('cadre', 'own_unit', 'dept'),
    );
    expect(visibility(s, 'person.read')).toEqual({
      kind: 'some',
      pathPrefixes: ['/county/town/'],
      unitIds: ['townSection'],
      personIds: ['head'],
    });
  });

  it('is all as soon as one grant reaches the whole tenant', () => {
    const s = subject(
      'x',
      grant('leader', 'subtree', 'town'),
      grant('supervision_office', 'tenant', null),
    );
    expect(visibility(s, 'person.read')).toEqual({ kind: 'all' });
  });

  it('never widens tenant-level actions to units', () => {
    const s = subject('x', grant('system_admin', 'subtree', 'county'));
    expect(visibility(s, 'audit.read')).toEqual({ kind: 'none' });
    expect(visibility(s, 'account.read')).toEqual({ kind: 'none' });
  });

  const arbGrant: fc.Arbitrary<Grant> = fc
    .record({
      role: fc.constantFrom(...roles),
      scope: fc.constantFrom(...scopes),
      unit: fc.constantFrom<UnitKey>('county', 'town', 'townSection', 'dept'),
    })
    .map((g) => grant(g.role, g.scope, g.scope === 'tenant' ? null : g.unit));

  const covers = (v: ReturnType<typeof visibility>, t: { personId: string } & Target): boolean => {
    if (v.kind === 'all') return true;
    if (v.kind === 'none' || t.kind === 'tenant') return false;
    return (
      v.pathPrefixes.some((p) => t.unitPath.startsWith(p)) ||
      v.unitIds.includes(t.unitId) ||
      v.personIds.includes(t.personId)
    );
  };

  it('is monotone: adding a grant never hides a row that was visible (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 4 }),
        arbGrant,
        fc.constantFrom(...actions),
        fc.constantFrom<UnitKey>('county', 'town', 'townSection', 'dept'),
        fc.constantFrom('me', 'other'),
        (gs, extra, action, unit, personId) => {
          const row = personTarget(personId, unit) as { personId: string } & Target;
          const before = covers(visibility(subject('me', ...gs), action), row);
          const after = covers(visibility(subject('me', ...gs, extra), action), row);
          if (before) expect(after).toBe(true);
        },
      ),
    );
  });

  it('agrees with authorize on person rows for non-tenant-level actions (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 4 }),
        fc.constantFrom<Action>('unit.read', 'person.read', 'person.write', 'person.export'),
        fc.constantFrom<UnitKey>('county', 'town', 'townSection', 'dept'),
        fc.constantFrom('me', 'other'),
        (gs, action, unit, personId) => {
          const s = subject('me', ...gs);
          const row = personTarget(personId, unit) as { personId: string } & Target;
          expect(covers(visibility(s, action), row)).toBe(authorize(s, action, row).ok);
        },
      ),
    );
  });
});

describe(allowedActions, () => {
  it.each([
    [
      'system_admin',
      ['unit.read', 'person.read', 'account.read', 'account.write', 'audit.read', 'ledger.verify'],
    ],
    [
      'assessment_office',
      [
        'unit.read',
        'unit.write',
        'person.read',
        'person.write',
        'person.import',
        'person.export',
        'scheme.read',
        'scheme.write',
        'period.read',
        'period.write',
        'fact.read',
        'fact.write',
        'result.read',
        'result.write',
        'score.read',
        'work.read',
        'work.write',
        'work.config',
        'supervision.read',
        'supervision.run',
        'workload.read',
        'taskforce.write',
        'document.read',
        'document.write',
      ],
    ],
    [
      'supervision_office',
      [
        'unit.read',
        'person.read',
        'person.export',
        'scheme.read',
        'period.read',
        'fact.read',
        'fact.write',
        'result.read',
        'score.read',
        'work.read',
        'work.write',
        'work.config',
        'supervision.read',
        'supervision.run',
        'workload.read',
        'taskforce.write',
        'document.read',
        'document.write',
      ],
    ],
    [
      'leader',
      [
        'unit.read',
        'person.read',
        'scheme.read',
        'period.read',
        'fact.read',
        'fact.write',
        'result.read',
        'score.read',
        'work.read',
        'work.write',
        'supervision.read',
        'workload.read',
        'taskforce.write',
        'document.read',
        'document.write',
      ],
    ],
    [
      'unit_head',
      [
        'unit.read',
        'person.read',
        'scheme.read',
        'period.read',
        'fact.read',
        'fact.write',
        'result.read',
        'score.read',
        'work.read',
        'work.write',
        'supervision.read',
        'workload.read',
        'document.read',
        'document.write',
      ],
    ],
    [
      'cadre',
      [
        'unit.read',
        'person.read',
        'period.read',
        'score.read',
        'work.read',
        'workload.read',
        'document.read',
      ],
    ],
  ] as const)('%s → %j', (role, expected) => {
    expect(allowedActions(fixtures[role].grants)).toEqual(expected);
  });

  it('leaves out tenant-level actions of a role granted below tenant scope', () => {
    expect(allowedActions([grant('system_admin', 'subtree', 'county')])).toEqual([
      'unit.read',
      'person.read',
    ]);
  });

  it('allows nothing without grants', () => {
    expect(allowedActions([])).toEqual([]);
  });
});

describe(validateGrant, () => {
  it.each([
    ['leader', 'subtree', 'town', true],
    ['cadre', 'own_unit', 'townSection', true],
    ['system_admin', 'tenant', null, true],
    ['system_admin', 'tenant', 'county', true],
    ['leader', 'subtree', null, false],
    ['unit_head', 'own_unit', null, false],
  ] as const)('%s %s unit=%s → %s', (role, scope, unitId, expected) => {
    const result = validateGrant({ role, scope, unitId });
    expect(result.ok).toBe(expected);
    if (!result.ok)
      expect(result).toEqual({ ok: false, reason: 'grant-unit-required', field: 'unitId' });
  });
});
