/**
 * The customer table of a simulator, in the vendor's own record shape: in memory, and in demo mode
 * also kept on disk through `onChange` and `snapshot` (sim-file.ts), so a restart finds it again.
 */
const DERIVED_LIMIT = 16;

/** Everything a store must get back after a restart: its records and the last id it issued. */
export interface SimStoreSnapshot<R> {
  lastId: number;
  records: R[];
}

/** The in-memory customer table of a simulator, in the vendor's own record shape. */
export class SimStore<R> {
  readonly #records = new Map<string, R>();
  readonly #idOf: (record: R) => string;
  /** Values computed from every record (a list route's sorted rows), dropped on the next change. */
  readonly #derived = new Map<string, unknown>();
  #lastId = 0;
  #onChange: (() => void) | undefined;

  constructor(idOf: (record: R) => string) {
    this.#idOf = idOf;
  }

  /** Sequential numeric ids, as strings: vendors that use GUIDs format them from this. */
  nextId(): number {
    this.#lastId += 1;
    // An issued id counts as a change: it must never be issued again, even after a restart.
    this.#onChange?.();
    return this.#lastId;
  }

  /** Called after every change (a record put, an id issued); one listener, the store's file. */
  onChange(listener: () => void): void {
    this.#onChange = listener;
  }

  snapshot(): SimStoreSnapshot<R> {
    return { lastId: this.#lastId, records: this.all() };
  }

  /**
   * Replaces the whole table with a snapshot. The id counter continues past the saved one and past
   * every numeric id held, so a new customer never takes the id of one a link already points at.
   */
  restore(snapshot: SimStoreSnapshot<R>): void {
    this.#records.clear();
    this.#derived.clear();
    let lastId = snapshot.lastId;
    for (const record of snapshot.records) {
      this.#records.set(this.#idOf(record), record);
      const numeric = Number(this.#idOf(record));
      if (Number.isSafeInteger(numeric)) lastId = Math.max(lastId, numeric);
    }
    this.#lastId = lastId;
  }

  get(id: string): R | undefined {
    return this.#records.get(id);
  }

  put(record: R): R {
    this.#records.set(this.#idOf(record), record);
    this.#derived.clear();
    this.#onChange?.();
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
