import type { Finding } from '../../../shared/config/finding.ts';

// Why: a service that ignores its port (python3 -m http.server, a hard-coded 3000) is reachable elsewhere than its
// peers and the dashboard think; the finding names both ports and the fix, where the other findings are read.
export function portMismatchFinding(service: string, allocated: number, listening: readonly number[], variable: string): Finding | null {
  if (listening.length === 0 || listening.includes(allocated)) return null;
  const elsewhere = listening.length === 1 ? `port ${listening[0]}` : `ports ${listening.join(', ')}`;
  return {
    rule: 'port-mismatch',
    severity: 'warning',
    service,
    key: variable,
    message: `it listens on ${elsewhere}, not on its allocated port ${allocated} (given in ${variable})`,
    suggestion: `pass \${${variable}} in its command, or have it read ${variable}`,
  };
}

// The one-line form the service card and the launcher's log show.
export function portMismatchWarning(finding: Finding | null): string | null {
  return finding ? `${finding.message}: ${finding.suggestion}` : null;
}
