import { describe, expect, it } from 'vitest';
import { pathOfNul } from './refuse-nul-characters.ts';

describe('pathOfNul', () => {
  it('names the first field holding NUL, in a value or a key, in the order a reader meets them', () => {
    expect(pathOfNul({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toBe('b.c.1');
    expect(pathOfNul({ a: { 'x\u0000': 1 }, 'b\u0000': 2 })).toBe('a.x\\0');
    expect(pathOfNul({ a: 'ok', b: [1, null, true] })).toBeUndefined();
    expect(pathOfNul('\u0000')).toBe('');
  });

  it('walks a value nested 31,000 levels deep, where a recursive walk overflowed the call stack', () => {
    let deep: unknown = ['\u0000'];
    for (let i = 0; i < 31_000; i++) deep = [deep];
    expect(pathOfNul(deep)).toBe(`${'0.'.repeat(31_000)}0`);
  });

  it('does not read a raw body of bytes as fields', () => {
    expect(pathOfNul(Buffer.alloc(64 * 1024))).toBeUndefined();
  });
});
