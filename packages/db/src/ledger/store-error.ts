import type { ErrorCode } from '@tianheng/core';

/**
 * A write the assessment store refuses for a reason the caller can fix (closed period, fact
 * already corrected, unknown record …). Carries a code of the closed catalogue in core and the
 * offending field; the server turns it into its one application error (a 4xx). Nothing of the
 * refused write is stored: it is thrown inside the transaction, which rolls back.
 */
export class StoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(field === undefined ? code : `${code} (${field})`);
    this.name = 'StoreError';
  }
}
