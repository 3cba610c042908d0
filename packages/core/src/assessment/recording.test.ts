import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../errors.ts';
import { checkFactRecording, type NewFactInput } from './recording.ts';
import { orgOf, person } from './score-fixtures.ts';
import { departmentSchemeTemplate, hTownship2021Scheme } from './templates.ts';

const org = orgOf(
  person('head', { rank: 'middle_head', villageIds: ['v1'] }),
  person('clerk', { rank: 'general', villageIds: ['v2'] }),
  person('other', { unitId: 'u2' }),
);

const input = (partial: Partial<NewFactInput>): NewFactInput => ({
  periodId: 'q1',
  subject: { kind: 'person', id: 'clerk' },
  indicator: 'political',
  value: null,
  payload: { item: 'missed-study' },
  source: 'manual',
  evidence: {},
  supersedes: null,
  ...partial,
});

describe('checkFactRecording', () => {
  it.each<[string, Partial<NewFactInput>]>([
    ['a deduction', {}],
    ['a deduction with a count', { value: '2' }],
    ['a graded choice', { indicator: 'post-score', payload: { option: 'B' } }],
    ['a rank', { indicator: 'module-rank', value: '5' }],
    ['a tied rank', { indicator: 'module-rank', value: '5', payload: { tiedWith: 2 } }],
    [
      'a village rank',
      { indicator: 'village-rank', subject: { kind: 'unit', id: 'v3' }, value: '12', payload: {} },
    ],
    [
      'a rating at the top of the scale',
      { indicator: 'evaluation', payload: { group: 'leader' }, value: '100' },
    ],
    ['a rating of 0', { indicator: 'evaluation', payload: { group: 'leader' }, value: '0' }],
    [
      'a task-force allocation',
      { indicator: 'task-force', payload: { taskForce: '防汛', part: 'allocation' }, value: '-2' },
    ],
    ['a clause', { indicator: 'clauses', payload: { clause: 'honour-city' } }],
    [
      'a discretionary adjustment with a reason',
      { indicator: 'discretionary', payload: {}, value: '-10', evidence: { note: '迟报灾情' } },
    ],
    ['a correction', { supersedes: 'f1' }],
  ])('accepts %s', (_name, partial) => {
    const fact = input(partial);
    expect(checkFactRecording(hTownship2021Scheme, fact, 'head', org)).toEqual({
      ok: true,
      value: fact,
    });
  });

  it.each<[string, Partial<NewFactInput>, string | null, string, string]>([
    ['an unknown indicator', { indicator: 'charm' }, 'head', 'indicator-unknown', 'indicator'],
    [
      'a group instead of a leaf',
      { indicator: 'conduct' },
      'head',
      'indicator-unknown',
      'indicator',
    ],
    [
      'a fact about oneself',
      { subject: { kind: 'person', id: 'head' } },
      'head',
      'fact-own-score',
      'subject',
    ],
    [
      'a rank of one’s own linked village',
      { indicator: 'village-rank', subject: { kind: 'unit', id: 'v1' }, value: '1', payload: {} },
      'head',
      'fact-own-score',
      'subject',
    ],
    [
      'an unknown person',
      { subject: { kind: 'person', id: 'ghost' } },
      'head',
      'person-not-found',
      'subject.id',
    ],
    [
      'an unknown unit',
      { indicator: 'village-rank', subject: { kind: 'unit', id: 'v9' }, value: '1', payload: {} },
      'head',
      'unit-not-found',
      'subject.id',
    ],
    [
      'a unit subject on a person indicator',
      { subject: { kind: 'unit', id: 'u1' } },
      'head',
      'fact-subject-invalid',
      'subject.kind',
    ],
    [
      'a person subject on a village lookup',
      { indicator: 'village-rank', value: '1', payload: {} },
      'head',
      'fact-subject-invalid',
      'subject.kind',
    ],
    [
      'a discretionary adjustment without a reason',
      { indicator: 'discretionary', payload: {}, value: '2' },
      'head',
      'fact-reason-required',
      'evidence.note',
    ],
    [
      'a discretionary adjustment with a blank reason',
      { indicator: 'discretionary', payload: {}, value: '2', evidence: { note: '   ' } },
      null,
      'fact-reason-required',
      'evidence.note',
    ],
    [
      'a discretionary adjustment above max',
      { indicator: 'discretionary', payload: {}, value: '10.5', evidence: { note: 'x' } },
      'head',
      'fact-value-invalid',
      'value',
    ],
    [
      'a discretionary adjustment below min',
      { indicator: 'discretionary', payload: {}, value: '-11', evidence: { note: 'x' } },
      'head',
      'fact-value-invalid',
      'value',
    ],
    [
      'an unknown deduction item',
      { payload: { item: 'nap' } },
      'head',
      'fact-value-invalid',
      'payload.item',
    ],
    ['a fractional count', { value: '1.5' }, 'head', 'fact-value-invalid', 'value'],
    ['a zero count', { value: '0' }, 'head', 'fact-value-invalid', 'value'],
    [
      'an unknown option',
      { indicator: 'post-score', payload: { option: 'C' } },
      'head',
      'fact-value-invalid',
      'payload.option',
    ],
    ['rank 0', { indicator: 'module-rank', value: '0' }, 'head', 'fact-value-invalid', 'value'],
    ['rank 2.5', { indicator: 'module-rank', value: '2.5' }, 'head', 'fact-value-invalid', 'value'],
    ['no rank', { indicator: 'module-rank' }, 'head', 'fact-value-invalid', 'value'],
    [
      'a tie of 0',
      { indicator: 'module-rank', value: '3', payload: { tiedWith: 0 } },
      'head',
      'fact-value-invalid',
      'payload.tiedWith',
    ],
    [
      'a rating above the scale',
      { indicator: 'evaluation', payload: { group: 'leader' }, value: '100.01' },
      'head',
      'fact-value-invalid',
      'value',
    ],
    [
      'a negative rating',
      { indicator: 'evaluation', payload: { group: 'leader' }, value: '-1' },
      'head',
      'fact-value-invalid',
      'value',
    ],
    [
      'an unknown rater group',
      { indicator: 'evaluation', payload: { group: 'mayor' }, value: '80' },
      'head',
      'fact-value-invalid',
      'payload.group',
    ],
    [
      'a task force without a name',
      { indicator: 'task-force', payload: { part: 'base' }, value: '5' },
      'head',
      'fact-value-invalid',
      'payload.taskForce',
    ],
    [
      'a task force with a bad part',
      { indicator: 'task-force', payload: { taskForce: 't', part: 'bonus' }, value: '5' },
      'head',
      'fact-value-invalid',
      'payload.part',
    ],
    [
      'an unknown clause',
      { indicator: 'clauses', payload: { clause: 'medal' } },
      'head',
      'fact-value-invalid',
      'payload.clause',
    ],
    ['a non-decimal value', { value: '3,5' }, 'head', 'fact-value-invalid', 'value'],
    [
      'a village grade the lookup does not have',
      { indicator: 'village-rank', subject: { kind: 'unit', id: 'v3' }, payload: { grade: 'red' } },
      'head',
      'fact-value-invalid',
      'payload.grade',
    ],
  ])('rejects %s', (_name, partial, recorder, reason, field) => {
    expect(checkFactRecording(hTownship2021Scheme, input(partial), recorder, org)).toEqual({
      ok: false,
      reason,
      field,
    });
    expect(isErrorCode(reason)).toBe(true);
  });

  describe('with the department template (layers, dual track)', () => {
    const dept = {
      units: [
        { id: 'dept', parentId: null, kind: 'department', name: '局' },
        { id: 'sec', parentId: 'dept', kind: 'section', name: '股' },
        { id: 'sec2', parentId: 'dept', kind: 'section', name: '股二' },
      ],
      people: [
        person('chief', { unitId: 'sec', rank: 'middle_head' }),
        person('clerk', { unitId: 'sec', rank: 'general' }),
      ],
    };
    const section = (unitId: string): NewFactInput =>
      input({
        indicator: 'section-score',
        subject: { kind: 'unit', id: unitId },
        payload: { option: 'A' },
      });

    it('a section’s score flows to its members, so they cannot record it', () => {
      expect(
        checkFactRecording(departmentSchemeTemplate, section('sec'), 'clerk', dept),
      ).toMatchObject({
        ok: false,
        reason: 'fact-own-score',
      });
      expect(checkFactRecording(departmentSchemeTemplate, section('sec2'), 'clerk', dept).ok).toBe(
        true,
      );
      expect(checkFactRecording(departmentSchemeTemplate, section('sec'), null, dept).ok).toBe(
        true,
      );
    });

    it('an indicator for managers cannot be recorded about an executor', () => {
      const rank = input({
        indicator: 'line-rank',
        subject: { kind: 'person', id: 'clerk' },
        value: '3',
        payload: {},
      });
      expect(checkFactRecording(departmentSchemeTemplate, rank, 'chief', dept)).toEqual({
        ok: false,
        reason: 'indicator-not-applicable',
        field: 'indicator',
      });
      const onChief = { ...rank, subject: { kind: 'person' as const, id: 'chief' } };
      expect(checkFactRecording(departmentSchemeTemplate, onChief, 'clerk', dept).ok).toBe(true);
    });
  });
});
