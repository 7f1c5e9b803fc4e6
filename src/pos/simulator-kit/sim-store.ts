const DERIVED_LIMIT = 16;

/** The in-memory customer table of a simulator, in the vendor's own record shape. */
export class SimStore<R> {
  readonly #records = new Map<string, R>();
  readonly #idOf: (record: R) => string;
  /** Values computed from every record (a list route's sorted rows), dropped on the next change. */
  readonly #derived = new Map<string, unknown>();
  #lastId = 0;

  constructor(idOf: (record: R) => string) {
    this.#idOf = idOf;
  }

  /** Sequential numeric ids, as strings: vendors that use GUIDs format them from this. */
  nextId(): number {
    this.#lastId += 1;
    return this.#lastId;
  }

  get(id: string): R | undefined {
    return this.#records.get(id);
  }

  put(record: R): R {
    this.#records.set(this.#idOf(record), record);
    this.#derived.clear();
    return record;
  }

  /**
   * `compute()`, kept under `key` until the next `put`: a pull pages through one sorted listing, and
   * sorting 100,000 records again for every page would make the simulator slower than the vendor.
   */
  derived<T>(key: string, compute: () => T): T {
    if (this.#derived.has(key)) return this.#derived.get(key) as T;
    const value = compute();
    // Only a few listings are paged at once; a bound keeps distinct filters from piling up.
    if (this.#derived.size >= DERIVED_LIMIT) this.#derived.clear();
    this.#derived.set(key, value);
    return value;
  }

  all(): R[] {
    return [...this.#records.values()];
  }

  get size(): number {
    return this.#records.size;
  }
}
