import { Type, type TSchema } from 'typebox';
import { roles, scopes } from '@tianheng/core';

/** The error body every 4xx/5xx response carries. */
export const ErrorSchema = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. invalid-input' }),
    message: Type.String({ description: 'Human message in zh-CN or en by Accept-Language' }),
    field: Type.Optional(Type.String({ description: 'The offending input field' })),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { $id: 'Error' },
);

/** Standard error responses to attach to a route's schema. */
export const errorResponses = {
  400: Type.Ref('Error'),
  401: Type.Ref('Error'),
  403: Type.Ref('Error'),
  404: Type.Ref('Error'),
  409: Type.Ref('Error'),
  413: Type.Ref('Error'),
  415: Type.Ref('Error'),
  422: Type.Ref('Error'),
  423: Type.Ref('Error'),
} as const;

/** A uuid path or body field. */
export const Uuid = Type.String({ format: 'uuid' });

/** Response schemas: the success schema plus the standard errors. */
export function responses<T extends TSchema>(ok: T, status: 200 | 201 = 200) {
  return { [status]: ok, ...errorResponses } as { [K in typeof status]: T } & typeof errorResponses;
}

/** The `{ ok: true }` body of calls that return nothing else. */
export const OkSchema = Type.Object({ ok: Type.Literal(true) });

/** Grant as the API shows it. */
export const GrantSchema = Type.Object({
  role: Type.Union(roles.map((role) => Type.Literal(role))),
  scope: Type.Union(scopes.map((scope) => Type.Literal(scope))),
  unitId: Type.Union([Uuid, Type.Null()]),
});
