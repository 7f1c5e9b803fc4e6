import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('allows bodies nested up to the limit and refuses one level more, for arrays and objects', () => {
    expect(nestsDeeperThan(arrays(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(arrays(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan(objects(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(objects(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan(`[{"a":[${objects(MAX_JSON_DEPTH - 2)}]}]`)).toBe(true);
  });

  it('counts depth, not the number of brackets: many siblings are not deep', () => {
    expect(nestsDeeperThan(`[${Array.from({ length: 10_000 }, () => '[{}]').join(',')}]`)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ note: '['.repeat(1000) }))).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ note: `"\\${'{'.repeat(1000)}` }))).toBe(false);
    expect(nestsDeeperThan(`["\\\\", ${arrays(MAX_JSON_DEPTH)}]`)).toBe(true);
  });

  it('reads a body of 31,000 nested arrays without overflowing the stack', () => {
    expect(nestsDeeperThan(arrays(31_000))).toBe(true);
    expect(nestsDeeperThan('['.repeat(60_000))).toBe(true);
  });
});
