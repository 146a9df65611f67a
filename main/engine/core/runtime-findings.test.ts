import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/config/finding.ts';
import type { StackReport } from '../../../shared/config/report.ts';
import { withRuntimeFindings } from './runtime-findings.ts';

const report: StackReport = {
  profile: 'development',
  healthScore: 90,
  findings: [],
  services: [
    { name: 'api', healthScore: 90, variables: [], findings: [{ rule: 'fallback-used', severity: 'info', service: 'api', key: 'SECRET', message: 'm', suggestion: 's' }] },
    { name: 'web', healthScore: 100, variables: [], findings: [] },
  ],
};
const mismatch: Finding = { rule: 'port-mismatch', severity: 'warning', service: 'api', key: 'PORT', message: 'it listens on port 8000', suggestion: 'pass ${PORT}' };

describe('withRuntimeFindings', () => {
  it('adds a running service\'s findings to that service, in compiler order', () => {
    const merged = withRuntimeFindings(report, [mismatch]);
    expect(merged.services[0]?.findings.map((finding) => finding.rule)).toEqual(['port-mismatch', 'fallback-used']);
    expect(merged.services[1]).toBe(report.services[1]);
  });

  it('leaves the report as it is when nothing runs with a finding', () => {
    expect(withRuntimeFindings(report, [])).toBe(report);
  });
});
