import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('readAhead', () => {
  it('hands out every page once, in order', async () => {
    async function* pages() {
      for (const page of [1, 2, 3]) {
        await tick();
        yield page;
      }
    }
    const seen: number[] = [];
    for await (const page of readAhead(pages())) seen.push(page);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('starts reading the next page while the one handed out is still being applied', async () => {
    const events: string[] = [];
    async function* pages() {
      for (const page of [1, 2]) {
        events.push(`read ${page}`);
        await tick();
        yield page;
      }
    }
    for await (const page of readAhead(pages())) {
      events.push(`apply ${page} start`);
      await tick();
      await tick();
      events.push(`apply ${page} end`);
    }
    expect(events.indexOf('read 2')).toBeLessThan(events.indexOf('apply 1 end'));
  });

  it('surfaces a failure while reading ahead only after the page before it was applied', async () => {
    async function* pages() {
      yield 1;
      await tick();
      throw new Error('vendor answered 503');
    }
    const applied: number[] = [];
    await expect(
      (async () => {
        for await (const page of readAhead(pages())) {
          await tick();
          await tick();
          applied.push(page);
        }
      })(),
    ).rejects.toThrow('vendor answered 503');
    expect(applied).toEqual([1]);
  });
});
