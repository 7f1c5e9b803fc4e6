/** The in-memory customer table of a simulator, in the vendor's own record shape. */
export class SimStore<R> {
  readonly #records = new Map<string, R>();
  readonly #idOf: (record: R) => string;
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
    return record;
  }

  all(): R[] {
    return [...this.#records.values()];
  }

  get size(): number {
    return this.#records.size;
  }
}
