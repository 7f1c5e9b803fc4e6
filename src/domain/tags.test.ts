import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTag } from './tags.ts';

describe('tag normalization', () => {
  it('turns a typed tag into a lower-case slug', () => {
    expect(normalizeTag('  VIP Member ')).toBe('vip-member');
    expect(normalizeTag('Crème Brûlée!!')).toBe('creme-brulee');
    expect(normalizeTag('first_time')).toBe('first-time');
  });

  it('leaves nothing of a tag without letters or digits', () => {
    expect(normalizeTag(' !!! ')).toBe('');
  });

  it('is idempotent and only yields slug characters', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const tag = normalizeTag(raw);
        expect(normalizeTag(tag)).toBe(tag);
        expect(tag).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
      }),
    );
  });
});
