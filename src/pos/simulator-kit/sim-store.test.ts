import { describe, expect, it } from 'vitest';
import { SimStore } from './sim-store.ts';

interface Row {
  id: string;
  name: string;
}

const sortedNames = (store: SimStore<Row>) => () =>
  store
    .all()
    .map((r) => r.name)
    .sort();

describe('SimStore.derived', () => {
  it('computes a listing once while no record changes', () => {
    const store = new SimStore<Row>((r) => r.id);
    store.put({ id: '1', name: 'b' });
    let computed = 0;
    const listing = () => {
      computed += 1;
      return sortedNames(store)();
    };
    expect(store.derived('names', listing)).toEqual(['b']);
    expect(store.derived('names', listing)).toEqual(['b']);
    expect(computed).toBe(1);
  });

  it('recomputes after a put, so a new or edited record is listed at once', () => {
    const store = new SimStore<Row>((r) => r.id);
    store.put({ id: '1', name: 'b' });
    expect(store.derived('names', sortedNames(store))).toEqual(['b']);
    store.put({ id: '2', name: 'a' });
    expect(store.derived('names', sortedNames(store))).toEqual(['a', 'b']);
    store.put({ id: '1', name: 'c' });
    expect(store.derived('names', sortedNames(store))).toEqual(['a', 'c']);
  });

  it('keeps listings of different keys apart', () => {
    const store = new SimStore<Row>((r) => r.id);
    store.put({ id: '1', name: 'b' });
    expect(store.derived('count', () => store.size)).toBe(1);
    expect(store.derived('names', sortedNames(store))).toEqual(['b']);
    expect(store.derived('count', () => -1)).toBe(1);
  });
});

describe('SimStore.restore', () => {
  it('continues the id counter past the saved one and past every numeric id it holds', () => {
    const store = new SimStore<Row>((r) => r.id);
    store.restore({
      lastId: 3,
      records: [
        { id: '2', name: 'a' },
        { id: '7', name: 'b' },
      ],
    });
    expect(store.size).toBe(2);
    expect(store.nextId()).toBe(8);
    const again = new SimStore<Row>((r) => r.id);
    again.restore({ lastId: 12, records: [{ id: '7', name: 'b' }] });
    expect(again.nextId()).toBe(13);
  });

  it('reports every put and every issued id to its change listener', () => {
    const store = new SimStore<Row>((r) => r.id);
    let changes = 0;
    store.onChange(() => {
      changes += 1;
    });
    store.nextId();
    store.put({ id: '1', name: 'a' });
    expect(changes).toBe(2);
  });
});
