/**
 * The acceptance test of access control: every /api route × every fixture role (plus an
 * anonymous caller and an account that still has to change its initial password), on
 * targets inside and outside the caller's scope, the caller's own records, and ids of
 * another tenant. The route list comes from the OpenAPI description, so a new route
 * without rows here fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPath, roles, type Role } from '@tianheng/core';
import { testBackends } from '@tianheng/db/testing';
import type { LightMyRequestResponse } from 'fastify';
import { systemContext } from './context.ts';
import { createAccount } from './services/account.service.ts';
import { recordFact } from './services/fact.service.ts';
import { createPeriod } from './services/period.service.ts';
import { createSchemeFromTemplate } from './services/scheme.service.ts';
import { FIXTURE_PASSWORD, openTestApp, type TestApp } from './testing.ts';
import {
  seedWorkMatrix,
  workMatrix,
  workRunOrder,
  type WorkMatrixFixture,
} from './access-cases/work.ts';
import {
  seedSupervisionMatrix,
  supervisionMatrix,
  supervisionRunOrder,
  type SupervisionMatrixFixture,
} from './access-cases/supervision.ts';

/** Who calls: a fixture role, nobody, or an account that must change its password first. */
type Caller = Role | 'anonymous' | 'initial';
const callers: readonly Caller[] = [...roles, 'anonymous', 'initial'];

/**
 * - ok: 2xx
 * - forbidden: 403; notFound: 404; unauthenticated: 401
 * - mustChange: 403 password-change-required
 * - passed: access was granted and the input decided the outcome (any 2xx/4xx except 401/403/404)
 * - hidden: 403 or 404, never 2xx (other-tenant ids for callers who lack the action anyway)
 */
type Outcome =
  'ok' | 'forbidden' | 'notFound' | 'unauthenticated' | 'mustChange' | 'passed' | 'hidden';

interface Request {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  payload?: object;
  multipart?: Buffer;
}

interface Case {
  label: string;
  request: (caller: Caller) => Request;
  expect: Record<Caller, Outcome>;
  /** Use a session of its own (logout ends it). */
  freshSession?: boolean;
}

/** Signed-in routes: each role's outcome, anonymous 401, the initial-password account 403. */
function signedIn(byRole: Partial<Record<Role, Outcome>>, otherwise: Outcome) {
  return {
    ...(Object.fromEntries(roles.map((r) => [r, byRole[r] ?? otherwise])) as Record<Role, Outcome>),
    anonymous: 'unauthenticated',
    initial: 'mustChange',
  } satisfies Record<Caller, Outcome>;
}
const only = (
  allowed: readonly Role[],
  outcome: Outcome = 'ok',
  otherwise: Outcome = 'forbidden',
) => signedIn(Object.fromEntries(allowed.map((r) => [r, outcome])), otherwise);
const everyRole = (outcome: Outcome) => signedIn({}, outcome);
const tenantRoles = ['system_admin', 'assessment_office', 'supervision_office'] as const;

/** Reads first, then the writes that reshape the fixture (moves, new units and people). */
const runOrder = [
  'GET /api/health',
  'GET /api/meta',
  'GET /api/auth/me',
  'GET /api/lookups',
  'GET /api/units',
  'GET /api/units/{id}',
  'GET /api/people',
  'GET /api/people/{id}',
  'GET /api/people/export',
  'GET /api/import/template',
  'GET /api/attachments',
  'GET /api/attachments/{id}',
  'GET /api/attachments/{id}/meta',
  'POST /api/attachments',
  'GET /api/accounts',
  'GET /api/audit',
  'GET /api/schemes',
  'GET /api/schemes/templates',
  'GET /api/schemes/json-schema',
  'GET /api/schemes/{key}',
  'GET /api/schemes/{key}/versions',
  'GET /api/schemes/{key}/versions/{version}',
  'GET /api/schemes/{key}/versions/{version}/export',
  'GET /api/periods',
  'GET /api/periods/{id}',
  'GET /api/facts',
  'GET /api/facts/{id}',
  'GET /api/facts/template',
  'GET /api/periods/{id}/results',
  'GET /api/periods/{id}/results/export',
  'GET /api/periods/{id}/pools',
  'GET /api/periods/{id}/signals',
  'GET /api/people/{id}/score',
  'GET /api/me/score',
  'GET /api/ledger/verify',
  'POST /api/auth/login',
  'POST /api/auth/password',
  'POST /api/units',
  'PATCH /api/units/{id}',
  'POST /api/units/{id}/move',
  'POST /api/people',
  'PATCH /api/people/{id}',
  'POST /api/people/{id}/move',
  'POST /api/import',
  'POST /api/accounts',
  'PATCH /api/accounts/{id}',
  'PUT /api/accounts/{id}/grants',
  'POST /api/accounts/{id}/reset-password',
  'POST /api/accounts/{id}/unlock',
  'POST /api/schemes/validate',
  'POST /api/schemes',
  'POST /api/schemes/from-template',
  'POST /api/periods',
  'POST /api/facts',
  'POST /api/facts/import',
  'PUT /api/periods/{id}/pools/{unitId}',
  'POST /api/periods/{id}/recompute',
  'POST /api/signals/{id}/decision',
  'POST /api/periods/{id}/close',
  'POST /api/periods/{id}/reopen',
  ...workRunOrder,
  ...supervisionRunOrder,
  'POST /api/auth/logout',
] as const;

