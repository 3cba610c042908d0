/**
 * Response serializers compile on first use (ADR 0013): the same output as Fastify's own,
 * nothing compiled before a route answers, and every route's schemas still compile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../testing.ts';
import { lazySerializers } from './lazy-serializers.ts';

const route = (schema: unknown) => ({ method: 'GET', url: '/x', httpStatus: '200', schema });

describe('lazy response serializers', () => {
  it('serialize like fast-json-stringify: only the schema’s properties, typed', () => {
    const { factory } = lazySerializers();
    const serialize = factory(
      {},
      {},
    )(route({ type: 'object', properties: { a: { type: 'string' }, n: { type: 'integer' } } }));
    expect(serialize({ a: 'x', n: 2, secret: 'dropped' })).toBe('{"a":"x","n":2}');
  });

  it('compile on first use, so a broken schema fails its first answer, not the start', () => {
    const { factory, compileAll } = lazySerializers();
    const compile = factory({}, {});
    const serialize = compile(route({ $ref: '#/nowhere' }));
    expect(() => serialize({})).toThrow();
    expect(() => compileAll()).toThrow();
  });

  describe('in the app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await openTestApp('pglite');
    });
    afterAll(async () => {
      await t.close();
    });

    it('every route’s response schemas compile', async () => {
      const res = await t.app.inject({ url: '/api/health' });
      expect(res.json()).toEqual({ status: 'ok', database: 'pglite' });
      // Every status of every route: hundreds, and none of them fails to compile.
      expect(t.app.compileSerializers()).toBeGreaterThan(300);
    });
  });
});
