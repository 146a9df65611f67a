import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from './finding.ts';
import { healthScore, stackHealthScore } from './health-score.ts';

// Findings that differ only in severity: the score reads nothing else.
const finding = (severity: Severity): Finding => ({ rule: 'invalid-value', severity, service: 'auth', key: 'PORT', message: 'm', suggestion: 's' });
const findingsArbitrary = fc.array(fc.constantFrom<Severity>('error', 'warning', 'info').map(finding), { maxLength: 30 });
const scoreArbitrary = fc.integer({ min: 0, max: 100 });

describe('healthScore', () => {
  it('is 100 for no findings, and costs 20 per error and 5 per warning', () => {
    expect(healthScore([])).toBe(100);
    expect(healthScore([finding('error')])).toBe(80);
    expect(healthScore([finding('warning'), finding('warning')])).toBe(90);
    expect(healthScore([finding('error'), finding('warning')])).toBe(75);
  });

  it('never charges for info', () => {
    expect(healthScore([finding('info'), finding('info'), finding('info')])).toBe(100);
  });

  it('stays a whole number within 0..100 for any findings', () => {
    fc.assert(fc.property(findingsArbitrary, (findings) => {
      const score = healthScore(findings);
      return Number.isInteger(score) && score >= 0 && score <= 100;
    }));
  });

  it('falls with each added error or warning until it reaches 0', () => {
    fc.assert(fc.property(findingsArbitrary, fc.constantFrom<Severity>('error', 'warning'), (findings, severity) => {
      const before = healthScore(findings);
      const after = healthScore([...findings, finding(severity)]);
      return before === 0 ? after === 0 : after < before;
    }));
  });

  it('ranks an error above a warning', () => {
    expect(healthScore([finding('error')])).toBeLessThan(healthScore([finding('warning')]));
  });
});

describe('stackHealthScore', () => {
  it('is the rounded mean of the services without cross-service findings', () => {
    expect(stackHealthScore([100, 75], [])).toBe(88);
    expect(stackHealthScore([], [])).toBe(100);
  });

  it('subtracts what the cross-service findings cost', () => {
    expect(stackHealthScore([100, 100], [finding('error')])).toBe(80);
    expect(stackHealthScore([90, 90], [finding('warning'), finding('info')])).toBe(85);
  });

  it('stays a whole number within 0..100 and never exceeds its worst-case bound', () => {
    fc.assert(fc.property(fc.array(scoreArbitrary, { maxLength: 6 }), findingsArbitrary, (scores, findings) => {
      const score = stackHealthScore(scores, findings);
      const mean = scores.length === 0 ? 100 : scores.reduce((sum, value) => sum + value, 0) / scores.length;
      return Number.isInteger(score) && score >= 0 && score <= 100 && score <= Math.round(mean) && score <= healthScore(findings);
    }));
  });

  it('falls when any service falls', () => {
    fc.assert(fc.property(fc.array(scoreArbitrary, { minLength: 1, maxLength: 6 }), fc.nat(), (scores, pick) => {
      const index = pick % scores.length;
      const worse = scores.map((score, i) => (i === index ? Math.max(0, score - 20) : score));
      return stackHealthScore(worse, []) <= stackHealthScore(scores, []);
    }));
  });
});
