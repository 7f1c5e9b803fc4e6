/** Names people read for the fields a sync conflict is about (API field paths). */
const LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  dateOfBirth: 'Date of birth',
  phone: 'Phone',
  email: 'Email',
  customerType: 'Customer type',
  'idDocument.number': 'ID number',
  'medical.cardNumber': 'Medical card number',
  'medical.expiresOn': 'Medical card expiry',
  notes: 'Notes',
};

export function conflictFieldLabel(path: string): string {
  return LABELS[path] ?? path;
}

/** A value as shown: an empty one says so rather than showing nothing. */
export function shownValue(value: string | null): string {
  return value === null || value.trim() === '' ? '(empty)' : value;
}
