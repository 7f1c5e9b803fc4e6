/** The data policy form's values and the body of PUT /settings/data-policy. */
export type RetentionAction = 'anonymize' | 'delete';

export interface DataPolicy {
  inactiveRetentionDays: number | null;
  action: RetentionAction;
  flagExpiredMedicalCards: boolean;
}

export interface DataPolicyDraft {
  keepForever: boolean;
  days: string;
  action: RetentionAction;
  flagExpiredMedicalCards: boolean;
}

export function draftOf(policy: DataPolicy): DataPolicyDraft {
  return {
    keepForever: policy.inactiveRetentionDays === null,
    days: policy.inactiveRetentionDays === null ? '' : String(policy.inactiveRetentionDays),
    action: policy.action,
    flagExpiredMedicalCards: policy.flagExpiredMedicalCards,
  };
}

/**
 * The body to send. Days that are not a whole number are sent as they are typed (a number or NaN
 * becomes null only when the box is empty), so the API's 422 says what is wrong next to the field.
 */
export function policyOf(
  draft: DataPolicyDraft,
): DataPolicy | ({ inactiveRetentionDays: unknown } & Omit<DataPolicy, 'inactiveRetentionDays'>) {
  const text = draft.days.trim();
  const days = draft.keepForever ? null : text === '' ? '' : Number(text);
  return {
    inactiveRetentionDays: typeof days === 'number' && Number.isNaN(days) ? text : days,
    action: draft.action,
    flagExpiredMedicalCards: draft.flagExpiredMedicalCards,
  };
}

/** Saving asks first when it would delete customers (a sweep that deletes cannot be undone). */
export function needsConfirmation(draft: DataPolicyDraft): boolean {
  return !draft.keepForever && draft.action === 'delete';
}
