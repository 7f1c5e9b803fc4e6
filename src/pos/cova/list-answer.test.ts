import { describe, expect, it } from 'vitest';
import { PosMalformed } from '../port.ts';
import { readListAnswer, skipOfHref } from './list-answer.ts';

const route = 'GET /Companies({CompanyId})/CustomerFull';

describe('cova list answers', () => {
  it('reads HAL _embedded.self and the $skip of a relative next link', () => {
    const answer = readListAnswer(
      {
        _links: {
          self: { href: 'Companies(1)/Customers?$skip=0&$top=2' },
          next: { href: 'Companies(1)/Customers?$skip=2&$top=2' },
        },
        _embedded: { self: [{ Id: 'a' }, { Id: 'b' }] },
      },
      route,
    );
    expect(answer).toEqual({ rows: [{ Id: 'a' }, { Id: 'b' }], hasLinks: true, nextSkip: 2 });
  });

  it('reads HAL without a next link as the last page, and HAL with nothing embedded as empty', () => {
    expect(readListAnswer({ _links: { self: { href: 'x' } }, _embedded: { self: [] } }, route)).toEqual({
      rows: [],
      hasLinks: true,
      nextSkip: null,
    });
    expect(readListAnswer({ _links: { self: { href: 'x' } } }, route).rows).toEqual([]);
  });

  it('reads an array embedded under another name, an OData value array, Search Results and a bare array', () => {
    expect(readListAnswer({ _embedded: { CustomerFull: [1] } }, route).rows).toEqual([1]);
    expect(readListAnswer({ value: [2] }, route)).toEqual({ rows: [2], hasLinks: false, nextSkip: null });
    expect(readListAnswer({ Id: 1, Criteria: [], Results: [3] }, route).rows).toEqual([3]);
    expect(readListAnswer([4], route)).toEqual({ rows: [4], hasLinks: false, nextSkip: null });
  });

  it('reports an answer without any list as Malformed, keeping the body', () => {
    const error = (() => {
      try {
        return readListAnswer({ Message: 'odd' }, route);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PosMalformed);
    expect((error as PosMalformed).raw).toEqual({ Message: 'odd' });
  });

  it('reads $skip from absolute and encoded hrefs, and NaN when there is none', () => {
    expect(skipOfHref('https://crm.iqmetrix.net/v1/Companies(1)/Customers?%24skip=40&%24top=20')).toBe(40);
    expect(skipOfHref('Companies(1)/Customers?$top=20')).toBeNaN();
  });
});
