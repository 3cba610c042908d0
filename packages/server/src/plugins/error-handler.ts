import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorMessage, type ErrorCode, type Lang } from '@tianheng/core';
import { StoreError } from '@tianheng/db';
import { AppError, statusOf, type ErrorDetails } from '../errors.ts';

/** The JSON body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  field?: string;
  details?: ErrorDetails;
}

/** Build the error body in the caller's language. */
export function errorBody(
  code: ErrorCode,
  lang: Lang,
  field?: string,
  details?: ErrorDetails,
): ErrorBody {
  return {
    code,
    message: errorMessage(code, lang),
    ...(field === undefined ? {} : { field }),
    ...(details === undefined ? {} : { details }),
  };
}

/** Name the offending field of an Ajv validation error (`/unitId` → `unitId`). */
function fieldOfValidation(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const params = first.params;
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  const extra =
    typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const leaf = missing ?? extra;
  if (leaf) return path ? `${path}.${leaf}` : leaf;
  return path || error.validationContext;
}

/** Map Fastify's own errors (parsing, limits, validation) to our codes: 4xx, never 500. */
function classify(error: FastifyError): { code: ErrorCode; field?: string } | undefined {
  if (error.validation) {
    const field = fieldOfValidation(error);
    return field === undefined ? { code: 'invalid-input' } : { code: 'invalid-input', field };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return { code: 'body-too-large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { code: 'unsupported-media-type' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'invalid-input' };
    default:
      break;
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return error.statusCode === 404 ? { code: 'not-found' } : { code: 'invalid-input' };
  }
  return undefined;
}

/** Install the one error handler and the JSON 404. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // The store refuses some writes itself (closed period, fact already corrected …).
    if (error instanceof AppError || error instanceof StoreError) {
      return reply
        .status(statusOf[error.code])
        .send(errorBody(error.code, request.lang, error.field, error.details));
    }
    const known = classify(error);
    if (known)
      return reply
        .status(statusOf[known.code])
        .send(errorBody(known.code, request.lang, known.field));
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal-error', request.lang));
  });
}
