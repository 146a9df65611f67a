import type { Finding } from '../finding.ts';
import { isSet, locate, type Rule } from './context.ts';

// Two services pinned to one port: the second one fails with EADDRINUSE, so say it before anything starts.
export const portConflict: Rule = (context) => {
  const byPort = new Map<string, { service: string; where: string; file?: string; line?: number }[]>();
  for (const service of context.services) {
    const variable = service.variables.find((candidate) => candidate.key === 'PORT');
    if (!variable || !isSet(variable)) continue;
    const place = locate(variable, context);
    // '09000' and '9000' are one port.
    const port = /^\d+$/.test(variable.value.trim()) ? String(Number(variable.value)) : variable.value;
    byPort.set(port, [...(byPort.get(port) ?? []), { service: service.service, ...place }]);
  }
  const findings: Finding[] = [];
  for (const [port, holders] of byPort) {
    if (holders.length < 2) continue;
    const first = holders.find((holder) => holder.file) ?? holders[0];
    findings.push({
      rule: 'port-conflict',
      severity: 'error',
      services: holders.map((holder) => holder.service),
      key: 'PORT',
      file: first?.file,
      line: first?.line,
      message: `${holders.map((holder) => `${holder.service} (${holder.where})`).join(' and ')} are ${holders.length === 2 ? 'both' : 'all'} set to listen on port ${port}`,
      suggestion: `Give each service its own PORT, or remove PORT and let the launcher allocate free ports`,
    });
  }
  return findings;
};
