import { describe, expect, it } from 'vitest';
import { LoadingCache } from './loading-cache.ts';

/** A load the test finishes by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe(LoadingCache, () => {
  it('serves a value for its TTL by the caller’s clock, then loads again', async () => {
    const cache = new LoadingCache<string, number>(5_000, 10);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await cache.get('k', 1_000, load)).toBe(1);
    expect(await cache.get('k', 5_999, load)).toBe(1);
    expect(await cache.get('k', 6_000, load)).toBe(2);
    // A clock moved back before the load counts as stale too.
    expect(await cache.get('k', 0, load)).toBe(3);
  });

  it('shares one load among concurrent misses', async () => {
    const cache = new LoadingCache<string, string>(Infinity, 10);
    const d = deferred<string>();
    let loads = 0;
    const load = () => {
      loads++;
      return d.promise;
    };
    const both = Promise.all([cache.get('k', 0, load), cache.get('k', 0, load)]);
    d.resolve('v');
    expect(await both).toEqual(['v', 'v']);
    expect(loads).toBe(1);
  });

  it('does not keep a load that an invalidation overtook, nor share it afterwards', async () => {
    const cache = new LoadingCache<string, string>(Infinity, 10);
    const old = deferred<string>();
    const first = cache.get('k', 0, () => old.promise);
    cache.delete('k'); // a write committed while the old read was under way
    const fresh = cache.get('k', 0, () => Promise.resolve('new'));
    old.resolve('old');
    expect(await first).toBe('old');
    expect(await fresh).toBe('new');
    expect(await cache.get('k', 0, () => Promise.resolve('unused'))).toBe('new');
  });

  it('forgets matching entries, keeps no undefined and no failed load, and stays bounded', async () => {
    const cache = new LoadingCache<string, number>(Infinity, 2);
    await cache.get('a', 0, () => Promise.resolve(1));
    await cache.get('b', 0, () => Promise.resolve(2));
    await cache.get('c', 0, () => Promise.resolve(3));
    expect(cache.size).toBe(2);
    cache.deleteWhere((_key, value) => value === 3);
    expect(cache.size).toBe(1);
    expect(await cache.get('x', 0, () => Promise.resolve(undefined))).toBeUndefined();
    await expect(cache.get('y', 0, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await cache.get('y', 0, () => Promise.resolve(9))).toBe(9);
  });
});
