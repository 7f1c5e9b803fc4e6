/**
 * The credentials form per POS vendor. The OpenAPI document types `credentials` of
 * PUT /stores/{id}/integration as a free object (each vendor's schema is checked on the server,
 * src/pos/<vendor>/credentials.ts), so the fields are listed here, as API.md "Vendor credentials"
 * has them; the server's 422 messages still decide. A vendor not listed gets a JSON box.
 */
export interface CredentialField {
  name: string;
  label: string;
  /** Shown as a password box, never echoed back by the API. */
  secret: boolean;
  required: boolean;
  kind: 'url' | 'text';
}

const url = (name: string, label: string): CredentialField => ({
  name,
  label,
  secret: false,
  required: true,
  kind: 'url',
});
const text = (name: string, label: string, required = true): CredentialField => ({
  name,
  label,
  secret: false,
  required,
  kind: 'text',
});
const secret = (name: string, label: string): CredentialField => ({
  name,
  label,
  secret: true,
  required: true,
  kind: 'text',
});

export const VENDOR_CREDENTIALS: Readonly<Record<string, readonly CredentialField[]>> = {
  treez: [url('baseUrl', 'Base URL'), text('clientId', 'Client ID'), secret('apiKey', 'API key')],
  flowhub: [
    url('baseUrl', 'Base URL'),
    text('clientId', 'Client ID'),
    secret('key', 'Key'),
    text('locationId', 'Location ID'),
  ],
  cova: [
    url('baseUrl', 'Base URL'),
    url('authUrl', 'Token URL'),
    text('username', 'Username'),
    secret('password', 'Password'),
    text('clientId', 'Client ID'),
    secret('clientSecret', 'Client secret'),
    text('companyId', 'Company ID'),
    text('locationId', 'Location ID', false),
  ],
  dutchie: [url('baseUrl', 'Base URL'), secret('apiKey', 'API key')],
  blaze: [url('baseUrl', 'Base URL'), secret('partnerKey', 'Partner key'), secret('apiKey', 'API key')],
};

export const VENDORS = Object.keys(VENDOR_CREDENTIALS);

export function credentialFieldsFor(vendor: string): readonly CredentialField[] {
  return VENDOR_CREDENTIALS[vendor] ?? [];
}

/**
 * The `credentials` of a PUT from what was typed: blank optional fields left out. All blank means
 * "keep the stored ones" (the API keeps them when `credentials` is omitted), so it answers undefined.
 */
export function credentialsBody(vendor: string, typed: Record<string, string>): Record<string, string> | undefined {
  const body: Record<string, string> = {};
  for (const field of credentialFieldsFor(vendor)) {
    const value = (typed[field.name] ?? '').trim();
    if (value !== '' || field.required) body[field.name] = value;
  }
  return Object.values(body).some((value) => value !== '') ? body : undefined;
}
