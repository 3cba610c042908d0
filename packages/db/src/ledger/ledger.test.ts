import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { canonicalFact, canonicalJson } from '@tianheng/core';
import type { DatabaseHandle } from '../connect.ts';
import { migrateToLatest } from '../migrate.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import {
  appendFacts,
  appendLedgerEvent,
  chainHash,
  entryBytes,
  GENESIS_HASH,
  verifyLedger,
  type NewFactRow,
} from './ledger.ts';
import { listPeriodFacts } from '../repositories/fact.repository.ts';
import { seedLedgerTenant } from './ledger-fixtures.ts';
import { StoreError } from './store-error.ts';

const personA = '11111111-1111-4111-8111-111111111111';
const personB = '22222222-2222-4222-8222-222222222222';
const recorder = '33333333-3333-4333-8333-333333333333';

function fact(periodId: string, over: Partial<NewFactRow> = {}): NewFactRow {
  return {
    periodId,
    subject: { kind: 'person', id: personA },
    indicator: 'discipline',
    value: '2',
    payload: { item: 'late' },
    source: 'manual',
    evidence: { note: '两次迟到' },
    recordedBy: recorder,
    recordedAt: '2026-03-05T08:00:00.000Z',
    ...over,
  };
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** Run `work` in a transaction that is always rolled back, so tampering never leaks. */
async function inRolledBack(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<void>) {
  const rollback = new Error('rollback');
  await expect(
    db.transaction().execute(async (trx) => {
      await work(trx);
      throw rollback;
    }),
  ).rejects.toBe(rollback);
}

/** Change the last hex digit of a uuid column. */
const flipUuid = (col: string) =>
  `(left(${col}::text, 35) || CASE WHEN right(${col}::text, 1) = '0' THEN '1' ELSE '0' END)::uuid`;
const flipHex = (col: string) =>
  `left(${col}, length(${col}) - 1) || CASE WHEN right(${col}, 1) = '0' THEN '1' ELSE '0' END`;

describe.each(testBackends())('ledger on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
  });
  afterAll(async () => {
    await handle.close();
  });

  it('migrating again changes nothing', async () => {
    const again = await migrateToLatest(db);
    expect(again.results).toEqual([]);
  });

  it('SM3 is the standard one (GB/T 32905 test vector)', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });

  it.each([
    ['1', 'fact', 'f-1', '2026-03-05T08:00:00.000Z', '{}'],
    ['12', 'scheme', 'k@"quoted"\\', '2026-03-05T08:00:00.123456Z', '{"a":1}'],
  ] as const)(
    'entry bytes are the canonical envelope, a newline and the record (%s)',
    (seq, kind, ref, at, record) => {
      expect(entryBytes(seq, kind, ref, at, record)).toBe(
        `${canonicalJson({ seq, kind, ref, at })}\n${record}`,
      );
    },
  );

  describe.each(['sha256', 'sm3'] as const)('with %s', (algorithm) => {
    it('chains events and facts from the zero genesis and verifies', async () => {
      const { tenantId, periodId } = await seedLedgerTenant(db, `chain-${algorithm}`, {
        ledgerHash: algorithm,
      });
      const first = await appendLedgerEvent(db, tenantId, 'period', periodId, {
        event: 'created',
        name: '2026年3月',
      });
      expect(first.seq).toBe(1);
      const facts = await appendFacts(db, tenantId, [
        fact(periodId),
        fact(periodId, { value: null, payload: { option: 'A' }, recordedBy: null }),
      ]);
      expect(facts).toHaveLength(2);
      const entries = await db
        .selectFrom('ledger_entry')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('seq')
        .execute();
      expect(entries.map((e) => [e.seq, e.kind, e.algorithm])).toEqual([
        ['1', 'period', algorithm],
        ['2', 'fact', algorithm],
        ['3', 'fact', algorithm],
      ]);
      expect(entries[0]!.prev_hash).toBe(GENESIS_HASH);
      expect(entries[1]!.prev_hash).toBe(entries[0]!.hash);
      expect(entries[1]!.body).toBeNull();
      // Recompute entry 2 independently: H(prev bytes ‖ envelope \n canonical fact).
      const at = entries[1]!.created_at.toISOString();
      const bytes = entryBytes('2', 'fact', facts[0]!.id, at, canonicalFact(facts[0]!, tenantId));
      const independent = createHash(algorithm)
        .update(Buffer.concat([Buffer.from(entries[0]!.hash, 'hex'), Buffer.from(bytes, 'utf8')]))
        .digest('hex');
      expect(entries[1]!.hash).toBe(independent);
      expect(chainHash(algorithm, entries[0]!.hash, bytes)).toBe(independent);
      expect(await verifyLedger(db, tenantId)).toEqual({
        ok: true,
        entries: 3,
        head: entries[2]!.hash,
      });
    });
  });

  it('gives back the facts as stored, in ledger order, with the store’s number text', async () => {
    const { tenantId, periodId } = await seedLedgerTenant(db, 'readback');
    const [a, b] = await appendFacts(db, tenantId, [
      fact(periodId, { value: '01.50', payload: { n: 1.0, nested: { z: 1, a: [true] } } }),
      fact(periodId, { recordedAt: new Date(Date.UTC(2026, 2, 6, 1, 2, 3, 4)) }),
    ]);
    expect(a).toMatchObject({ value: '1.50', payload: { n: 1, nested: { a: [true], z: 1 } } });
    expect(b!.recordedAt).toBe('2026-03-06T01:02:03.004Z');
    expect((await verifyLedger(db, tenantId)).ok).toBe(true);
  });

  it('hashes before inserting exactly what the store reads back (property)', async () => {
    const { tenantId, periodId } = await seedLedgerTenant(db, 'roundtrip');
    // Strings PostgreSQL refuses (NUL) are left out: those writes fail and store nothing.
    const text = fc.string({ unit: 'grapheme' }).filter((t) => !t.includes('\u0000'));
    const json = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('\\u0000'));
    const decimal = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^\d{1,13}$/),
        fc.option(fc.stringMatching(/^\d{1,4}$/)),
      )
      .map(
        ([neg, whole, fraction]) =>
          `${neg ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}`,
      );
    const newFact = fc.record({
      periodId: fc.constant(periodId.toUpperCase()),
      subject: fc.record({
        kind: fc.constantFrom('person' as const, 'unit' as const),
        id: fc.uuid(),
      }),
      indicator: text.filter((t) => t.length >= 1 && t.length <= 100),
      value: fc.option(decimal, { nil: null }),
      payload: fc.dictionary(text, json),
      source: fc.constantFrom('manual' as const, 'rating' as const, 'integration' as const),
      evidence: fc.record({ note: text, attachments: fc.array(text) }, { requiredKeys: [] }),
      recordedBy: fc.option(fc.uuid(), { nil: null }),
      recordedAt: fc.date({
        min: new Date('1970-01-01'),
        max: new Date('2200-01-01'),
        noInvalidDate: true,
      }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(newFact, { minLength: 1, maxLength: 8 }), async (batch) => {
        const stored = await appendFacts(db, tenantId, batch);
        const read = await listPeriodFacts(db, tenantId, [periodId]);
        const byId = new Map(read.map((f) => [f.id, f]));
        for (const f of stored) expect(byId.get(f.id)).toEqual(f);
      }),
      { numRuns: 25 },
    );
    expect((await verifyLedger(db, tenantId)).ok).toBe(true);
  });

  it.each([
    [
      'a malformed subject id',
      { subject: { kind: 'person' as const, id: 'not-a-uuid' } },
      'subject.id',
    ],
    ['a malformed period id', { periodId: '123' }, 'periodId'],
    ['an unreadable time', { recordedAt: 'yesterday' }, 'recordedAt'],
    [
      'a payload that is not an object',
      { payload: [1] as unknown as Record<string, unknown> },
      'payload',
    ],
  ])('refuses %s before touching the database', async (_label, over, field) => {
    const { tenantId, periodId } = await seedLedgerTenant(db, `malformed-${field}`);
    const error = await rejection(appendFacts(db, tenantId, [fact(periodId, over)]));
    expect([error.code, error.field]).toEqual(['invalid-input', field]);
  });

  it('an empty tenant verifies with zero entries and the genesis head', async () => {
    const { tenantId } = await seedLedgerTenant(db, 'empty');
    expect(await verifyLedger(db, tenantId)).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });

  describe('names the entry whose stored bytes changed', () => {
    let tenantId: string;
    let otherTenant: string;
    beforeAll(async () => {
      const seeded = await seedLedgerTenant(db, 'tamper');
      tenantId = seeded.tenantId;
      otherTenant = (await seedLedgerTenant(db, 'tamper-other')).tenantId;
      await appendLedgerEvent(db, tenantId, 'scheme', 'test-scheme@1', { version: 1 }); // 1
      await appendLedgerEvent(db, tenantId, 'period', seeded.periodId, { event: 'created' }); // 2
      const [original] = await appendFacts(db, tenantId, [fact(seeded.periodId)]); // 3
      await appendFacts(db, tenantId, [
        fact(seeded.periodId, { supersedes: original!.id, value: '3' }), // 4: the target
        fact(seeded.periodId, { subject: { kind: 'person', id: personB } }), // 5
      ]);
      expect((await verifyLedger(db, tenantId)).ok).toBe(true);
    });

    const factAt4 = `tenant_id = $T AND seq = 4`;
    it.each([
      ['fact.tenant_id', 'fact', `tenant_id = $O`, 'missing-record'],
      ['fact.fact_id', 'fact', `fact_id = ${flipUuid('fact_id')}`, 'hash-mismatch'],
      ['fact.seq', 'fact', `seq = seq + 1000`, 'missing-record'],
      ['fact.period_id', 'fact', `period_id = ${flipUuid('period_id')}`, 'hash-mismatch'],
      ['fact.subject_kind', 'fact', `subject_kind = 'unit'`, 'hash-mismatch'],
      ['fact.subject_id', 'fact', `subject_id = ${flipUuid('subject_id')}`, 'hash-mismatch'],
      ['fact.indicator', 'fact', `indicator = 'disciplinf'`, 'hash-mismatch'],
      ['fact.value', 'fact', `value = 4`, 'hash-mismatch'],
      ['fact.value scale', 'fact', `value = 3.0`, 'hash-mismatch'],
      ['fact.value to null', 'fact', `value = NULL`, 'hash-mismatch'],
      ['fact.payload', 'fact', `payload = jsonb_set(payload, '{item}', '"lbte"')`, 'hash-mismatch'],
      ['fact.source', 'fact', `source = 'okr'`, 'hash-mismatch'],
      ['fact.evidence', 'fact', `evidence = '{"note":"两次迟列"}'`, 'hash-mismatch'],
      ['fact.recorded_by', 'fact', `recorded_by = ${flipUuid('recorded_by')}`, 'hash-mismatch'],
      [
        'fact.recorded_at (one microsecond)',
        'fact',
        `recorded_at = recorded_at + interval '1 microsecond'`,
        'hash-mismatch',
      ],
      ['fact.supersedes', 'fact', `supersedes = ${flipUuid('supersedes')}`, 'hash-mismatch'],
      ['ledger_entry.tenant_id', 'ledger_entry', `tenant_id = $O`, 'seq-gap'],
      ['ledger_entry.seq', 'ledger_entry', `seq = seq + 1000`, 'seq-gap'],
      ['ledger_entry.kind', 'ledger_entry', `kind = 'period'`, 'hash-mismatch'],
      ['ledger_entry.ref_id', 'ledger_entry', `ref_id = ${flipHex('ref_id')}`, 'hash-mismatch'],
      ['ledger_entry.body (fact entry)', 'ledger_entry', `body = '{}'`, 'hash-mismatch'],
      [
        'ledger_entry.prev_hash',
        'ledger_entry',
        `prev_hash = ${flipHex('prev_hash')}`,
        'prev-mismatch',
      ],
      ['ledger_entry.hash', 'ledger_entry', `hash = ${flipHex('hash')}`, 'hash-mismatch'],
      ['ledger_entry.algorithm', 'ledger_entry', `algorithm = 'sm3'`, 'hash-mismatch'],
      [
        'ledger_entry.created_at (one microsecond)',
        'ledger_entry',
        `created_at = created_at + interval '1 microsecond'`,
        'hash-mismatch',
      ],
    ])('%s', async (_label, table, set, reason) => {
      await inRolledBack(db, async (trx) => {
        await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER ALL`).execute(trx);
        const statement = `UPDATE ${table} SET ${set} WHERE ${factAt4}`
          .replaceAll('$T', `'${tenantId}'`)
          .replaceAll('$O', `'${otherTenant}'`);
        const { numAffectedRows } = await sql.raw(statement).execute(trx);
        expect(numAffectedRows).toBe(1n);
        const result = await verifyLedger(trx, tenantId);
        expect(result).toMatchObject({ ok: false, entries: 3, firstBroken: { seq: 4, reason } });
      });
      expect((await verifyLedger(db, tenantId)).ok).toBe(true);
    });

    it.each([
      ['body', `body = replace(body, '"version":1', '"version":2')`],
      ['created_at', `created_at = created_at - interval '1 microsecond'`],
    ])('an event entry’s %s', async (_label, set) => {
      await inRolledBack(db, async (trx) => {
        await sql.raw(`ALTER TABLE ledger_entry DISABLE TRIGGER ALL`).execute(trx);
        await sql
          .raw(`UPDATE ledger_entry SET ${set} WHERE tenant_id = '${tenantId}' AND seq = 1`)
          .execute(trx);
        expect(await verifyLedger(trx, tenantId)).toEqual({
          ok: false,
          entries: 0,
          firstBroken: { seq: 1, kind: 'scheme', refId: 'test-scheme@1', reason: 'hash-mismatch' },
        });
      });
    });

    it.each([
      ['a deleted entry is a seq gap', 'ledger_entry', 'seq-gap', null],
      ['a deleted fact is a missing record', 'fact', 'missing-record', 'fact'],
    ])('%s', async (_label, table, reason, kind) => {
      await inRolledBack(db, async (trx) => {
        await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER ALL`).execute(trx);
        await sql
          .raw(`DELETE FROM ${table} WHERE tenant_id = '${tenantId}' AND seq = 4`)
          .execute(trx);
        expect(await verifyLedger(trx, tenantId)).toMatchObject({
          ok: false,
          entries: 3,
          firstBroken: { seq: 4, kind, reason },
        });
      });
    });

    it('a fact whose evidence file lost or changed its bytes is named (ADR 0011)', async () => {
      const content = Buffer.from('现场照片');
      const sha256 = createHash('sha256').update(content).digest('hex');
      await inRolledBack(db, async (trx) => {
        const file = await trx
          .insertInto('attachment')
          .values({
            tenant_id: tenantId,
            name: 'photo.png',
            content_type: 'image/png',
            size_bytes: content.byteLength,
            sha256,
            content,
            uploaded_by: null,
            uploaded_at: new Date(),
          })
          .returning('attachment_id')
          .executeTakeFirstOrThrow();
        const periodId = (
          await trx
            .selectFrom('fact')
            .select('period_id')
            .where('tenant_id', '=', tenantId)
            .where('seq', '=', '3')
            .executeTakeFirstOrThrow()
        ).period_id;
        await appendFacts(trx, tenantId, [
          fact(periodId, {
            evidence: { note: '附照片', attachments: [`att:${file.attachment_id}:${sha256}`] },
          }),
        ]); // 6
        expect(await verifyLedger(trx, tenantId)).toMatchObject({ ok: true, entries: 6 });
        await sql`UPDATE attachment SET content = overlay(content placing decode('00', 'hex') from 1 for 1)
          WHERE attachment_id = ${file.attachment_id}`.execute(trx);
        expect(await verifyLedger(trx, tenantId)).toMatchObject({
          ok: false,
          entries: 5,
          firstBroken: { seq: 6, kind: 'fact', reason: 'attachment-mismatch' },
        });
        await sql`DELETE FROM attachment WHERE attachment_id = ${file.attachment_id}`.execute(trx);
        expect(await verifyLedger(trx, tenantId)).toMatchObject({
          ok: false,
          firstBroken: { seq: 6, reason: 'attachment-mismatch' },
        });
      });
    });

    it('a fact inserted around the ledger is named as unledgered', async () => {
      await inRolledBack(db, async (trx) => {
        await sql
          .raw(
            `INSERT INTO fact (tenant_id, fact_id, seq, period_id, subject_kind, subject_id, indicator, value, source, recorded_at)
             SELECT tenant_id, gen_random_uuid(), 99, period_id, 'person', subject_id, indicator, 5, 'manual', now()
             FROM fact WHERE tenant_id = '${tenantId}' AND seq = 3`,
          )
          .execute(trx);
        expect(await verifyLedger(trx, tenantId)).toMatchObject({
          ok: false,
          entries: 5,
          firstBroken: { seq: 99, kind: 'fact', reason: 'unledgered-record' },
        });
      });
    });

    it('refuses UPDATE, DELETE and TRUNCATE of facts and entries at the database', async () => {
      for (const table of ['fact', 'ledger_entry'] as const) {
        await expect(
          sql.raw(`UPDATE ${table} SET seq = seq WHERE tenant_id = '${tenantId}'`).execute(db),
        ).rejects.toThrow(`${table} is append-only`);
        await expect(
          sql.raw(`DELETE FROM ${table} WHERE tenant_id = '${tenantId}'`).execute(db),
        ).rejects.toThrow(/append-only/);
        await expect(sql.raw(`TRUNCATE ${table} CASCADE`).execute(db)).rejects.toThrow(
          /append-only/,
        );
      }
      expect(await verifyLedger(db, tenantId)).toMatchObject({ ok: true, entries: 5 });
    });
  });

  it('concurrent appends keep one unbroken chain', async () => {
    const { tenantId, periodId } = await seedLedgerTenant(db, 'concurrent');
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 15 }, (_, i) => fact(periodId, { value: String(b * 100 + i) })),
    );
    const results = await Promise.all([
      ...batches.map((batch) => appendFacts(db, tenantId, batch)),
      appendLedgerEvent(db, tenantId, 'period', periodId, { event: 'note' }),
    ]);
    expect(results.slice(0, 6).flat()).toHaveLength(90);
    expect(await verifyLedger(db, tenantId)).toMatchObject({ ok: true, entries: 91 });
    const seqs = await db
      .selectFrom('fact')
      .select('seq')
      .where('tenant_id', '=', tenantId)
      .orderBy('seq')
      .execute();
    // Each batch is contiguous: one transaction, one run of seqs.
    const runs = new Set(
      (
        await db
          .selectFrom('fact')
          .select(['seq', 'value'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((r) => `${Math.floor(Number(r.value) / 100)}:${Math.floor((Number(r.seq) - 1) / 15)}`),
    );
    expect(seqs).toHaveLength(90);
    expect(runs.size).toBeLessThanOrEqual(12);
  });

  it('appends batches larger than one statement, and a failure in a later chunk writes nothing', async () => {
    const { tenantId, periodId } = await seedLedgerTenant(db, 'bulk');
    const many = Array.from({ length: 11_000 }, (_, i) =>
      fact(periodId, {
        value: String(i),
        subject: { kind: 'person', id: i % 2 ? personA : personB },
      }),
    );
    const stored = await appendFacts(db, tenantId, many);
    expect(stored.map((f) => f.value)).toEqual(many.map((f) => f.value));
    expect(await verifyLedger(db, tenantId)).toMatchObject({ ok: true, entries: 11_000 });
    const bad = [...many.slice(0, 10_500), fact(periodId, { source: 'bogus' as 'manual' })];
    await expect(appendFacts(db, tenantId, bad)).rejects.toThrow(
      /fact_source_check|violates check/,
    );
    expect(await verifyLedger(db, tenantId)).toMatchObject({ ok: true, entries: 11_000 });
  });

  describe('refusals write nothing', () => {
    let tenantId: string;
    let periodId: string;
    let factId: string;
    beforeAll(async () => {
      ({ tenantId, periodId } = await seedLedgerTenant(db, 'refuse'));
      factId = (await appendFacts(db, tenantId, [fact(periodId)]))[0]!.id;
    });
    const count = async () =>
      (
        await db
          .selectFrom('ledger_entry')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow()
      ).n;

    it.each([
      [
        'an unknown period',
        () => [fact('99999999-9999-4999-8999-999999999999')],
        'period-not-found',
        'periodId',
      ],
      [
        'a value that is not a decimal',
        () => [fact(periodId, { value: '1e3' })],
        'invalid-input',
        'value',
      ],
      [
        'a correction of a missing fact',
        () => [fact(periodId, { supersedes: personA })],
        'fact-not-found',
        'supersedes',
      ],
      [
        'a correction about another subject',
        () => [fact(periodId, { supersedes: factId, subject: { kind: 'person', id: personB } })],
        'invalid-input',
        'supersedes',
      ],
      [
        'a correction about another indicator',
        () => [fact(periodId, { supersedes: factId, indicator: 'other' })],
        'invalid-input',
        'supersedes',
      ],
      [
        'two corrections of one fact in one batch',
        () => [fact(periodId, { supersedes: factId }), fact(periodId, { supersedes: factId })],
        'fact-superseded',
        'supersedes',
      ],
      [
        'a correction of a later fact of the same batch',
        () => [
          fact(periodId, { supersedes: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' }),
          fact(periodId, { id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' }),
        ],
        'fact-not-found',
        'supersedes',
      ],
    ])('%s', async (_label, batch, code, field) => {
      const before = await count();
      const error = await rejection(appendFacts(db, tenantId, [fact(periodId), ...batch()]));
      expect([error.code, error.field]).toEqual([code, field]);
      expect(await count()).toBe(before);
    });

    it('a fact is corrected at most once; a correction may itself be corrected', async () => {
      const [first] = await appendFacts(db, tenantId, [
        fact(periodId, { supersedes: factId, value: '1' }),
      ]);
      const error = await rejection(
        appendFacts(db, tenantId, [fact(periodId, { supersedes: factId })]),
      );
      expect(error.code).toBe('fact-superseded');
      const [second] = await appendFacts(db, tenantId, [fact(periodId, { supersedes: first!.id })]);
      expect(second!.supersedes).toBe(first!.id);
      // In one batch: a new fact and its correction.
      const pair = await appendFacts(db, tenantId, [
        fact(periodId, { id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' }),
        fact(periodId, { supersedes: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' }),
      ]);
      expect(pair[1]!.supersedes).toBe(pair[0]!.id);
      expect((await verifyLedger(db, tenantId)).ok).toBe(true);
    });

    it('a closed period takes no facts', async () => {
      const { tenantId: t, periodId: p } = await seedLedgerTenant(db, 'closed');
      await sql`UPDATE period SET status = 'closed', closed_at = now() WHERE period_id = ${p}`.execute(
        db,
      );
      const error = await rejection(appendFacts(db, t, [fact(p)]));
      expect([error.code, error.field]).toEqual(['period-closed', 'periodId']);
    });

    it('another tenant cannot correct this tenant’s fact nor use its period', async () => {
      const other = await seedLedgerTenant(db, 'refuse-other');
      const error = await rejection(
        appendFacts(db, other.tenantId, [fact(other.periodId, { supersedes: factId })]),
      );
      expect(error.code).toBe('fact-not-found');
      const period = await rejection(appendFacts(db, other.tenantId, [fact(periodId)]));
      expect(period.code).toBe('period-not-found');
      expect(await verifyLedger(db, other.tenantId)).toEqual({
        ok: true,
        entries: 0,
        head: GENESIS_HASH,
      });
    });
  });
});
