/** A domain outcome: either a value or a reason it could not be produced. */
export type Result<T, R extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: R; readonly field?: string };

/** Wrap a value as a successful Result. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** Build a failed Result with a string-literal reason and the offending field. */
export const fail = <R extends string>(reason: R, field?: string): Result<never, R> =>
  field === undefined ? { ok: false, reason } : { ok: false, reason, field };
