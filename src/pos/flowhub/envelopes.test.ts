import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PosMalformed } from '../port.ts';
import { recordsIn, totalIn } from './envelopes.ts';

const jane = JSON.parse(readFileSync(new URL('./fixtures/customer-published-sample.json', import.meta.url), 'utf8'));
const route = 'GET /v1/customers/';

describe('flowhub envelopes: every list and record shape the reference mentions [2.3]', () => {
  it('reads a bare array, {data: [...]}, {status, data} and {customers: [...]}', () => {
    expect(recordsIn([jane], route)).toEqual([jane]);
    expect(recordsIn({ data: [jane] }, route)).toEqual([jane]);
    expect(recordsIn({ status: 200, data: [jane, jane] }, route)).toHaveLength(2);
    expect(recordsIn({ total: 1, customers: [jane] }, route)).toEqual([jane]);
  });

  it('reads one bare customer (the Swagger single model) or one wrapped in data as a list of one', () => {
    expect(recordsIn(jane, route)).toEqual([jane]);
    expect(recordsIn({ status: 200, data: jane }, route)).toEqual([jane]);
  });

  it('reads an empty body, null data and an empty object as no records', () => {
    expect(recordsIn(null, route)).toEqual([]);
    expect(recordsIn('', route)).toEqual([]);
    expect(recordsIn({ data: null }, route)).toEqual([]);
    expect(recordsIn({}, route)).toEqual([]);
  });

  it('reports an answer with no list or record as Malformed, keeping the raw body', () => {
    const html = '<html>Bad gateway</html>';
    const error = (() => {
      try {
        return recordsIn(html, route);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PosMalformed);
    expect((error as PosMalformed).raw).toBe(html);
    expect(() => recordsIn({ status: 200, message: 'ok' }, route)).toThrow(PosMalformed);
  });

  it('reads a numeric total when the envelope has one', () => {
    expect(totalIn({ total: 3, orders: [] })).toBe(3);
    expect(totalIn({ data: [] })).toBeNull();
  });
});
