import { describe, expect, it } from 'vitest';
import { afterPage, INITIAL_CURSOR, OVERLAP_MS, passFor } from './cursor.ts';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('sync cursor', () => {
  it('starts a first pull from the beginning', () => {
    expect(passFor(INITIAL_CURSOR, 'incremental', now).from).toEqual({ since: null, resume: null });
  });

  it('starts an incremental pass an overlap window before the high-water mark', () => {
    const { from } = passFor({ since: '2026-03-01T10:00:00.000Z', pass: null }, 'incremental', now);
    expect(Date.parse('2026-03-01T10:00:00.000Z') - Date.parse(from.since!)).toBe(OVERLAP_MS);
  });

  it('resumes an unfinished pass exactly where its last committed page left it', () => {
    const pass = { mode: 'incremental' as const, since: '2026-03-01T09:55:00.000Z', resume: 'page-3', startedAt: '' };
    expect(passFor({ since: '2026-03-01T10:00:00.000Z', pass }, 'incremental', now).from).toEqual({
      since: '2026-03-01T09:55:00.000Z',
      resume: 'page-3',
    });
  });

  it('walks everything on a full resync, replacing an unfinished incremental pass', () => {
    const pass = { mode: 'incremental' as const, since: '2026-03-01T09:55:00.000Z', resume: 'page-3', startedAt: '' };
    const full = passFor({ since: '2026-03-01T10:00:00.000Z', pass }, 'full', now);
    expect(full.from).toEqual({ since: null, resume: null });
    expect(full.pass.mode).toBe('full');
  });

  it('keeps the paging token after a page and raises the mark only when the pass is done', () => {
    const cursor = { since: '2026-03-01T10:00:00.000Z', pass: null };
    const { pass } = passFor(cursor, 'incremental', now);
    const mid = afterPage(cursor, pass, { next: { since: pass.since, resume: 'page-2' }, done: false });
    expect(mid).toEqual({ since: cursor.since, pass: { ...pass, resume: 'page-2' } });
    const done = afterPage(mid, pass, { next: { since: '2026-03-01T11:00:00.000Z', resume: null }, done: true });
    expect(done).toEqual({ since: '2026-03-01T11:00:00.000Z', pass: null });
  });

  it('never moves the mark backwards when a pass finds nothing newer than its overlap start', () => {
    const cursor = { since: '2026-03-01T10:00:00.000Z', pass: null };
    const { pass, from } = passFor(cursor, 'incremental', now);
    const done = afterPage(cursor, pass, { next: { since: from.since, resume: null }, done: true });
    expect(done.since).toBe('2026-03-01T10:00:00.000Z');
  });
});