const boundary = 'tianheng-matrix-boundary';
const notAnXlsx = Buffer.concat([
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.xlsx"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  ),
  Buffer.from('this is not a spreadsheet'),
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);

const aTextFile = Buffer.concat([
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\n` +
      'Content-Type: text/plain\r\n\r\n',
  ),
  Buffer.from('会议纪要'),
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);

describe.each(testBackends())('access matrix on %s', (backend) => {
  let t: TestApp;
  const cookies = new Map<Caller, string>();
  /** Objects the matrix may change without disturbing the fixture. */
  const scratch = { unit: '', person: '', person2: '', account: '', initial: '' };
  /** Assessment objects: a t1 scheme, an open period with a fact, a period to close; t2's. */
  const assess = { period: '', closing: '', fact: '', t2period: '', t2fact: '' };
  let work: WorkMatrixFixture;
  let supervision: SupervisionMatrixFixture;
  let serial = 0;
  const unique = (prefix: string) => `${prefix}${backend}${++serial}`;

  beforeAll(async () => {
    t = await openTestApp(backend);
    const { db } = t.handle;
    const { tenantId, units } = t.t1;
    scratch.unit = crypto.randomUUID();
    await db
      .insertInto('unit')
      .values({
        tenant_id: tenantId,
        unit_id: scratch.unit,
        parent_id: units.town.id,
        kind: 'section',
        name: '矩阵测试股室',
        path: childPath(units.town.path, scratch.unit),
      })
      .execute();
    for (const key of ['person', 'person2'] as const) {
      const person = await db
        .insertInto('person')
        .values({ tenant_id: tenantId, staff_no: `M-${key}`, name: `矩阵${key}`, gender: 'female' })
        .returning('person_id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('person_assignment')
        .values({
          tenant_id: tenantId,
          person_id: person.person_id,
          unit_id: units.townSection.id,
          post: '科员',
          rank: 'ordinary',
          valid_from: '2024-01-01',
        })
        .execute();
      scratch[key] = person.person_id;
    }
    const ctx = systemContext(db, tenantId, t.now());
    scratch.account = (
      await createAccount(
        ctx,
        { username: 'scratch', initialPassword: 'Scratch-Pass-1', grants: [] },
        { mustChangePassword: false },
      )
    ).accountId;
    scratch.initial = (
      await createAccount(ctx, {
        username: 'initial',
        initialPassword: FIXTURE_PASSWORD,
        grants: [{ role: 'system_admin', scope: 'tenant', unitId: null }],
      })
    ).accountId;
    for (const [tenant, key] of [
      [t.t1, 'period'],
      [t.t2, 't2period'],
    ] as const) {
      const system = systemContext(db, tenant.tenantId, t.now());
      await createSchemeFromTemplate(system, { template: 'h-township-2021', key: 'mx' });
      const period = await createPeriod(system, {
        name: '矩阵季度',
        kind: 'quarter',
        assessment: 'routine',
        startsOn: '2026-01-01',
        endsOn: '2026-03-31',
        schemeKey: 'mx',
      });
      assess[key] = period.id;
      const recorded = await recordFact(system, {
        periodId: period.id,
        subject: { kind: 'person', id: tenant.people.cadre },
        indicator: 'work-style',
        value: '1',
        payload: { item: 'late-early' },
      });
      assess[key === 'period' ? 'fact' : 't2fact'] = recorded.fact.id;
    }
    assess.closing = (
      await createPeriod(systemContext(db, tenantId, t.now()), {
        name: '矩阵待关闭',
        kind: 'month',
        assessment: 'routine',
        startsOn: '2026-01-01',
        endsOn: '2026-01-31',
        schemeKey: 'mx',
      })
    ).id;
    work = await seedWorkMatrix(t);
    supervision = await seedSupervisionMatrix(t);
    for (const role of roles) cookies.set(role, await t.login(role));
    cookies.set('initial', await t.login('initial'));
  });
  afterAll(async () => {
    await t.close();
  });

  const send = async (caller: Caller, req: Request, fresh = false) => {
    const cookie =
      caller === 'anonymous' ? undefined : fresh ? await t.login(caller) : cookies.get(caller);
    return t.app.inject({
      method: req.method,
      url: req.url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(req.multipart ? { 'content-type': `multipart/form-data; boundary=${boundary}` } : {}),
      },
      ...(req.multipart
        ? { payload: req.multipart }
        : req.payload === undefined
          ? {}
          : { payload: req.payload }),
    });
  };

  const outcomeHolds = (outcome: Outcome, res: LightMyRequestResponse): boolean => {
    const s = res.statusCode;
    switch (outcome) {
      case 'ok':
        return s >= 200 && s < 300;
      case 'forbidden':
        return s === 403;
      case 'notFound':
        return s === 404;
      case 'unauthenticated':
        return s === 401;
      case 'mustChange':
        return s === 403 && res.json<{ code: string }>().code === 'password-change-required';
      case 'passed':
        return s < 500 && ![401, 403, 404].includes(s);
      case 'hidden':
        return s === 403 || s === 404;
    }
  };

  /** The matrix: `METHOD /openapi/path` → cases. */
  const matrix = (): Record<string, Case[]> => {
    const { t1, t2 } = t;
    const get = (url: string) => () => ({ method: 'GET' as const, url });
    const ownAccount = (caller: Caller) =>
      caller === 'anonymous'
        ? scratch.account
        : caller === 'initial'
          ? scratch.initial
          : t1.accounts[caller];
    const newPerson = (unitId: string) => ({
      staffNo: unique('MX'),
      name: '矩阵新人',
      gender: 'male',
      unitId,
      post: '科员',
      rank: 'ordinary',
      validFrom: '2026-01-01',
    });
    return {
      'GET /api/health': [
        { label: 'health', request: get('/api/health'), expect: allCallers('ok') },
      ],
      'GET /api/meta': [{ label: 'meta', request: get('/api/meta'), expect: allCallers('ok') }],
      'POST /api/auth/login': [
        {
          label: 'valid credentials',
          request: () => ({
            method: 'POST',
            url: '/api/auth/login',
            payload: { tenant: 't1', username: 'cadre', password: FIXTURE_PASSWORD },
          }),
          expect: allCallers('ok'),
        },
      ],
      'POST /api/auth/logout': [
        {
          label: 'own session',
          request: () => ({ method: 'POST', url: '/api/auth/logout' }),
          expect: { ...everyRole('ok'), initial: 'ok' },
          freshSession: true,
        },
      ],
      'GET /api/auth/me': [
        {
          label: 'me',
          request: get('/api/auth/me'),
          expect: { ...everyRole('ok'), initial: 'ok' },
        },
      ],
      'POST /api/auth/password': [
        {
          label: 'wrong current password',
          request: () => ({
            method: 'POST',
            url: '/api/auth/password',
            payload: { currentPassword: 'Not-the-password-1', newPassword: 'Another-Pass-2' },
          }),
          expect: { ...everyRole('passed'), initial: 'passed' },
        },
      ],
      'GET /api/lookups': [
        { label: 'lookups', request: get('/api/lookups'), expect: everyRole('ok') },
      ],
      'GET /api/units': [{ label: 'tree', request: get('/api/units'), expect: everyRole('ok') }],
      'GET /api/units/{id}': [
        {
          label: 'townSection (everyone’s scope)',
          request: get(`/api/units/${t1.units.townSection.id}`),
          expect: everyRole('ok'),
        },
        {
          label: 'town (leader’s anchor, above unit_head and cadre)',
          request: get(`/api/units/${t1.units.town.id}`),
          expect: only([...tenantRoles, 'leader']),
        },
        {
          label: 'dept (outside every unit-scoped grant)',
          request: get(`/api/units/${t1.units.dept.id}`),
          expect: only(tenantRoles),
        },
        {
          label: 'a t2 unit',
          request: get(`/api/units/${t2.units.town.id}`),
          expect: everyRole('notFound'),
        },
      ],
      'POST /api/units': [
        {
          label: 'under town',
          request: () => ({
            method: 'POST',
            url: '/api/units',
            payload: { parentId: t1.units.town.id, kind: 'section', name: unique('矩阵单位') },
          }),
          expect: only(['assessment_office']),
        },
        {
          label: 'under a t2 unit',
          request: () => ({
            method: 'POST',
            url: '/api/units',
            payload: { parentId: t2.units.town.id, kind: 'section', name: unique('越界单位') },
          }),
          expect: only(['assessment_office'], 'notFound', 'hidden'),
        },
      ],
      'PATCH /api/units/{id}': [
        {
          label: 'townSection, unchanged name',
          request: () => ({
            method: 'PATCH',
            url: `/api/units/${t1.units.townSection.id}`,
            payload: { name: '东城镇党政办' },
          }),
          expect: only(['assessment_office']),
        },
        {
          label: 'a t2 unit',
          request: () => ({
            method: 'PATCH',
            url: `/api/units/${t2.units.townSection.id}`,
            payload: { name: '被篡改' },
          }),
          expect: only(['assessment_office'], 'notFound', 'hidden'),
        },
      ],
      'POST /api/units/{id}/move': [
        {
          label: 'scratch section from town to dept',
          request: () => ({
            method: 'POST',
            url: `/api/units/${scratch.unit}/move`,
            payload: { parentId: t1.units.dept.id },
          }),
          expect: only(['assessment_office']),
        },
        {
          label: 'a t2 unit into t1',
          request: () => ({
            method: 'POST',
            url: `/api/units/${t2.units.townSection.id}/move`,
            payload: { parentId: t1.units.dept.id },
          }),
          expect: only(['assessment_office'], 'notFound', 'hidden'),
        },
        {
          label: 'a t1 unit under a t2 parent',
          request: () => ({
            method: 'POST',
            url: `/api/units/${t1.units.deptSection.id}/move`,
            payload: { parentId: t2.units.town.id },
          }),
          expect: only(['assessment_office'], 'notFound', 'hidden'),
        },
      ],
      'GET /api/people': [{ label: 'list', request: get('/api/people'), expect: everyRole('ok') }],
      'GET /api/people/{id}': [
        {
          label: 'cadre (self for cadre, in every scope)',
          request: get(`/api/people/${t1.people.cadre}`),
          expect: everyRole('ok'),
        },
        {
          label: 'head (cadre’s colleague)',
          request: get(`/api/people/${t1.people.head}`),
          expect: only([...tenantRoles, 'leader', 'unit_head']),
        },
        {
          label: 'leader (in town, above townSection)',
          request: get(`/api/people/${t1.people.leader}`),
          expect: only([...tenantRoles, 'leader']),
        },
        {
          label: 'deptCadre (outside every unit-scoped grant)',
          request: get(`/api/people/${t1.people.deptCadre}`),
          expect: only(tenantRoles),
        },
        {
          label: 'a t2 person',
          request: get(`/api/people/${t2.people.cadre}`),
          expect: everyRole('notFound'),
        },
      ],
      'POST /api/people': [
        {
          label: 'into townSection',
          request: () => ({
            method: 'POST',
            url: '/api/people',
            payload: newPerson(t1.units.townSection.id),
          }),
          expect: only(['assessment_office']),
        },
        {
          label: 'into a t2 unit',
          request: () => ({
            method: 'POST',
            url: '/api/people',
            payload: newPerson(t2.units.townSection.id),
          }),
          expect: only(['assessment_office'], 'notFound', 'hidden'),
        },
      ],
      'PATCH /api/people/{id}': [
        {
          label: 'cadre, unchanged name (the cadre’s own record too)',
          request: () => ({
            method: 'PATCH',
            url: `/api/people/${t1.people.cadre}`,
            payload: { name: '干部戊' },
          }),
          expect: only(['assessment_office']),
        },
        {
          label: 'a t2 person',
          request: () => ({
            method: 'PATCH',
            url: `/api/people/${t2.people.cadre}`,
            payload: { name: '被篡改' },
          }),
          expect: only(['assessment_office'], 'notFound', 'hidden'),
        },
      ],
      'POST /api/people/{id}/move': [
        {
          label: 'scratch person to deptSection',
          request: () => ({
            method: 'POST',
            url: `/api/people/${scratch.person}/move`,
            payload: {
              unitId: t1.units.deptSection.id,
              post: '科员',
              rank: 'ordinary',
              validFrom: '2026-03-01',
            },
          }),
          expect: only(['assessment_office']),
        },
        {
          label: 'a t2 person into t1',
          request: () => ({
            method: 'POST',
            url: `/api/people/${t2.people.cadre}/move`,
            payload: {
              unitId: t1.units.deptSection.id,
              post: '科员',
              rank: 'ordinary',
              validFrom: '2026-03-01',
            },
          }),
          expect: only(['assessment_office'], 'notFound', 'hidden'),
        },
        {
          label: 'a t1 person into a t2 unit',
          request: () => ({
            method: 'POST',
            url: `/api/people/${scratch.person2}/move`,
            payload: {
              unitId: t2.units.townSection.id,
              post: '科员',
              rank: 'ordinary',
              validFrom: '2026-03-01',
            },
          }),
          expect: only(['assessment_office'], 'notFound', 'hidden'),
        },
      ],
      'GET /api/people/export': [
        {
          label: 'export',
          request: get('/api/people/export'),
          expect: only(['assessment_office', 'supervision_office']),
        },
      ],
      'GET /api/import/template': [
        {
          label: 'template',
          request: get('/api/import/template'),
          expect: only(['assessment_office']),
        },
      ],
      'POST /api/import': [
        {
          label: 'an unreadable file',
          request: () => ({ method: 'POST', url: '/api/import', multipart: notAnXlsx }),
          expect: only(['assessment_office'], 'passed'),
        },
      ],
      'POST /api/attachments': [
        {
          label: 'a text file: any signed-in account may upload',
          request: () => ({ method: 'POST', url: '/api/attachments', multipart: aTextFile }),
          expect: everyRole('ok'),
        },
      ],
      'GET /api/attachments': [
        {
          label: 'unknown ids are left out',
          request: get(`/api/attachments?ids=${crypto.randomUUID()}`),
          expect: everyRole('ok'),
        },
      ],
      'GET /api/attachments/{id}': [
        {
          label: 'an unknown file',
          request: get(`/api/attachments/${crypto.randomUUID()}`),
          expect: everyRole('notFound'),
        },
      ],
      'GET /api/attachments/{id}/meta': [
        {
          label: 'an unknown file',
          request: get(`/api/attachments/${crypto.randomUUID()}/meta`),
          expect: everyRole('notFound'),
        },
      ],
      'GET /api/accounts': [
        { label: 'list', request: get('/api/accounts'), expect: only(['system_admin']) },
      ],
      'POST /api/accounts': [
        {
          label: 'a cadre account in townSection',
          request: () => ({
            method: 'POST',
            url: '/api/accounts',
            payload: {
              username: unique('mx.'),
              initialPassword: 'Initial-Pass-1',
              grants: [{ role: 'cadre', scope: 'own_unit', unitId: t1.units.townSection.id }],
            },
          }),
          expect: only(['system_admin']),
        },
        {
          label: 'a grant on a t2 unit',
          request: () => ({
            method: 'POST',
            url: '/api/accounts',
            payload: {
              username: unique('mx.'),
              initialPassword: 'Initial-Pass-1',
              grants: [{ role: 'leader', scope: 'subtree', unitId: t2.units.town.id }],
            },
          }),
          expect: only(['system_admin'], 'notFound'),
        },
        {
          label: 'linked to a t2 person',
          request: () => ({
            method: 'POST',
            url: '/api/accounts',
            payload: {
              username: unique('mx.'),
              personId: t2.people.cadre,
              initialPassword: 'Initial-Pass-1',
              grants: [],
            },
          }),
          expect: only(['system_admin'], 'notFound'),
        },
      ],
      'PATCH /api/accounts/{id}': [
        {
          label: 'scratch account',
          request: () => ({
            method: 'PATCH',
            url: `/api/accounts/${scratch.account}`,
            payload: { disabled: false },
          }),
          expect: only(['system_admin']),
        },
        {
          label: 'own account: disable',
          request: (caller) => ({
            method: 'PATCH',
            url: `/api/accounts/${ownAccount(caller)}`,
            payload: { disabled: true },
          }),
          expect: only([], 'ok', 'forbidden'),
        },
        {
          label: 'a t2 account',
          request: () => ({
            method: 'PATCH',
            url: `/api/accounts/${t2.accounts.system_admin}`,
            payload: { disabled: true },
          }),
          expect: only(['system_admin'], 'notFound'),
        },
      ],
      'PUT /api/accounts/{id}/grants': [
        {
          label: 'scratch account',
          request: () => ({
            method: 'PUT',
            url: `/api/accounts/${scratch.account}/grants`,
            payload: {
              grants: [{ role: 'cadre', scope: 'own_unit', unitId: t1.units.townSection.id }],
            },
          }),
          expect: only(['system_admin']),
        },
        {
          label: 'own account',
          request: (caller) => ({
            method: 'PUT',
            url: `/api/accounts/${ownAccount(caller)}/grants`,
            payload: { grants: [{ role: 'system_admin', scope: 'tenant', unitId: null }] },
          }),
          expect: only([], 'ok', 'forbidden'),
        },
        {
          label: 'a t2 account',
          request: () => ({
            method: 'PUT',
            url: `/api/accounts/${t2.accounts.cadre}/grants`,
            payload: { grants: [{ role: 'system_admin', scope: 'tenant', unitId: null }] },
          }),
          expect: only(['system_admin'], 'notFound'),
        },
      ],
      'POST /api/accounts/{id}/reset-password': [
        {
          label: 'scratch account',
          request: () => ({
            method: 'POST',
            url: `/api/accounts/${scratch.account}/reset-password`,
            payload: { newPassword: 'Reset-Pass-1' },
          }),
          expect: only(['system_admin']),
        },
        {
          label: 'a t2 account',
          request: () => ({
            method: 'POST',
            url: `/api/accounts/${t2.accounts.system_admin}/reset-password`,
            payload: { newPassword: 'Reset-Pass-1' },
          }),
          expect: only(['system_admin'], 'notFound'),
        },
      ],
      'POST /api/accounts/{id}/unlock': [
        {
          label: 'scratch account',
          request: () => ({ method: 'POST', url: `/api/accounts/${scratch.account}/unlock` }),
          expect: only(['system_admin']),
        },
        {
          label: 'a t2 account',
          request: () => ({ method: 'POST', url: `/api/accounts/${t2.accounts.cadre}/unlock` }),
          expect: only(['system_admin'], 'notFound'),
        },
      ],
      'GET /api/audit': [
        { label: 'browse', request: get('/api/audit'), expect: only(['system_admin']) },
      ],
      ...assessmentMatrix(),
      ...workMatrix(t, work, unique),
      ...supervisionMatrix(t, supervision, unique),
    };
  };

  /** The assessment routes (schemes, periods, facts, results, score, ledger). */
  const assessmentMatrix = (): Record<string, Case[]> => {
    const { t1, t2 } = t;
    const get = (url: string) => () => ({ method: 'GET' as const, url });
    const readers = ['assessment_office', 'supervision_office', 'leader', 'unit_head'] as const;
    const office = ['assessment_office'] as const;
    const p = () => assess.period;
    const fact = (subject: string, indicator: string, value: string, extra: object = {}) => ({
      method: 'POST' as const,
      url: '/api/facts',
      payload: {
        periodId: p(),
        subject: { kind: 'person', id: subject },
        indicator,
        value,
        ...extra,
      },
    });
    const periodBody = () => ({
      name: unique('矩阵周期'),
      kind: 'month',
      assessment: 'special',
      startsOn: '2026-02-01',
      endsOn: '2026-02-28',
      schemeKey: 'mx',
    });
    return {
      'GET /api/schemes': [{ label: 'list', request: get('/api/schemes'), expect: only(readers) }],
      'GET /api/schemes/templates': [
        { label: 'templates', request: get('/api/schemes/templates'), expect: only(readers) },
      ],
      'GET /api/schemes/json-schema': [
        { label: 'format', request: get('/api/schemes/json-schema'), expect: only(readers) },
      ],
      'GET /api/schemes/{key}': [
        { label: 'mx', request: get('/api/schemes/mx'), expect: only(readers) },
        {
          label: 'a key only t2 has',
          request: get('/api/schemes/t2-only'),
          expect: only(readers, 'notFound'),
        },
      ],
      'GET /api/schemes/{key}/versions': [
        { label: 'mx', request: get('/api/schemes/mx/versions'), expect: only(readers) },
      ],
      'GET /api/schemes/{key}/versions/{version}': [
        { label: 'mx v1', request: get('/api/schemes/mx/versions/1'), expect: only(readers) },
      ],
      'GET /api/schemes/{key}/versions/{version}/export': [
        {
          label: 'mx v1',
          request: get('/api/schemes/mx/versions/1/export'),
          expect: only(readers),
        },
      ],
      'POST /api/schemes/validate': [
        {
          label: 'a draft',
          request: () => ({
            method: 'POST',
            url: '/api/schemes/validate',
            payload: { scheme: { key: 'draft' } },
          }),
          expect: only(office),
        },
      ],
      'POST /api/schemes': [
        {
          label: 'an invalid scheme',
          request: () => ({ method: 'POST', url: '/api/schemes', payload: { scheme: {} } }),
          expect: only(office, 'passed'),
        },
      ],
      'POST /api/schemes/from-template': [
        {
          label: 'department template',
          request: () => ({
            method: 'POST',
            url: '/api/schemes/from-template',
            payload: { template: 'department-2021', key: 'mx-dept' },
          }),
          expect: only(office),
        },
      ],
      'GET /api/periods': [
        {
          label: 'list',
          request: get('/api/periods'),
          expect: only([...readers, 'cadre']),
        },
      ],
      'GET /api/periods/{id}': [
        {
          label: 't1 period',
          request: () => get(`/api/periods/${p()}`)(),
          expect: only([...readers, 'cadre']),
        },
        {
          label: 'a t2 period',
          request: () => get(`/api/periods/${assess.t2period}`)(),
          expect: only([...readers, 'cadre'], 'notFound', 'hidden'),
        },
      ],
      'POST /api/periods': [
        {
          label: 'a month',
          request: () => ({ method: 'POST', url: '/api/periods', payload: periodBody() }),
          expect: only(office),
        },
      ],
      'POST /api/periods/{id}/close': [
        {
          label: 'the period to close',
          request: () => ({
            method: 'POST',
            url: `/api/periods/${assess.closing}/close`,
            payload: {},
          }),
          expect: only(office),
        },
        {
          label: 'a t2 period',
          request: () => ({
            method: 'POST',
            url: `/api/periods/${assess.t2period}/close`,
            payload: {},
          }),
          expect: only(office, 'notFound'),
        },
      ],
      'POST /api/periods/{id}/reopen': [
        {
          label: 'the closed period',
          request: () => ({
            method: 'POST',
            url: `/api/periods/${assess.closing}/reopen`,
            payload: { reason: '矩阵测试重开' },
          }),
          expect: only(office),
        },
      ],
      'POST /api/periods/{id}/recompute': [
        {
          label: 'the open period',
          request: () => ({ method: 'POST', url: `/api/periods/${p()}/recompute`, payload: {} }),
          expect: only(office),
        },
        {
          label: 'a t2 period',
          request: () => ({
            method: 'POST',
            url: `/api/periods/${assess.t2period}/recompute`,
            payload: {},
          }),
          expect: only(office, 'notFound'),
        },
      ],
      'GET /api/facts': [
        {
          label: 'facts of the period',
          request: () => get(`/api/facts?periodId=${p()}`)(),
          expect: only(readers),
        },
        {
          label: 'facts of a t2 period',
          request: () => get(`/api/facts?periodId=${assess.t2period}`)(),
          expect: only(readers, 'notFound'),
        },
      ],
      'GET /api/facts/{id}': [
        {
          label: 'a fact about the cadre',
          request: () => get(`/api/facts/${assess.fact}`)(),
          expect: only(readers),
        },
        {
          label: 'a t2 fact',
          request: () => get(`/api/facts/${assess.t2fact}`)(),
          expect: everyRole('notFound'),
        },
      ],
      'GET /api/facts/template': [
        {
          label: 'template',
          request: () => get(`/api/facts/template?periodId=${p()}`)(),
          expect: only(readers),
        },
      ],
      'POST /api/facts': [
        {
          label: 'a deduction on the cadre',
          request: () =>
            fact(t1.people.cadre, 'work-style', '1', { payload: { item: 'late-early' } }),
          expect: only(['assessment_office', 'supervision_office']),
        },
        {
          label: 'a discretionary adjustment on the cadre',
          request: () =>
            fact(t1.people.cadre, 'discretionary', '1', { evidence: { note: '矩阵' } }),
          expect: only(['assessment_office', 'leader']),
        },
        {
          label: 'a rating of the cadre',
          request: () =>
            fact(t1.people.cadre, 'evaluation', '90', { payload: { group: 'leader', rater: 'm' } }),
          expect: only(['assessment_office', 'leader', 'unit_head']),
        },
        {
          // The county-level admin: in the township scheme's period, outside leader and unit head.
          label: 'a deduction on the admin (outside leader and unit head)',
          request: () =>
            fact(t1.people.admin, 'work-style', '1', { payload: { item: 'late-early' } }),
          expect: only(['assessment_office', 'supervision_office']),
        },
        {
          label: 'a rating of oneself',
          request: (caller) =>
            fact(
              caller === 'unit_head'
                ? t1.people.head
                : caller === 'leader'
                  ? t1.people.leader
                  : t1.people.office,
              'evaluation',
              '90',
              { payload: { group: 'leader', rater: 'm' } },
            ),
          expect: only([]),
        },
        {
          label: 'a t2 person',
          request: () =>
            fact(t2.people.cadre, 'work-style', '1', { payload: { item: 'late-early' } }),
          expect: everyRole('notFound'),
        },
      ],
      'POST /api/facts/import': [
        {
          label: 'an unreadable file',
          request: () => ({
            method: 'POST',
            url: `/api/facts/import?periodId=${p()}`,
            multipart: notAnXlsx,
          }),
          expect: only(readers, 'passed'),
        },
      ],
      'GET /api/periods/{id}/results': [
        {
          label: 't1 period',
          request: () => get(`/api/periods/${p()}/results`)(),
          expect: only(readers),
        },
        {
          label: 'a t2 period',
          request: () => get(`/api/periods/${assess.t2period}/results`)(),
          expect: only(readers, 'notFound'),
        },
      ],
      'GET /api/periods/{id}/results/export': [
        {
          label: 't1 period',
          request: () => get(`/api/periods/${p()}/results/export`)(),
          expect: only(readers),
        },
      ],
      'GET /api/periods/{id}/pools': [
        {
          label: 't1 period',
          request: () => get(`/api/periods/${p()}/pools`)(),
          expect: only(readers),
        },
      ],
      'PUT /api/periods/{id}/pools/{unitId}': [
        {
          label: 'the town’s pool',
          request: () => ({
            method: 'PUT',
            url: `/api/periods/${p()}/pools/${t1.units.town.id}`,
            payload: { amountCents: 500_000 },
          }),
          expect: only(office),
        },
        {
          label: 'a t2 unit',
          request: () => ({
            method: 'PUT',
            url: `/api/periods/${p()}/pools/${t2.units.town.id}`,
            payload: { amountCents: 1 },
          }),
          expect: only(office, 'notFound'),
        },
      ],
      'GET /api/periods/{id}/signals': [
        {
          label: 't1 period',
          request: () => get(`/api/periods/${p()}/signals`)(),
          expect: only(readers),
        },
      ],
      'POST /api/signals/{id}/decision': [
        {
          label: 'an unknown signal',
          request: () => ({
            method: 'POST',
            url: '/api/signals/no-such-signal/decision',
            payload: { decision: 'dismissed', note: '矩阵' },
          }),
          expect: only(office, 'notFound'),
        },
      ],
      'GET /api/people/{id}/score': [
        {
          label: 'the cadre',
          request: () => get(`/api/people/${t1.people.cadre}/score?periodId=${p()}`)(),
          expect: only([...readers, 'cadre']),
        },
        {
          label: 'the county-level admin (outside leader and unit head)',
          request: () => get(`/api/people/${t1.people.admin}/score?periodId=${p()}`)(),
          expect: only(['assessment_office', 'supervision_office']),
        },
        {
          label: 'a t2 person',
          request: () => get(`/api/people/${t2.people.cadre}/score?periodId=${p()}`)(),
          expect: everyRole('notFound'),
        },
      ],
      'GET /api/me/score': [
        {
          label: 'own score',
          request: () => get(`/api/me/score?periodId=${p()}`)(),
          expect: only([...readers, 'cadre']),
        },
      ],
      'GET /api/ledger/verify': [
        { label: 'verify', request: get('/api/ledger/verify'), expect: only(['system_admin']) },
      ],
    };
  };

  /** Public routes: everyone, signed in or not, even before a password change. */
  function allCallers(outcome: Outcome): Record<Caller, Outcome> {
    return Object.fromEntries(callers.map((c) => [c, outcome])) as Record<Caller, Outcome>;
  }

  /** `GET /api/units/{id}` matches `GET /api/units/0b4e…`. */
  const routeMatches = (key: string, req: Request) => {
    const [method, path = ''] = key.split(' ');
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?.*)?$`);
    return method === req.method && pattern.test(req.url);
  };

  it('has a row for every route the API describes, and no row for a route it lacks', () => {
    const paths = t.app.swagger().paths as Record<string, Record<string, unknown>>;
    const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);
    const described = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => methods.has(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    expect(Object.keys(matrix()).sort()).toEqual(described);
  });

  it('covers every caller in every case and sends each case to its own route', () => {
    for (const [key, cases] of Object.entries(matrix())) {
      expect(cases.length, key).toBeGreaterThan(0);
      for (const c of cases) {
        expect(Object.keys(c.expect).sort(), `${key} ${c.label}`).toEqual([...callers].sort());
        for (const caller of callers)
          expect(routeMatches(key, c.request(caller)), `${key} ${c.label}`).toBe(true);
      }
    }
  });

  it.each(runOrder)('%s answers every caller as the matrix says', async (key) => {
    const cases = matrix()[key];
    expect(cases, `no matrix row for ${key}`).toBeDefined();
    const wrong: string[] = [];
    for (const c of cases ?? []) {
      for (const caller of callers) {
        const res = await send(caller, c.request(caller), c.freshSession);
        const expected = c.expect[caller];
        if (!outcomeHolds(expected, res))
          wrong.push(
            `${c.label} as ${caller}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`,
          );
      }
    }
    expect(wrong).toEqual([]);
  });

  it('runs every route of the matrix', () => {
    expect([...runOrder].sort()).toEqual(Object.keys(matrix()).sort());
  });

  describe('lists never show another tenant’s rows', () => {
    it.each(roles)('%s', async (role) => {
      const cookie = cookies.get(role) ?? '';
      const t2Ids = new Set([
        ...Object.values(t.t2.units).map((u) => u.id),
        ...Object.values(t.t2.people),
        ...Object.values(t.t2.accounts),
        assess.t2period,
        assess.t2fact,
      ]);
      const leaks: string[] = [];
      for (const url of [
        '/api/units',
        '/api/people?pageSize=200',
        '/api/accounts?pageSize=200',
        '/api/audit?pageSize=200',
        '/api/lookups',
        '/api/schemes',
        '/api/periods?pageSize=200',
        `/api/facts?periodId=${assess.period}&pageSize=200&includeSuperseded=true`,
        `/api/periods/${assess.period}/results?pageSize=200`,
        `/api/periods/${assess.period}/signals`,
        `/api/periods/${assess.period}/pools`,
      ]) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
        if (res.statusCode === 403) continue;
        expect(res.statusCode, url).toBe(200);
        for (const id of t2Ids) if (res.body.includes(id)) leaks.push(`${url} shows ${id}`);
      }
      expect(leaks).toEqual([]);
    });
  });
});

