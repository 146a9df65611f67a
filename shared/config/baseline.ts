import type { Finding } from './finding.ts';
import type { BaselineComparison, StackReport } from './report-schema.ts';

// A finding's identity across edits: rule, service(s), key and file. Never the line (an edit above it moves it), the
// message (it quotes lines and values) or the severity (a team raising a rule's severity adds no new problem).
export function findingIdentity(finding: Finding): string {
  return JSON.stringify([finding.rule, finding.service ?? null, [...(finding.services ?? [])].sort(), finding.key ?? null, finding.file ?? null]);
}

// Every finding of a report: the stack's (across services) and each service's.
export function reportFindings(report: Pick<StackReport, 'findings' | 'services'>): Finding[] {
  return [...report.findings, ...report.services.flatMap((service) => service.findings)];
}

// Its zod schema is with the reports' (report-schema.ts): `check --json` writes one, a test parses it.
export type { BaselineComparison };

// Why: CI fails on regressions only: what is new since a saved report, and what it had that is gone. Counted, so a
// second finding with the identity of one already in the baseline is new.
export function compareWithBaseline(baseline: readonly Finding[], current: readonly Finding[]): BaselineComparison {
  return { added: unmatched(current, baseline), fixed: unmatched(baseline, current) };
}

function unmatched(findings: readonly Finding[], others: readonly Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const other of others) left.set(findingIdentity(other), (left.get(findingIdentity(other)) ?? 0) + 1);
  return findings.filter((finding) => {
    const identity = findingIdentity(finding);
    const count = left.get(identity) ?? 0;
    if (count > 0) left.set(identity, count - 1);
    return count === 0;
  });
}
