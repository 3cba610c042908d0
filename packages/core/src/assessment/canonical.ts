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

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: number is not finite`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new TypeError(`${path}: ${typeof value} has no canonical form`);
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) throw new TypeError(`${path}[${i}]: undefined in an array`);
      text += (i > 0 ? ',' : '') + write(item, `${path}[${i}]`);
    }
    return `${text}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`${path}: only plain objects have a canonical form`);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * Canonical JSON text of a value: sorted keys, no whitespace, strings as stored (no
 * normalisation), finite numbers in shortest form. Throws TypeError on what JSON cannot carry.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/**
 * Canonical bytes of one fact in a tenant's ledger: exactly the fields of the fact plus the
 * tenant id, so a fact copied into another tenant never verifies there. The database re-derives
 * this from the stored row, so `recordedAt` must be given as the store reads it back (ISO UTC).
 */
export function canonicalFact(fact: Fact, tenantId: string): string {
  // Written out in sorted key order: the ledger hashes every fact twice (append, verify), and
  // this is several times faster than the generic walk. A test holds it equal to
  // canonicalJson of the same object.
  const q = JSON.stringify;
  const orNull = (v: string | null) => (v === null ? 'null' : q(v));
  return (
    `{"evidence":${canonicalJson(fact.evidence)},"id":${q(fact.id)},"indicator":${q(fact.indicator)}` +
    `,"payload":${canonicalJson(fact.payload)},"periodId":${q(fact.periodId)}` +
    `,"recordedAt":${q(fact.recordedAt)},"recordedBy":${orNull(fact.recordedBy)},"source":${q(fact.source)}` +
    `,"subject":{"id":${q(fact.subject.id)},"kind":${q(fact.subject.kind)}}` +
    `,"supersedes":${orNull(fact.supersedes)},"tenantId":${q(tenantId)},"value":${orNull(fact.value)}}`
  );
}
