import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  deleteAt,
  type EvalPerson,
  type EvalQuery,
  foldName,
  formatPhone,
  generateEvaluation,
  hasAccents,
  insertAt,
  keyboardNeighbours,
  recallByCategory,
  seededRandom,
  stripAccents,
  substituteAt,
  transposeAt,
  typoOf,
} from './search-evaluation.ts';

describe('the edits behind the evaluation queries (hand-written examples)', () => {
  it('substitute, insert, delete and swap one character', () => {
    expect(substituteAt('smith', 2, 'u')).toBe('smuth');
    expect(substituteAt('José', 3, 'e')).toBe('Jose');
    expect(insertAt('smith', 2, 'm')).toBe('smmith');
    expect(insertAt('lee', 3, 'e')).toBe('leee');
    expect(deleteAt('garcia', 3)).toBe('garia');
    expect(transposeAt('james', 1)).toBe('jmaes');
    expect(transposeAt('young', 3)).toBe('yougn');
    expect(() => substituteAt('le', 2, 'x')).toThrow(RangeError);
    expect(() => transposeAt('le', 1)).toThrow(RangeError);
  });

  it('slip onto a neighbouring key', () => {
    expect(keyboardNeighbours('s')).toBe('awedxz');
    expect(keyboardNeighbours('K')).toBe('jiolm');
    expect(keyboardNeighbours('é')).toBe('');
  });

  it('drop accents as a keyboard without them types the name, and fold case for comparing names', () => {
    expect(stripAccents('José Rodríguez')).toBe('Jose Rodriguez');
    expect(stripAccents('Zoë Núñez')).toBe('Zoe Nunez');
    expect(stripAccents('Søren Øberg')).toBe('Soren Oberg');
    expect(stripAccents('Dvořák')).toBe('Dvorak');
    expect(hasAccents('Smith')).toBe(false);
    expect(hasAccents('Chloé')).toBe(true);
    expect(foldName('Ramírez')).toBe('ramirez');
  });

  it('write a phone number the ways people write it', () => {
    expect(formatPhone('+17025550123', 'national')).toBe('(702) 555-0123');
    expect(formatPhone('+17025550123', 'dashes')).toBe('702-555-0123');
    expect(formatPhone('+17025550123', 'dots')).toBe('702.555.0123');
    expect(formatPhone('+17025550123', 'digits')).toBe('7025550123');
    expect(formatPhone('+17025550123', 'international')).toBe('+1 702 555 0123');
    expect(formatPhone('+17025550123', 'spaces')).toBe('702 555 0123');
    expect(formatPhone('+17025550123', 'last7')).toBe('555-0123');
  });

  it('make a typo of each kind one edit away, or none where a word is too short (no deletion in a two-letter name)', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 200; i++) {
      const word = ['Smith', 'Garcia', 'Kathleen', 'Le', 'Wei'][i % 5]!;
      for (const kind of ['substitution', 'insertion', 'deletion', 'transposition'] as const) {
        const typo = typoOf(kind, word, random);
        if (word === 'Le' && kind === 'deletion') expect(typo).toBeNull();
        if (typo === null) continue;
        expect(typo).not.toBe(word);
        expect(editDistance(typo.toLowerCase(), word.toLowerCase()), `${kind} ${word} -> ${typo}`).toBe(1);
        const lengthChange = { substitution: 0, insertion: 1, deletion: -1, transposition: 0 }[kind];
        expect([...typo].length - [...word].length).toBe(lengthChange);
      }
    }
  });
});

