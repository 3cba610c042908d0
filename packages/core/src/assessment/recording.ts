/**
 * Rules for recording a fact, checked before it is stored: the indicator exists and fits
 * the subject, the value and payload fit the method, nobody records a fact about their own
 * score, and a discretionary adjustment carries a reason.
 */
import { assessmentUnitResolver } from '../results/ranking.ts';
import { isDecimal, parseScaled, RATIO_SCALE } from './decimal.ts';
import { fail, ok, type Result } from '../result.ts';
import { rankOf } from './score.ts';
import type { Fact, OrgPerson, OrgSnapshot, Scheme, SchemeNode } from './types.ts';

/** A fact as submitted: everything but what the store assigns (id, time, recorder). */
export type NewFactInput = Omit<Fact, 'id' | 'recordedAt' | 'recordedBy'>;

/** Why a fact cannot be recorded (codes of the error catalogue). */
export type FactRecordingError =
  | 'indicator-unknown'
  | 'indicator-not-applicable'
  | 'fact-subject-invalid'
  | 'fact-value-invalid'
  | 'fact-own-score'
  | 'fact-reason-required'
  | 'person-not-found'
  | 'unit-not-found';

/** Every leaf of a scheme by key. */
export function schemeLeaves(scheme: Scheme): Map<string, SchemeNode> {
  const leaves = new Map<string, SchemeNode>();
  const walk = (node: SchemeNode): void => {
    if (node.method !== undefined) leaves.set(node.key, node);
    node.children?.forEach(walk);
  };
  scheme.dimensions.forEach(walk);
  return leaves;
}

/** The node path (root → leaf) of a key, for appliesTo checks up the tree. */
function nodePath(scheme: Scheme, key: string): SchemeNode[] | undefined {
  const find = (node: SchemeNode, trail: SchemeNode[]): SchemeNode[] | undefined => {
    const here = [...trail, node];
    if (node.key === key) return here;
    for (const child of node.children ?? []) {
      const found = find(child, here);
      if (found) return found;
    }
    return undefined;
  };
  for (const d of scheme.dimensions) {
    const found = find(d, []);
    if (found) return found;
  }
  return undefined;
}

/** Whether a node path applies to a person (layer by rank, unit kind). */
function appliesToPerson(
  scheme: Scheme,
  path: readonly SchemeNode[],
  person: OrgPerson,
  org: OrgSnapshot,
): boolean {
  const layer = scheme.layers
    ? (scheme.layers.byRank[person.rank] ?? scheme.layers.default)
    : undefined;
  const unitKind = org.units.find((u) => u.id === person.unitId)?.kind ?? '';
  return path.every((node) => {
    const a = node.appliesTo;
    if (a?.layers && (layer === undefined || !a.layers.includes(layer))) return false;
    if (a?.unitKinds && !a.unitKinds.includes(unitKind)) return false;
    return true;
  });
}

const decimalIn = (text: string | null, lo?: string, hi?: string): boolean => {
  if (text === null || !isDecimal(text)) return false;
  const v = parseScaled(text, RATIO_SCALE);
  if (lo !== undefined && v < parseScaled(lo, RATIO_SCALE)) return false;
  if (hi !== undefined && v > parseScaled(hi, RATIO_SCALE)) return false;
  return true;
};

const positiveCount = (text: string | null): boolean =>
  text === null || (decimalIn(text) && parseScaled(text, RATIO_SCALE) > 0n);

const keyIn = (value: unknown, keys: readonly { key: string }[]): boolean =>
  typeof value === 'string' && keys.some((k) => k.key === value);

type Check = Result<true, FactRecordingError>;

