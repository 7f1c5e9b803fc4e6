/**
 * The credentials form per POS vendor, built from what `GET /pos-vendors` answers: each vendor's
 * credentials as JSON Schema (made on the server from the vendor's zod schema), so the console holds
 * no vendor knowledge. A field's label is its `title`, a `writeOnly` field is a secret (a password
 * box, never echoed back), `format: uri` is a URL box. The server's 422 messages still decide.
 */
export interface PosVendorForm {
  vendor: string;
  displayName: string;
  credentialsSchema: { properties?: Record<string, JsonSchemaField>; required?: string[] };
  secretFields: string[];
}

interface JsonSchemaField {
  title?: string;
  examples?: unknown[];
  format?: string;
  writeOnly?: boolean;
}

export interface CredentialField {
  name: string;
  label: string;
  /** Shown as a password box, never echoed back by the API. */
  secret: boolean;
  required: boolean;
  kind: 'url' | 'text';
  /** The schema's first example, shown as the empty box's placeholder (Treez's base URL has a fixed path). */
  example?: string;
}

/** The form's fields in the schema's order. */
export function credentialFieldsOf(form: PosVendorForm | undefined): readonly CredentialField[] {
  if (!form) return [];
  const required = new Set(form.credentialsSchema.required ?? []);
  const secrets = new Set(form.secretFields);
  return Object.entries(form.credentialsSchema.properties ?? {}).map(([name, field]) => ({
    name,
    label: field.title ?? name,
    secret: secrets.has(name) || field.writeOnly === true,
    required: required.has(name),
    kind: field.format === 'uri' ? 'url' : 'text',
    ...(typeof field.examples?.[0] === 'string' ? { example: field.examples[0] } : {}),
  }));
}

/**
 * The `credentials` of a PUT from what was typed: blank optional fields left out. All blank means
 * "keep the stored ones" (the API keeps them when `credentials` is omitted), so it answers undefined.
 */
export function credentialsBody(
  fields: readonly CredentialField[],
  typed: Record<string, string>,
): Record<string, string> | undefined {
  const body: Record<string, string> = {};
  for (const field of fields) {
    const value = (typed[field.name] ?? '').trim();
    if (value !== '' || field.required) body[field.name] = value;
  }
  return Object.values(body).some((value) => value !== '') ? body : undefined;
}
