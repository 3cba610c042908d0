import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalFact, canonicalJson } from './canonical.ts';
import type { Fact } from './types.ts';

describe(canonicalJson, () => {
  it.each([
    ['null', null, 'null'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['integer', 3, '3'],
    ['negative decimal', -1.5, '-1.5'],
    ['negative zero is zero', -0, '0'],
    ['large number in shortest form', 1e21, '1e+21'],
    ['bigint as digits', 12345678901234567890n, '12345678901234567890'],
    ['decimal string stays a string', '1.50', '"1.50"'],
    ['escapes quotes and control characters', 'a"b\\c\n\u0001', '"a\\"b\\\\c\\n\\u0001"'],
    ['keeps non-ASCII as is', '迟到', '"迟到"'],
    ['empty object', {}, '{}'],
    ['empty array', [], '[]'],
    [
      'sorted keys, no whitespace',
      { b: 1, a: [1, 'x'], c: { z: null, y: true } },
      '{"a":[1,"x"],"b":1,"c":{"y":true,"z":null}}',
    ],
    ['keys by UTF-16 code units', { b: 1, B: 2, é: 3, a: 4 }, '{"B":2,"a":4,"b":1,"é":3}'],
    ['undefined properties are left out', { a: undefined, b: 1 }, '{"b":1}'],
    [
      'null-prototype objects are plain',
      Object.assign(Object.create(null) as object, { k: 1 }),
      '{"k":1}',
    ],
  ])('%s', (_label, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('does not normalise Unicode: NFC and NFD spellings differ', () => {
    const nfc = 'é';
    const nfd = 'e\u0301';
    expect(canonicalJson(nfc)).not.toBe(canonicalJson(nfd));
  });

  it.each([
    ['NaN', Number.NaN, /not finite/],
    ['Infinity', Number.POSITIVE_INFINITY, /not finite/],
    ['undefined at the top', undefined, /undefined has no canonical form/],
    ['undefined in an array', [1, undefined], /\$\[1\]: undefined in an array/],
    ['a function', { f: () => 1 }, /\$\.f: function/],
    ['a symbol', [Symbol('s')], /symbol/],
    ['a Date', { at: new Date(0) }, /\$\.at: only plain objects/],
    ['a Map', new Map(), /only plain objects/],
  ])('refuses %s', (_label, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('parses back to the same value and ignores key order (what jsonb does to it)', () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .reverse()
                .map((k) => [k, reverseKeys((v as Record<string, unknown>)[k])]),
            )
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reverseKeys(value))).toBe(text);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
        expect(text).not.toMatch(/^\s|\s$/);
      }),
    );
  });
});

describe(canonicalFact, () => {
  const fact: Fact = {
    id: '00000000-0000-4000-8000-000000000001',
    periodId: '00000000-0000-4000-8000-000000000002',
    subject: { kind: 'person', id: '00000000-0000-4000-8000-000000000003' },
    indicator: 'discipline',
    value: '2',
    payload: { item: 'late' },
    source: 'manual',
    evidence: { note: '两次迟到' },
    recordedBy: null,
    recordedAt: '2026-03-01T08:00:00.000Z',
    supersedes: null,
  };
  const tenant = '00000000-0000-4000-8000-0000000000aa';

  it('writes exactly the fields of the fact and the tenant, sorted', () => {
    expect(canonicalFact(fact, tenant)).toBe(
      '{"evidence":{"note":"两次迟到"},"id":"00000000-0000-4000-8000-000000000001","indicator":"discipline",' +
        '"payload":{"item":"late"},"periodId":"00000000-0000-4000-8000-000000000002",' +
        '"recordedAt":"2026-03-01T08:00:00.000Z","recordedBy":null,"source":"manual",' +
        '"subject":{"id":"00000000-0000-4000-8000-000000000003","kind":"person"},"supersedes":null,' +
        '"tenantId":"00000000-0000-4000-8000-0000000000aa","value":"2"}',
    );
  });

  it.each([
    ['tenant', () => canonicalFact(fact, tenant.replace('aa', 'ab'))],
    ['value', () => canonicalFact({ ...fact, value: '2.0' }, tenant)],
    ['value null', () => canonicalFact({ ...fact, value: null }, tenant)],
    ['payload', () => canonicalFact({ ...fact, payload: { item: 'early' } }, tenant)],
    ['evidence', () => canonicalFact({ ...fact, evidence: {} }, tenant)],
    [
      'subject kind',
      () => canonicalFact({ ...fact, subject: { ...fact.subject, kind: 'unit' } }, tenant),
    ],
    [
      'recordedAt',
      () => canonicalFact({ ...fact, recordedAt: '2026-03-01T08:00:00.001Z' }, tenant),
    ],
    ['recordedBy', () => canonicalFact({ ...fact, recordedBy: fact.id }, tenant)],
    ['supersedes', () => canonicalFact({ ...fact, supersedes: fact.id }, tenant)],
    ['source', () => canonicalFact({ ...fact, source: 'workflow' }, tenant)],
    ['indicator', () => canonicalFact({ ...fact, indicator: 'Discipline' }, tenant)],
  ])('changes when the %s changes', (_label, changed) => {
    expect(changed()).not.toBe(canonicalFact(fact, tenant));
  });

  it('equals canonicalJson of the same fields for any fact (property)', () => {
    const optional = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: null });
    const arbFact: fc.Arbitrary<Fact> = fc.record({
      id: fc.uuid(),
      periodId: fc.uuid(),
      subject: fc.record({
        kind: fc.constantFrom('person' as const, 'unit' as const),
        id: fc.uuid(),
      }),
      indicator: fc.string(),
      value: optional(fc.string()),
      payload: fc.dictionary(fc.string(), fc.jsonValue()),
      source: fc.constantFrom('manual' as const, 'workflow' as const, 'okr' as const),
      evidence: fc.record(
        { note: fc.string(), attachments: fc.array(fc.string()) },
        { requiredKeys: [] },
      ),
      recordedBy: optional(fc.uuid()),
      recordedAt: fc.string(),
      supersedes: optional(fc.uuid()),
    });
    fc.assert(
      fc.property(arbFact, fc.string(), (f, t) => {
        expect(canonicalFact(f, t)).toBe(
          canonicalJson({
            tenantId: t,
            id: f.id,
            periodId: f.periodId,
            subject: f.subject,
            indicator: f.indicator,
            value: f.value,
            payload: f.payload,
            source: f.source,
            evidence: f.evidence,
            recordedBy: f.recordedBy,
            recordedAt: f.recordedAt,
            supersedes: f.supersedes,
          }),
        );
      }),
    );
  });

  it('ignores fields outside the fact contract', () => {
    const extra = { ...fact, seq: 7 } as Fact;
    expect(canonicalFact(extra, tenant)).toBe(canonicalFact(fact, tenant));
  });
});
