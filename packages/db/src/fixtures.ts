import type { Kysely } from 'kysely';
import { childPath, type Rank, type Role, type Scope, type UnitKind } from '@tianheng/core';
import type { Database } from './schema.ts';

/** The small tenant the db and server tests share. */
export interface TestTenant {
  readonly tenantId: string;
  readonly code: string;
  /** Units by key: county, town, townSection, village, dept, deptSection. */
  readonly units: Readonly<Record<FixtureUnitKey, { id: string; path: string }>>;
  /** People by key. */
  readonly people: Readonly<Record<FixturePersonKey, string>>;
  /** Accounts by role (username = `${role}`), all with the given password hash. */
  readonly accounts: Readonly<Record<Role, string>>;
}

type FixtureUnitKey = 'county' | 'town' | 'townSection' | 'village' | 'dept' | 'deptSection';
type FixturePersonKey =
  'admin' | 'office' | 'supervisor' | 'leader' | 'head' | 'cadre' | 'deptCadre';

const unitPlan: readonly {
  key: FixtureUnitKey;
  parent: FixtureUnitKey | null;
  kind: UnitKind;
  name: string;
}[] = [
  { key: 'county', parent: null, kind: 'county', name: '测试县' },
  { key: 'town', parent: 'county', kind: 'town', name: '东城镇' },
  { key: 'townSection', parent: 'town', kind: 'section', name: '东城镇党政办' },
  { key: 'village', parent: 'town', kind: 'village', name: '桃园村' },
  { key: 'dept', parent: 'county', kind: 'department', name: '县农业农村局' },
  { key: 'deptSection', parent: 'dept', kind: 'section', name: '农业农村局办公室' },
];

const personPlan: readonly {
  key: FixturePersonKey;
  name: string;
  unit: FixtureUnitKey;
  post: string;
  rank: Rank;
}[] = [
  { key: 'admin', name: '管理员', unit: 'county', post: '系统管理员', rank: 'ordinary' },
  { key: 'office', name: '考核办甲', unit: 'county', post: '考核办干事', rank: 'fuke' },
  { key: 'supervisor', name: '督查室乙', unit: 'county', post: '督查专员', rank: 'zhenggu' },
  { key: 'leader', name: '领导丙', unit: 'town', post: '镇长', rank: 'zhengke' },
  { key: 'head', name: '主任丁', unit: 'townSection', post: '党政办主任', rank: 'zhenggu' },
  { key: 'cadre', name: '干部戊', unit: 'townSection', post: '科员', rank: 'ordinary' },
  { key: 'deptCadre', name: '干部己', unit: 'deptSection', post: '科员', rank: 'ordinary' },
];

const accountPlan: readonly {
  role: Role;
  person: FixturePersonKey;
  scope: Scope;
  unit: FixtureUnitKey | null;
}[] = [
  { role: 'system_admin', person: 'admin', scope: 'tenant', unit: null },
  { role: 'assessment_office', person: 'office', scope: 'tenant', unit: null },
  { role: 'supervision_office', person: 'supervisor', scope: 'tenant', unit: null },
  { role: 'leader', person: 'leader', scope: 'subtree', unit: 'town' },
  { role: 'unit_head', person: 'head', scope: 'own_unit', unit: 'townSection' },
  { role: 'cadre', person: 'cadre', scope: 'own_unit', unit: 'townSection' },
];

/**
 * Seed a tenant with a small org tree, seven people and one account per role whose
 * username is the role name. Passwords are already changed (must_change_password false).
 */
export async function seedTestTenant(
  db: Kysely<Database>,
  code: string,
  passwordHash: string,
): Promise<TestTenant> {
  const tenant = await db
    .insertInto('tenant')
    .values({ code, name: `${code} 县` })
    .returning('tenant_id')
    .executeTakeFirstOrThrow();
  const tenantId = tenant.tenant_id;
  const units = {} as Record<FixtureUnitKey, { id: string; path: string }>;
  for (const plan of unitPlan) {
    const parent = plan.parent ? units[plan.parent] : null;
    const unitId = crypto.randomUUID();
    const path = childPath(parent?.path ?? null, unitId);
    await db
      .insertInto('unit')
      .values({
        tenant_id: tenantId,
        unit_id: unitId,
        parent_id: parent?.id ?? null,
        kind: plan.kind,
        name: plan.name,
        path,
      })
      .execute();
    units[plan.key] = { id: unitId, path };
  }
  const people = {} as Record<FixturePersonKey, string>;
  let staffNo = 1;
  for (const plan of personPlan) {
    const person = await db
      .insertInto('person')
      .values({
        tenant_id: tenantId,
        staff_no: `T${String(staffNo++).padStart(4, '0')}`,
        name: plan.name,
        gender: 'male',
      })
      .returning('person_id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('person_assignment')
      .values({
        tenant_id: tenantId,
        person_id: person.person_id,
        unit_id: units[plan.unit].id,
        post: plan.post,
        rank: plan.rank,
        valid_from: '2024-01-01',
      })
      .execute();
    people[plan.key] = person.person_id;
  }
  const accounts = {} as Record<Role, string>;
  for (const plan of accountPlan) {
    const account = await db
      .insertInto('account')
      .values({
        tenant_id: tenantId,
        username: plan.role,
        person_id: people[plan.person],
        password_hash: passwordHash,
        must_change_password: false,
      })
      .returning('account_id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('role_grant')
      .values({
        tenant_id: tenantId,
        account_id: account.account_id,
        role: plan.role,
        scope: plan.scope,
        unit_id: plan.unit ? units[plan.unit].id : null,
      })
      .execute();
    accounts[plan.role] = account.account_id;
  }
  return { tenantId, code, units, people, accounts };
}
