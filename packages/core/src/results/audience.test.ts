import { describe, expect, it } from 'vitest';
import type { OrgPerson, OrgSnapshot } from '../assessment/types.ts';
import { audienceCovers, orgForScheme } from './audience.ts';

const person = (id: string, unitId: string): OrgPerson => ({
  id,
  name: id,
  unitId,
  post: '',
  rank: 'general',
  lines: [],
  villageIds: [],
});

const org: OrgSnapshot = {
  units: [
    { id: 'county', parentId: null, kind: 'county', name: 'county' },
    { id: 'town', parentId: 'county', kind: 'town', name: 'town' },
    { id: 'section', parentId: 'town', kind: 'section', name: 'section' },
    { id: 'village', parentId: 'town', kind: 'village', name: 'village' },
    { id: 'dept', parentId: 'county', kind: 'department', name: 'dept' },
    { id: 'dept-section', parentId: 'dept', kind: 'section', name: 'dept section' },
    { id: 'force', parentId: 'county', kind: 'task_force', name: 'task force' },
  ],
  people: [
    person('in-town', 'town'),
    person('in-section', 'section'),
    person('in-village', 'village'),
    person('in-dept', 'dept'),
    person('in-dept-section', 'dept-section'),
    person('in-county', 'county'),
    person('in-force', 'force'),
  ],
};

describe(orgForScheme, () => {
  it.each([
    ['township', ['in-town', 'in-section', 'in-village', 'in-county', 'in-force']],
    ['department', ['in-dept', 'in-dept-section', 'in-county', 'in-force']],
    ['other', org.people.map((p) => p.id)],
  ] as const)('a %s scheme scores %j', (audience, ids) => {
    const scoped = orgForScheme({ audience }, org);
    expect(scoped.people.map((p) => p.id)).toEqual(ids);
    expect(scoped.units).toBe(org.units);
  });

  it('puts only county-level people under both seed audiences', () => {
    const township = new Set(orgForScheme({ audience: 'township' }, org).people.map((p) => p.id));
    const department = orgForScheme({ audience: 'department' }, org).people;
    expect(department.filter((p) => township.has(p.id)).map((p) => p.id)).toEqual([
      'in-county',
      'in-force',
    ]);
  });
});

describe(audienceCovers, () => {
  it.each([
    ['township', 'in-section', true],
    ['township', 'in-dept', false],
    ['department', 'in-dept-section', true],
    ['department', 'in-county', true],
    ['no-such-audience', 'in-dept', true],
    ['other', 'nobody', false],
  ])('%s covers %s: %s', (audience, personId, expected) => {
    expect(audienceCovers(audience, org, personId)).toBe(expected);
  });
});
