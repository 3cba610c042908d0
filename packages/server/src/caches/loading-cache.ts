/**
 * A keyed in-process read cache that loads on a miss, shares one load among concurrent
 * misses, and never keeps a value that an invalidation has overtaken.
 *
 * Why the generation: a load that started before a write committed may finish after the
 * write's invalidation and would then put the old data back. Every invalidation bumps the
 * generation, and a load only stores its value when the generation it started under is
 * still current. Time is the caller's (the injected clock), so tests can move it.
 */
export class LoadingCache<K, V> {
  readonly #entries = new Map<K, { value: V; loadedAt: number }>();
  readonly #pending = new Map<K, { generation: number; promise: Promise<V | undefined> }>();
  #generation = 0;

  /**
   * @param ttlMs how long a value may be served after it was loaded (Infinity: until
   *   invalidated)
   * @param maxEntries the oldest entries are dropped beyond this many
   */
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The value for `key` at time `nowMs`: cached when fresh, else from `load` (undefined is not kept). */
  async get(key: K, nowMs: number, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const entry = this.#entries.get(key);
    if (entry) {
      // A clock moved backwards (tests) counts as stale, like one past the TTL.
      if (nowMs >= entry.loadedAt && nowMs - entry.loadedAt < this.ttlMs) return entry.value;
      this.#entries.delete(key);
    }
    const pending = this.#pending.get(key);
    if (pending && pending.generation === this.#generation) return pending.promise;
    const generation = this.#generation;
    const promise = load().then(
      (value) => {
        if (this.#pending.get(key)?.promise === promise) this.#pending.delete(key);
        if (value !== undefined && generation === this.#generation) this.#store(key, value, nowMs);
        return value;
      },
      (error: unknown) => {
        if (this.#pending.get(key)?.promise === promise) this.#pending.delete(key);
        throw error;
      },
    );
    this.#pending.set(key, { generation, promise });
    return promise;
  }

  #store(key: K, value: V, loadedAt: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, loadedAt });
    // Maps iterate in insertion order, so the first keys are the oldest loads.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  /** Forget `key`; loads already under way are not stored. */
  delete(key: K): void {
    this.deleteWhere((k) => k === key);
  }

  /** Forget every entry whose key and value match; loads already under way are not stored. */
  deleteWhere(matches: (key: K, value: V) => boolean): void {
    this.#generation++;
    this.#pending.clear();
    for (const [key, entry] of this.#entries)
      if (matches(key, entry.value)) this.#entries.delete(key);
  }

  /** How many values are cached (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}
