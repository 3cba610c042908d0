import type { OrgSnapshot, Scheme } from '../assessment/types.ts';
import { assessmentUnitResolver } from './ranking.ts';

/**
 * Kinds of assessment unit whose people a scheme's audience covers; null = everyone.
 * A township scheme scores the people of streets, towns and townships; a department scheme
 * the people of departments. Nobody is scored twice by the two seed templates.
 */
export const audienceUnitKinds: Readonly<Record<Scheme['audience'], readonly string[] | null>> = {
  township: ['street', 'town', 'township'],
  department: ['department'],
  other: null,
};

/**
 * The org a period under `scheme` is scored against: every unit (lookups through villages
 * and sections need them) but not the people another audience covers, judged by the kind of
 * their assessment unit. People whose assessment unit is of no audience's kind (county-level
 * offices, county task forces) stay in every scheme, as they were before audiences existed.
 */
export function orgForScheme(scheme: Pick<Scheme, 'audience'>, org: OrgSnapshot): OrgSnapshot {
  const kinds = audienceUnitKinds[scheme.audience];
  if (kinds === null) return org;
  const others = new Set(
    Object.values(audienceUnitKinds).flatMap((k) =>
      k === null ? [] : k.filter((x) => !kinds.includes(x)),
    ),
  );
  const kindOf = new Map(org.units.map((u) => [u.id, u.kind]));
  const assessmentUnit = assessmentUnitResolver(org);
  const people = org.people.filter((p) => !others.has(kindOf.get(assessmentUnit(p.unitId)) ?? ''));
  return { units: org.units, people };
}

const audiences = Object.keys(audienceUnitKinds) as Scheme['audience'][];

/**
 * Whether a scheme with this audience scores the person (false for an unknown person). Text
 * that is not a known audience counts as `other`: everyone.
 */
export function audienceCovers(audience: string, org: OrgSnapshot, personId: string): boolean {
  const person = org.people.find((p) => p.id === personId);
  if (person === undefined) return false;
  const known = audiences.find((a) => a === audience) ?? 'other';
  return (
    orgForScheme({ audience: known }, { units: org.units, people: [person] }).people.length > 0
  );
}
