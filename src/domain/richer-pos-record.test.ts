import { describe, expect, it } from 'vitest';
import { type PosRecordStanding, richerPosRecord } from './richer-pos-record.ts';

const at = (iso: string) => new Date(iso);
const record = (name: string, standing: Partial<PosRecordStanding>) => ({
  name,
  hasRecord: true,
  filledFields: 5,
  lastActivityAt: at('2026-01-01T00:00:00Z'),
  linkedAt: at('2025-01-01T00:00:00Z'),
  ...standing,
});

describe('richerPosRecord', () => {
  it('keeps a record the POS holds over a link still without one, whatever else', () => {
    const held = record('held', { filledFields: 1, lastActivityAt: null });
    const none = record('none', { hasRecord: false, filledFields: 0, lastActivityAt: at('2026-06-01T00:00:00Z') });
    expect(richerPosRecord(none, held).name).toBe('held');
    expect(richerPosRecord(held, none).name).toBe('held');
  });

  it('keeps the record with more synced fields filled, even if the other changed more recently', () => {
    const full = record('full', { filledFields: 9, lastActivityAt: at('2024-01-01T00:00:00Z') });
    const thin = record('thin', { filledFields: 4, lastActivityAt: at('2026-11-01T00:00:00Z') });
    expect(richerPosRecord(thin, full).name).toBe('full');
  });

  it('on equal fields, keeps the record with the more recent activity at the POS', () => {
    const recent = record('recent', { lastActivityAt: at('2026-05-01T00:00:00Z') });
    const stale = record('stale', { lastActivityAt: at('2026-02-01T00:00:00Z') });
    expect(richerPosRecord(stale, recent).name).toBe('recent');
  });

  it('counts unknown activity as the oldest', () => {
    const known = record('known', { lastActivityAt: at('2001-01-01T00:00:00Z') });
    const unknown = record('unknown', { lastActivityAt: null });
    expect(richerPosRecord(unknown, known).name).toBe('known');
  });

  it('on equal fields and activity, keeps the older link', () => {
    const older = record('older', { linkedAt: at('2024-03-01T00:00:00Z') });
    const newer = record('newer', { linkedAt: at('2025-03-01T00:00:00Z') });
    expect(richerPosRecord(newer, older).name).toBe('older');
  });

  it('on a full tie, keeps the first (the survivor’s own link)', () => {
    expect(richerPosRecord(record('survivor', {}), record('source', {})).name).toBe('survivor');
  });
});