/** The list endpoints filter rows by each caller's grants. */
describe.each(testBackends())('list visibility on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(backend);
  });
  afterAll(async () => {
    await t.close();
  });

  const ids = async (role: Role, url: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url,
      headers: { cookie: await t.login(role) },
    });
    expect(res.statusCode, `${role} ${url}`).toBe(200);
    const body = res.json<{ items: { id: string }[] } | { id: string }[]>();
    return (Array.isArray(body) ? body : body.items).map((x) => x.id).sort();
  };

  it.each([
    ['leader', ['leader', 'head', 'cadre']],
    ['unit_head', ['head', 'cadre']],
    ['cadre', ['cadre']],
    [
      'supervision_office',
      ['admin', 'office', 'supervisor', 'leader', 'head', 'cadre', 'deptCadre'],
    ],
  ] as const)('%s sees exactly its people', async (role, keys) => {
    expect(await ids(role, '/api/people?pageSize=200')).toEqual(
      keys.map((k) => t.t1.people[k]).sort(),
    );
  });

  it.each([
    // Ancestors are included so the tree connects.
    ['leader', ['county', 'town', 'townSection', 'village']],
    ['unit_head', ['county', 'town', 'townSection']],
    ['cadre', ['county', 'town', 'townSection']],
    ['system_admin', ['county', 'town', 'townSection', 'village', 'dept', 'deptSection']],
  ] as const)('%s sees exactly its units (with ancestors)', async (role, keys) => {
    expect(await ids(role, '/api/units')).toEqual(keys.map((k) => t.t1.units[k].id).sort());
  });

  it('shows a t2 administrator only t2 accounts', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/accounts?pageSize=200',
      headers: { cookie: await t.login('system_admin', 't2') },
    });
    expect(
      res
        .json<{ items: { id: string }[] }>()
        .items.map((a) => a.id)
        .sort(),
    ).toEqual(Object.values(t.t2.accounts).sort());
  });

  it('refuses t1 ids to t2’s tenant-wide roles on every id route', async () => {
    const { t1 } = t;
    const requests: [Role, Request][] = [
      ['assessment_office', { method: 'GET', url: `/api/units/${t1.units.town.id}` }],
      [
        'assessment_office',
        { method: 'PATCH', url: `/api/units/${t1.units.town.id}`, payload: { name: 'x' } },
      ],
      [
        'assessment_office',
        {
          method: 'POST',
          url: `/api/units/${t1.units.deptSection.id}/move`,
          payload: { parentId: t1.units.town.id },
        },
      ],
      [
        'assessment_office',
        {
          method: 'POST',
          url: '/api/units',
          payload: { parentId: t1.units.town.id, kind: 'section', name: 'x' },
        },
      ],
      ['assessment_office', { method: 'GET', url: `/api/people/${t1.people.cadre}` }],
      [
        'assessment_office',
        { method: 'PATCH', url: `/api/people/${t1.people.cadre}`, payload: { name: 'x' } },
      ],
      [
        'assessment_office',
        {
          method: 'POST',
          url: `/api/people/${t1.people.cadre}/move`,
          payload: {
            unitId: t1.units.dept.id,
            post: 'x',
            rank: 'ordinary',
            validFrom: '2026-03-01',
          },
        },
      ],
      [
        'assessment_office',
        {
          method: 'POST',
          url: '/api/people',
          payload: {
            staffNo: 'X1',
            name: 'x',
            gender: 'male',
            unitId: t1.units.town.id,
            post: 'x',
            rank: 'ordinary',
            validFrom: '2026-01-01',
          },
        },
      ],
      ['supervision_office', { method: 'GET', url: `/api/people/${t1.people.deptCadre}` }],
      ['system_admin', { method: 'GET', url: `/api/units/${t1.units.county.id}` }],
      [
        'system_admin',
        { method: 'PATCH', url: `/api/accounts/${t1.accounts.cadre}`, payload: { disabled: true } },
      ],
      [
        'system_admin',
        {
          method: 'PUT',
          url: `/api/accounts/${t1.accounts.cadre}/grants`,
          payload: { grants: [] },
        },
      ],
      [
        'system_admin',
        {
          method: 'POST',
          url: `/api/accounts/${t1.accounts.cadre}/reset-password`,
          payload: { newPassword: 'Reset-Pass-1' },
        },
      ],
      ['system_admin', { method: 'POST', url: `/api/accounts/${t1.accounts.cadre}/unlock` }],
      [
        'system_admin',
        {
          method: 'POST',
          url: '/api/accounts',
          payload: {
            username: 'x.t1',
            personId: t1.people.cadre,
            initialPassword: 'Initial-Pass-1',
            grants: [],
          },
        },
      ],
      [
        'system_admin',
        {
          method: 'POST',
          url: '/api/accounts',
          payload: {
            username: 'x.t1',
            initialPassword: 'Initial-Pass-1',
            grants: [{ role: 'leader', scope: 'subtree', unitId: t1.units.town.id }],
          },
        },
      ],
    ];
    const wrong: string[] = [];
    for (const [role, req] of requests) {
      const res = await t.app.inject({
        method: req.method,
        url: req.url,
        headers: { cookie: await t.login(role, 't2') },
        ...(req.payload ? { payload: req.payload } : {}),
      });
      if (res.statusCode !== 404) wrong.push(`${role} ${req.method} ${req.url}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
    // And nothing of t1 changed.
    const admin = await t.login('system_admin');
    const cadre = await t.app.inject({
      method: 'GET',
      url: '/api/accounts?q=cadre',
      headers: { cookie: admin },
    });
    expect(cadre.json()).toMatchObject({
      items: [{ disabled: false, grants: [{ role: 'cadre' }] }],
    });
  });

  it('has no route that edits or deletes the audit log', async () => {
    const cookie = await t.login('system_admin');
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const)
      for (const url of ['/api/audit', '/api/audit/1'])
        expect([404, 405], `${method} ${url}`).toContain(
          (await t.app.inject({ method, url, headers: { cookie }, payload: {} })).statusCode,
        );
  });
});
