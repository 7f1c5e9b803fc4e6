import { describe, expect, it } from 'vitest';
import { posVendorForms } from './pos-vendors.ts';

describe('posVendorForms', () => {
  it('gives every vendor a JSON Schema with titled fields and names its secrets', () => {
    const forms = posVendorForms();
    const dutchie = forms.find((form) => form.vendor === 'dutchie');
    expect(dutchie?.secretFields).toEqual(['apiKey']);
    expect(dutchie?.credentialsSchema).toMatchObject({
      type: 'object',
      required: ['baseUrl', 'apiKey'],
      properties: { baseUrl: { title: 'Base URL', format: 'uri' }, apiKey: { title: 'API key', writeOnly: true } },
    });
    expect(forms.find((form) => form.vendor === 'cova')?.secretFields).toEqual(['password', 'clientSecret']);
  });
});
