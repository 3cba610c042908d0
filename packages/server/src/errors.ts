import type { ErrorCode } from '@tianheng/core';

/** Extra, machine-readable detail an error may carry (e.g. the rows of a failed import). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The one application error. Services throw it with a code from the closed catalogue in
 * core; the error handler turns it into `{ code, message, field? }` with a status from
 * {@link statusOf}. Services never pick HTTP statuses.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
    readonly details?: ErrorDetails,
  ) {
    super(field === undefined ? code : `${code} (${field})`);
    this.name = 'AppError';
  }
}

/** HTTP status per error code: the only place codes meet HTTP. */
export const statusOf: Readonly<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  'not-found': 404,
  unauthenticated: 401,
  'session-expired': 401,
  forbidden: 403,
  'invalid-credentials': 401,
  'account-locked': 423,
  'account-disabled': 403,
  'password-change-required': 403,
  'password-too-short': 422,
  'password-too-weak': 422,
  'password-same-as-old': 422,
  'wrong-current-password': 422,
  'username-taken': 409,
  'code-taken': 409,
  'staff-no-taken': 409,
  'unit-parent-kind-invalid': 422,
  'unit-move-cycle': 422,
  'unit-root-exists': 409,
  'person-not-found': 404,
  'unit-not-found': 404,
  'effective-date-invalid': 422,
  'import-invalid': 422,
  'import-file-invalid': 400,
  'attachment-invalid': 400,
  'attachment-not-found': 404,
  'grant-unit-required': 422,
  'cannot-change-own-grants': 403,
  'cannot-disable-self': 403,
  'audit-immutable': 405,
  'scheme-invalid': 400,
  'scheme-not-found': 404,
  'period-not-found': 404,
  'period-dates-invalid': 422,
  'period-closed': 409,
  'period-not-closed': 409,
  'fact-not-found': 404,
  'fact-superseded': 409,
  'person-not-in-period': 422,
  'fact-own-score': 403,
  'fact-reason-required': 422,
  'indicator-unknown': 422,
  'indicator-not-applicable': 422,
  'fact-subject-invalid': 422,
  'fact-value-invalid': 422,
  'signal-not-found': 404,
  'signal-decided': 409,
  'internal-error': 500,
  // work platform (issue 4)
  'category-not-found': 404,
  'category-key-taken': 409,
  'template-not-found': 404,
  'template-invalid': 422,
  'task-not-found': 404,
  'task-invalid': 422,
  'step-not-found': 404,
  'step-invalid': 422,
  'step-not-assigned': 403,
  'step-not-reviewer': 403,
  'step-state-invalid': 409,
  'work-shares-invalid': 422,
  'work-config-invalid': 422,
  'no-linked-person': 409,
  'supervision-window-open': 409,
  'supervision-window-invalid': 422,
  'task-force-not-found': 404,
  'task-force-invalid': 422,
  'task-force-allocation-mismatch': 422,
  'task-force-not-leader': 403,
  'document-not-found': 404,
  'document-invalid': 422,
  'notification-not-found': 404,
};
