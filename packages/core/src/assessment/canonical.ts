/**
 * Canonical bytes for the hash-chained ledger. The same value always gives the same text,
 * whatever the key order it was built or stored with, so the database can re-derive a fact's
 * bytes from its row and compare hashes.
 *
 * Rules (a superset of JSON, close to RFC 8785):
 * - object keys sorted by UTF-16 code units; properties whose value is `undefined` are left out
 *   (optional fields); no whitespace anywhere;
 * - strings are escaped as `JSON.stringify` does and are NOT Unicode-normalised: the ledger must
 *   see every stored byte, so two spellings of the same text are two different records (inputs
 *   that want NFC normalise before storing);
 * - numbers must be finite and are written in ECMAScript's shortest round-trip form (what
 *   PostgreSQL's jsonb gives back parses to the same number); bigints as their decimal digits;
 *   exact quantities (points, values) travel as decimal strings anyway;
 * - `undefined` inside an array, functions, symbols, non-finite numbers and objects that are not
 *   plain (Date, Map, class instances) are refused with a TypeError: nothing is coerced silently.
 */
import type { Fact } from './types.ts';

function write(value: unknown, path: string, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: number is not finite`);
      out.push(JSON.stringify(value));
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'object':
      break;
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new TypeError(`${path}: ${typeof value} has no canonical form`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, i) => {
      if (item === undefined) throw new TypeError(`${path}[${i}]: undefined in an array`);
      if (i > 0) out.push(',');
      write(item, `${path}[${i}]`, out);
    });
    out.push(']');
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`${path}: only plain objects have a canonical form`);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    write(record[key], `${path}.${key}`, out);
  });
  out.push('}');
}

/**
 * Canonical JSON text of a value: sorted keys, no whitespace, strings as stored (no
 * normalisation), finite numbers in shortest form. Throws TypeError on what JSON cannot carry.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', out);
  return out.join('');
}

/**
 * Canonical bytes of one fact in a tenant's ledger: exactly the fields of the fact plus the
 * tenant id, so a fact copied into another tenant never verifies there. The database re-derives
 * this from the stored row, so `recordedAt` must be given as the store reads it back (ISO UTC).
 */
export function canonicalFact(fact: Fact, tenantId: string): string {
  return canonicalJson({
    tenantId,
    id: fact.id,
    periodId: fact.periodId,
    subject: { kind: fact.subject.kind, id: fact.subject.id },
    indicator: fact.indicator,
    value: fact.value,
    payload: fact.payload,
    source: fact.source,
    evidence: fact.evidence,
    recordedBy: fact.recordedBy,
    recordedAt: fact.recordedAt,
    supersedes: fact.supersedes,
  });
}
