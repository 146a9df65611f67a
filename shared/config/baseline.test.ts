import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, findingIdentity } from './baseline.ts';
import { RULE_IDS, type Finding } from './finding.ts';

const finding = (patch: Partial<Finding>): Finding => ({ rule: 'secret-too-short', severity: 'error', service: 'api', key: 'TOKEN', message: 'm', suggestion: 's', file: 'api/.env', line: 3, ...patch });

describe('compareWithBaseline', () => {
  it('matches a finding whose line, message or severity changed, and not one in another file, key, service or rule', () => {
    const base = finding({});
    expect(compareWithBaseline([base], [finding({ line: 9, message: 'moved', severity: 'warning' })])).toEqual({ added: [], fixed: [] });
    for (const changed of [{ file: 'api/.env.local' }, { key: 'OTHER' }, { service: 'web' }, { rule: 'invalid-value' as const }]) {
      const moved = finding(changed);
      expect(compareWithBaseline([base], [moved])).toEqual({ added: [moved], fixed: [base] });
    }
  });

  it('identifies cross-service findings by their services in any order', () => {
    expect(findingIdentity(finding({ service: undefined, services: ['b', 'a'] }))).toBe(findingIdentity(finding({ service: undefined, services: ['a', 'b'] })));
  });

  it('counts: a second finding with an identity the baseline has once is new', () => {
    const base = finding({});
    expect(compareWithBaseline([base], [base, finding({ line: 4 })]).added).toEqual([finding({ line: 4 })]);
  });

  it('is symmetric and loses nothing: |current| - |added| = |baseline| - |fixed| (fast-check)', () => {
    const arbitrary = fc.record({ rule: fc.constantFrom(...RULE_IDS.slice(0, 3)), key: fc.constantFrom('A', 'B'), file: fc.constantFrom('x', 'y'), line: fc.integer({ min: 1, max: 5 }) })
      .map((patch) => finding(patch));
    fc.assert(fc.property(fc.array(arbitrary, { maxLength: 12 }), fc.array(arbitrary, { maxLength: 12 }), (baseline, current) => {
      const forward = compareWithBaseline(baseline, current);
      const backward = compareWithBaseline(current, baseline);
      expect(forward.added).toEqual(backward.fixed);
      expect(current.length - forward.added.length).toBe(baseline.length - forward.fixed.length);
      expect(compareWithBaseline(current, current)).toEqual({ added: [], fixed: [] });
    }));
  });
});
