import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues, staleKeys } from './stale-keys.ts';

describe('compareValues', () => {
  it('sorts keys into added, removed and changed', () => {
    expect(compareValues({ A: '1', B: '2', C: '3' }, { B: '2', C: '4', D: '5' })).toEqual({ added: ['D'], removed: ['A'], changed: ['C'] });
  });

  it('counts an empty value as a value', () => {
    expect(compareValues({ A: '' }, {})).toEqual({ added: [], removed: ['A'], changed: [] });
    expect(compareValues({}, { A: '' })).toEqual({ added: ['A'], removed: [], changed: [] });
  });

  it('is not fooled by keys that name Object.prototype members', () => {
    expect(compareValues({}, { constructor: 'x', toString: 'y' })).toEqual({ added: ['constructor', 'toString'], removed: [], changed: [] });
    expect(compareValues({ hasOwnProperty: 'x' }, { hasOwnProperty: 'x' })).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('staleKeys', () => {
  it('lists every differing key once, sorted', () => {
    expect(staleKeys({ PORT: '8000', B: '1' }, { PORT: '8001', A: '1' })).toEqual(['A', 'B', 'PORT']);
  });

  it('is empty for the same values, and symmetric (property)', () => {
    const values = fc.dictionary(fc.constantFrom('A', 'B', 'C', 'PORT', 'constructor'), fc.constantFrom('', '1', '2'));
    fc.assert(fc.property(values, values, (a, b) => {
      expect(staleKeys(a, a)).toEqual([]);
      expect(staleKeys(a, b)).toEqual(staleKeys(b, a));
      const expected = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => a[key] !== b[key] || Object.hasOwn(a, key) !== Object.hasOwn(b, key)).sort();
      expect(staleKeys(a, b)).toEqual(expected);
    }));
  });
});