/** Optimal string alignment distance (a transposition counts one), written out as the oracle. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const PEOPLE: EvalPerson[] = [
  {
    id: 'a',
    firstName: 'Robert',
    lastName: 'Smith',
    preferredName: null,
    phone: '+17025550123',
    email: 'robert.smith.1@example.com',
  },
  { id: 'b', firstName: 'Robert', lastName: 'Smith', preferredName: 'Bob', phone: '+17255550123', email: null },
  { id: 'c', firstName: 'José', lastName: 'Núñez', preferredName: null, phone: null, email: 'jose_3@example.org' },
  {
    id: 'd',
    firstName: 'Steven',
    lastName: 'Clark',
    preferredName: null,
    phone: '+13035559876',
    email: 'sclark.4@example.com',
  },
  {
    id: 'e',
    firstName: 'Katherine',
    lastName: 'Gray',
    preferredName: null,
    phone: '+13035550001',
    email: 'kgray.5@example.net',
  },
];

describe('the evaluation set', () => {
  const queries = generateEvaluation(PEOPLE, { seed: 7, perCategory: 3 });

  it('is the same for the same people and seed, in whatever order the people come', () => {
    expect(generateEvaluation([...PEOPLE].reverse(), { seed: 7, perCategory: 3 })).toEqual(queries);
    expect(generateEvaluation(PEOPLE, { seed: 8, perCategory: 3 })).not.toEqual(queries);
  });

  it('accepts everyone the query cannot tell from the target, and only them', () => {
    const of = (category: string) => queries.filter((q) => q.category === category);
    for (const q of of('exact')) {
      expect(q.acceptIds).toEqual(q.targetId === 'a' || q.targetId === 'b' ? ['a', 'b'] : [q.targetId]);
    }
    for (const q of of('phone-last4')) {
      expect(q.query).toMatch(/^\d{4}$/);
      expect(q.acceptIds).toEqual(q.query === '0123' ? ['a', 'b'] : [q.targetId]);
    }
    for (const q of of('email-domain')) {
      if (q.query.endsWith('example.com')) expect(q.acceptIds).toEqual(['a', 'd']);
    }
    for (const q of of('email-address')) expect(q.acceptIds).toEqual([q.targetId]);
  });

  it('writes the nickname, sound-alike and accent queries it should', () => {
    const texts = (category: string) => queries.filter((q) => q.category === category).map((q) => q.query);
    // Robert Smith who goes by Bob in the record is left out of "Bob Smith": the stored name finds him.
    for (const q of queries.filter((q) => q.category === 'nickname')) {
      expect(['Bob Smith', 'Rob Smith', 'Kathy Gray', 'Kate Gray', 'Steve Clark']).toContain(q.query);
      if (q.query === 'Bob Smith') expect(q.targetId).toBe('a');
    }
    for (const text of texts('sound-alike')) {
      expect(['Stephen Clark', 'Catherine Gray', 'Kathryn Gray', 'Katherine Grey', 'Robert Smyth']).toContain(text);
    }
    expect(texts('accents').every((t) => ['Jose Nunez', 'jose nunez'].includes(t))).toBe(true);
    expect(texts('accents').length).toBe(1);
  });

  it('offers every category', () => {
    expect(new Set(queries.map((q) => q.category))).toEqual(new Set(CATEGORIES));
  });
});

describe('recall per category', () => {
  it('counts a hit within the first one or ten results', () => {
    const q = (category: EvalQuery['category'], acceptIds: string[]): EvalQuery => ({
      category,
      query: 'x',
      targetId: acceptIds[0]!,
      acceptIds,
    });
    const queries = [
      q('substitution', ['t1']),
      q('substitution', ['t2']),
      q('deletion', ['t3', 't3b']),
      q('exact', ['t4']),
    ];
    const results = [['t1'], ['x', 'x', 't2'], ['t3b'], ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 't4']];
    expect(recallByCategory(queries, (_, i) => results[i]!)).toEqual([
      { category: 'exact', count: 1, recallAt1: 0, recallAt10: 0 },
      { category: 'substitution', count: 2, recallAt1: 0.5, recallAt10: 1 },
      { category: 'deletion', count: 1, recallAt1: 1, recallAt10: 1 },
      { category: 'one-edit', count: 3, recallAt1: 2 / 3, recallAt10: 1 },
    ]);
  });
});