/** Value and payload fit the leaf's method. */
function checkValue(node: SchemeNode, input: NewFactInput): Check {
  const method = node.method!;
  const { value, payload } = input;
  if (value !== null && !isDecimal(value)) return fail('fact-value-invalid', 'value');
  switch (method.kind) {
    case 'deduction':
      if (!keyIn(payload.item, method.items)) return fail('fact-value-invalid', 'payload.item');
      if (value !== null && rankOf(value) === undefined) return fail('fact-value-invalid', 'value');
      return ok(true);
    case 'graded-choice':
      if (!keyIn(payload.option, method.options))
        return fail('fact-value-invalid', 'payload.option');
      return ok(true);
    case 'rank-table': {
      if (rankOf(value) === undefined) return fail('fact-value-invalid', 'value');
      const tied = payload.tiedWith;
      if (
        tied !== undefined &&
        (typeof tied !== 'number' || !Number.isSafeInteger(tied) || tied < 1)
      ) {
        return fail('fact-value-invalid', 'payload.tiedWith');
      }
      return ok(true);
    }
    case 'external-lookup':
      if (payload.grade !== undefined) {
        if (!method.grades || !keyIn(payload.grade, method.grades)) {
          return fail('fact-value-invalid', 'payload.grade');
        }
        return ok(true);
      }
      if (!method.ranks || rankOf(value) === undefined) return fail('fact-value-invalid', 'value');
      return ok(true);
    case 'rating-average':
      if (!keyIn(payload.group, method.groups)) return fail('fact-value-invalid', 'payload.group');
      if (!decimalIn(value, '0', method.scaleMax)) return fail('fact-value-invalid', 'value');
      return ok(true);
    case 'task-force':
      if (typeof payload.taskForce !== 'string' || payload.taskForce.trim() === '') {
        return fail('fact-value-invalid', 'payload.taskForce');
      }
      if (payload.part !== 'base' && payload.part !== 'allocation') {
        return fail('fact-value-invalid', 'payload.part');
      }
      if (value === null) return fail('fact-value-invalid', 'value');
      return ok(true);
    case 'clause':
      if (!keyIn(payload.clause, method.clauses))
        return fail('fact-value-invalid', 'payload.clause');
      if (!positiveCount(value)) return fail('fact-value-invalid', 'value');
      return ok(true);
    case 'discretionary':
      if (!decimalIn(value, method.min, method.max)) return fail('fact-value-invalid', 'value');
      if ((input.evidence.note ?? '').trim() === '') {
        return fail('fact-reason-required', 'evidence.note');
      }
      return ok(true);
    case 'threshold':
    case 'workflow':
    case 'okr':
    case 'kpi':
      if (value === null) return fail('fact-value-invalid', 'value');
      return ok(true);
  }
}

/**
 * Check a fact before it is recorded by `recorder` (a person id; null = the system or an
 * integration). Returns the input unchanged when it may be stored, else the first rule it
 * breaks with the field at fault.
 */
export function checkFactRecording(
  scheme: Scheme,
  input: NewFactInput,
  recorder: string | null,
  org: OrgSnapshot,
): Result<NewFactInput, FactRecordingError> {
  const path = nodePath(scheme, input.indicator);
  const node = path?.[path.length - 1];
  if (path === undefined || node?.method === undefined)
    return fail('indicator-unknown', 'indicator');
  const method = node.method;
  const scope = node.factScope ?? 'person';
  const subject = input.subject;

  // Which kind of subject the leaf reads.
  const wantsUnit =
    method.kind === 'external-lookup' || scope === 'unit' || scope === 'assessment-unit';
  const wantsPerson = method.kind !== 'external-lookup' && scope === 'person';
  if ((subject.kind === 'person' && wantsUnit) || (subject.kind === 'unit' && wantsPerson)) {
    return fail('fact-subject-invalid', 'subject.kind');
  }
  if (subject.kind === 'person') {
    const person = org.people.find((p) => p.id === subject.id);
    if (person === undefined) return fail('person-not-found', 'subject.id');
    if (!appliesToPerson(scheme, path, person, org)) {
      return fail('indicator-not-applicable', 'indicator');
    }
  } else if (!org.units.some((u) => u.id === subject.id)) {
    return fail('unit-not-found', 'subject.id');
  }

  // Nobody records a fact about their own score, directly or through their unit or villages.
  if (recorder !== null) {
    if (subject.kind === 'person' && subject.id === recorder)
      return fail('fact-own-score', 'subject');
    const me = org.people.find((p) => p.id === recorder);
    if (me !== undefined && subject.kind === 'unit' && appliesToPerson(scheme, path, me, org)) {
      const flowsToMe =
        method.kind === 'external-lookup'
          ? method.link === 'villages'
            ? me.villageIds.includes(subject.id)
            : me.unitId === subject.id
          : scope === 'assessment-unit'
            ? assessmentUnitResolver(org)(me.unitId) === subject.id
            : me.unitId === subject.id;
      if (flowsToMe) return fail('fact-own-score', 'subject');
    }
  }

  const checked = checkValue(node, input);
  return checked.ok ? ok(input) : checked;
}
