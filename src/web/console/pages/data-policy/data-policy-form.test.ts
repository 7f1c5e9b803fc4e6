import { describe, expect, it } from 'vitest';
import { draftOf, needsConfirmation, policyOf } from './data-policy-form.ts';

describe('the data policy form', () => {
  it('round-trips a policy', () => {
    const policy = { inactiveRetentionDays: 730, action: 'anonymize' as const, flagExpiredMedicalCards: true };
    expect(policyOf(draftOf(policy))).toEqual(policy);
  });
  it('sends null days when customers are kept', () => {
    const draft = { keepForever: true, days: '400', action: 'delete' as const, flagExpiredMedicalCards: false };
    expect(policyOf(draft).inactiveRetentionDays).toBeNull();
    expect(needsConfirmation(draft)).toBe(false);
  });
  it('sends what was typed when it is not a number, so the API says why next to the field', () => {
    const draft = { keepForever: false, days: 'soon', action: 'anonymize' as const, flagExpiredMedicalCards: false };
    expect(policyOf(draft).inactiveRetentionDays).toBe('soon');
  });
  it('asks for a confirmation before a deleting policy is saved', () => {
    expect(
      needsConfirmation({ keepForever: false, days: '365', action: 'delete', flagExpiredMedicalCards: false }),
    ).toBe(true);
    expect(
      needsConfirmation({ keepForever: false, days: '365', action: 'anonymize', flagExpiredMedicalCards: false }),
    ).toBe(false);
  });
});
