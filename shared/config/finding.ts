import { z } from 'zod';
import { compareText } from './compare-text.ts';

// The rule ids are a contract with the UI, the CLI's JSON and acceptance checks: one list, here.
export const RULE_IDS = [
  'required-missing',
  'invalid-value',
  'secret-too-short',
  'port-conflict',
  'cross-service-mismatch',
  'localhost-in-deployed-profile',
  'ssl-param-conflict',
  'database-url-direct',
  'fallback-used',
  'unknown-key',
  'env-file-parse',
  'oauth-naming',
  'tls-required',
  'loader-override',
  'port-mismatch',
  'development-file-ignored',
  'secret-reused',
] as const;

export const RuleIdSchema = z.enum(RULE_IDS);
export type RuleId = z.infer<typeof RuleIdSchema>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

// Built at its first parse (z.lazy): `check` and `up` only make findings, and building it cost every start.
export const FindingSchema = z.lazy(() => z.object({
  rule: RuleIdSchema,
  severity: SeveritySchema,
  service: z.string().optional(),
  services: z.array(z.string()).optional(),
  key: z.string().optional(),
  message: z.string(),
  suggestion: z.string(),
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
}));
export type Finding = z.infer<typeof FindingSchema>;

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

// Why: every output lists errors first, then by file and line, as a compiler does.
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareText(a.key ?? '', b.key ?? '')
  );
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
