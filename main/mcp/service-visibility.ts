import { closestKey } from '../../shared/config/closest-key.ts';
import type { StackReport } from '../../shared/config/report.ts';
import type { StackFile } from '../../shared/stack/stack-file-schema.ts';

// Asked of a tool that cannot answer: its message goes to the agent as the tool's error.
export class ToolRefusal extends Error {}

export interface ServiceVisibility {
  // The services an agent may see and drive, in stack-file order.
  readonly visible: readonly string[];
  readonly excluded: readonly string[];
  // Throws a ToolRefusal naming why: not in the stack (with the closest name), or excluded by `"mcp": false`.
  require(service: string): void;
  // The report without the excluded services and without findings that concern them.
  filterReport(report: StackReport): StackReport;
}

// Why: a service marked `"mcp": false` in stackdeck.json is out of an agent's reach in every tool, by one rule.
export function serviceVisibility(stack: Pick<StackFile, 'services'>): ServiceVisibility {
  const names = Object.keys(stack.services);
  const excluded = names.filter((name) => stack.services[name]?.mcp === false);
  const visible = names.filter((name) => !excluded.includes(name));
  const shown = (service: string | undefined) => service === undefined || !excluded.includes(service);
  return {
    visible,
    excluded,
    require(service) {
      if (excluded.includes(service)) throw new ToolRefusal(`'${service}' is excluded from MCP ("mcp": false in stackdeck.json): ask the developer, or use the dashboard`);
      if (!names.includes(service)) {
        const near = closestKey(service, visible);
        throw new ToolRefusal(`no service '${service}' in this stack${near ? `; did you mean '${near}'?` : ''} (services: ${visible.join(', ') || 'none'})`);
      }
    },
    filterReport(report) {
      return {
        ...report,
        services: report.services.filter((service) => shown(service.name)),
        findings: report.findings.filter((finding) => shown(finding.service) && (finding.services ?? []).every(shown)),
      };
    },
  };
}
