import { describe, expect, it } from 'vitest';
import { refusedFieldsOf } from './refused-fields.ts';

describe('refused fields of a link', () => {
  it('is empty when the last push was not refused', () => {
    expect(refusedFieldsOf(null, null)).toEqual([]);
    expect(refusedFieldsOf(null, 'timeout: GET /customer/{id}')).toEqual([]);
  });

  it('names each field the POS objected to, and null for an objection to no field', () => {
    const refusal = {
      kind: 'invalid' as const,
      errors: [
        { path: 'phone', message: 'rejected by Treez (MODEL_VALIDATION_FAIL)' },
        { path: '', message: 'the record is incomplete' },
      ],
    };
    expect(refusedFieldsOf(refusal, 'the POS refused it')).toEqual([
      { field: 'phone', message: 'rejected by Treez (MODEL_VALIDATION_FAIL)' },
      { field: null, message: 'the record is incomplete' },
    ]);
  });

  it('falls back on the last error, or on the kind, when the POS named nothing', () => {
    expect(refusedFieldsOf({ kind: 'invalid', errors: [] }, 'the POS refused the customer')).toEqual([
      { field: null, message: 'the POS refused the customer' },
    ]);
    expect(refusedFieldsOf({ kind: 'exists', errors: [] }, null)).toEqual([
      { field: null, message: 'the POS already holds such a customer' },
    ]);
  });
});
