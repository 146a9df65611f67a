import { compareFindings, type Finding } from '../../../shared/config/finding.ts';
import type { StackReport } from '../../../shared/config/report.ts';

// Why: what a running service shows (a port it ignores) belongs with its configuration's findings, where they are read.
export function withRuntimeFindings(report: StackReport, findings: readonly Finding[]): StackReport {
  if (findings.length === 0) return report;
  return {
    ...report,
    services: report.services.map((service) => {
      const own = findings.filter((finding) => finding.service === service.name);
      return own.length === 0 ? service : { ...service, findings: [...service.findings, ...own].sort(compareFindings) };
    }),
  };
}
