import type { Finding } from './finding.ts';

const PENALTY = { error: 20, warning: 5, info: 0 } as const;

// 0-100, falling with each error and warning; info never costs.
export function healthScore(findings: readonly Finding[]): number {
  return Math.max(0, 100 - findings.reduce((sum, finding) => sum + PENALTY[finding.severity], 0));
}

// The stack: the mean of its services, less what the cross-service findings cost.
export function stackHealthScore(serviceScores: readonly number[], crossServiceFindings: readonly Finding[]): number {
  const mean = serviceScores.length === 0 ? 100 : serviceScores.reduce((sum, score) => sum + score, 0) / serviceScores.length;
  return Math.max(0, Math.round(mean) - (100 - healthScore(crossServiceFindings)));
}
