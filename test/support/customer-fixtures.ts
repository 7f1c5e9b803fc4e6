/** Valid customer bodies for tests, varied by a number so each is a different person. */
export function adultBody(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    firstName: 'Kathleen',
    lastName: `Scott${n === 0 ? '' : n}`,
    dateOfBirth: '1988-04-02',
    phone: `(702) 555-${String(1000 + n).padStart(4, '0')}`,
    email: `kathleen${n}@example.com`,
    customerType: 'adult',
    ...overrides,
  };
}

export function medicalBody(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return adultBody(n, {
    customerType: 'medical',
    dateOfBirth: '2005-01-15',
    medical: { cardNumber: `MED-${100000 + n}`, state: 'NV', expiresOn: '2030-06-30' },
    ...overrides,
  });
}

/** A `POST /customers/{id}/consents` body: an SMS opt-in (or opt-out) given at the counter (source: the server's). */
export function smsConsentBody(granted: boolean): Record<string, unknown> {
  return { channel: 'sms', granted, wording: granted ? 'Texts about offers' : 'Stop texts' };
}
