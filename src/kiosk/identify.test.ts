import { describe, expect, it } from 'vitest';
import { greeting } from './identify.ts';

describe('the greeting a kiosk gets for an identified customer', () => {
  it('gives the first name and only the initial of the last name', () => {
    expect(greeting({ id: 'c', firstName: 'Kathleen', lastName: 'scott' })).toEqual({
      id: 'c',
      firstName: 'Kathleen',
      lastInitial: 'S',
    });
  });

  it('takes a whole character as the initial, not half of one', () => {
    expect(greeting({ id: 'c', firstName: 'Zoë', lastName: '𝒜lvarez' }).lastInitial).toBe('𝒜');
    expect(greeting({ id: 'c', firstName: 'Ana', lastName: 'Ñúñez' }).lastInitial).toBe('Ñ');
  });
});
