import { describe, expect, it } from 'vitest';
import type { StackReport } from '../../shared/config/report.ts';
import { serviceVisibility, ToolRefusal } from './service-visibility.ts';

const spec = (mcp?: boolean) => ({ command: ['node'], envDir: '.', ...(mcp === undefined ? {} : { mcp }) });
// Only what the rule reads of a stack file: each service's `mcp` flag.
const stack = { services: { api: spec(), worker: spec(true), vault: spec(false) } } as unknown as Parameters<typeof serviceVisibility>[0];

describe('serviceVisibility', () => {
  it('keeps a service marked "mcp": false out, and names the closest visible service for a typo', () => {
    const visibility = serviceVisibility(stack);
    expect(visibility.visible).toEqual(['api', 'worker']);
    expect(visibility.excluded).toEqual(['vault']);
    expect(() => visibility.require('api')).not.toThrow();
    expect(() => visibility.require('vault')).toThrow(ToolRefusal);
    expect(() => visibility.require('vault')).toThrow(`'vault' is excluded from MCP ("mcp": false in stackdeck.json)`);
    // The excluded service is neither suggested nor listed.
    expect(() => visibility.require('vaul')).toThrow("no service 'vaul' in this stack (services: api, worker)");
    expect(() => visibility.require('apj')).toThrow("no service 'apj' in this stack; did you mean 'api'? (services: api, worker)");
  });

  it('drops the excluded service and every finding that concerns it from a report', () => {
    const finding = (over: object) => ({ rule: 'cross-service-mismatch', severity: 'error', message: 'differs', suggestion: 'align', ...over }) as StackReport['findings'][number];
    const report: StackReport = {
      profile: 'development',
      healthScore: 80,
      services: ['api', 'vault'].map((name) => ({ name, healthScore: 90, variables: [], findings: [] })),
      findings: [finding({ services: ['api', 'worker'] }), finding({ services: ['api', 'vault'] }), finding({ service: 'vault' }), finding({})],
    };
    const shown = serviceVisibility(stack).filterReport(report);
    expect(shown.services.map((service) => service.name)).toEqual(['api']);
    expect(shown.findings).toEqual([report.findings[0], report.findings[3]]);
  });
});
