import { describe, expect, it } from 'vitest';
import { joinFullName, splitFullName } from './names.ts';

describe('flowhub names: one name field split into first, middle and last [2.8]', () => {
  it('splits two words into first and last', () => {
    expect(splitFullName('Jane Doe')).toEqual({ firstName: 'Jane', middleName: null, lastName: 'Doe' });
  });

  it('reads the words between the first and last as the middle name', () => {
    expect(splitFullName('Mary Ann Lee Smith')).toEqual({
      firstName: 'Mary',
      middleName: 'Ann Lee',
      lastName: 'Smith',
    });
  });

  it('starts the last name at a surname particle and keeps a suffix with it', () => {
    expect(splitFullName('Maria de la Cruz')).toEqual({ firstName: 'Maria', middleName: null, lastName: 'de la Cruz' });
    expect(splitFullName('Ludwig Otto van Beethoven')).toEqual({
      firstName: 'Ludwig',
      middleName: 'Otto',
      lastName: 'van Beethoven',
    });
    expect(splitFullName('John Smith Jr.')).toEqual({ firstName: 'John', middleName: null, lastName: 'Smith Jr.' });
  });

  it('reads "Last, First Middle" and a single word as a first name only', () => {
    expect(splitFullName('Okafor, Devon James')).toEqual({
      firstName: 'Devon',
      middleName: 'James',
      lastName: 'Okafor',
    });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', middleName: null, lastName: null });
    expect(splitFullName('   ')).toEqual({ firstName: null, middleName: null, lastName: null });
  });

  it('joins the parts with single spaces and answers null when there is no name', () => {
    expect(joinFullName({ firstName: ' Ana ', middleName: null, lastName: 'García' })).toBe('Ana García');
    expect(joinFullName({ firstName: null, middleName: null, lastName: null })).toBeNull();
    expect(splitFullName(joinFullName({ firstName: 'Li', middleName: 'Wei', lastName: 'Van Dyke' }) ?? '')).toEqual({
      firstName: 'Li',
      middleName: 'Wei',
      lastName: 'Van Dyke',
    });
  });
});
