import { z } from 'zod';
import { FindingSchema, type Finding } from './finding.ts';
import { maskValue } from './mask.ts';
import { ProfileSchema, type Profile } from './profile.ts';
import type { ResolvedService, ResolvedVariable } from './resolve.ts';
import { SourceSchema, type Source } from './source.ts';

// The JSON every output shares (`check --json`, `env --json`, the engine API): values already masked.
export const VariableReportSchema = z.object({
  key: z.string(),
  value: z.string().nullable(),
  secret: z.boolean(),
  declared: z.boolean(),
  description: z.string().optional(),
  source: SourceSchema.nullable(),
  shadowed: z.array(z.object({ value: z.string(), source: SourceSchema })),
  valid: z.boolean(),
});
export type VariableReport = z.infer<typeof VariableReportSchema>;

export const ServiceReportSchema = z.object({
  name: z.string(),
  healthScore: z.number().int().min(0).max(100),
  variables: z.array(VariableReportSchema),
  findings: z.array(FindingSchema),
});
export type ServiceReport = z.infer<typeof ServiceReportSchema>;

export const StackReportSchema = z.object({
  profile: ProfileSchema,
  healthScore: z.number().int().min(0).max(100),
  services: z.array(ServiceReportSchema),
  findings: z.array(FindingSchema),
});
export type StackReport = z.infer<typeof StackReportSchema>;

// Why: every value leaves through here, so masking cannot be forgotten by one output.
export function variableReport(variable: ResolvedVariable, findings: readonly Finding[], displayPath: (path: string) => string): VariableReport {
  const show = (source: Source): Source => (source.file ? { ...source, file: displayPath(source.file) } : source);
  return {
    key: variable.key,
    value: variable.value === undefined ? null : maskValue(variable.value, variable.secret),
    secret: variable.secret,
    declared: variable.declared,
    ...(variable.spec ? { description: variable.spec.description } : {}),
    source: variable.source ? show(variable.source) : null,
    shadowed: variable.shadowed.map((candidate) => ({ value: maskValue(candidate.value, variable.secret), source: show(candidate.source) })),
    valid: !findings.some((finding) => finding.key === variable.key && finding.severity === 'error'),
  };
}

export function serviceReport(
  service: ResolvedService,
  validation: { healthScore: number; findings: Finding[] },
  displayPath: (path: string) => string,
): ServiceReport {
  return {
    name: service.service,
    healthScore: validation.healthScore,
    variables: service.variables.map((variable) => variableReport(variable, validation.findings, displayPath)),
    findings: validation.findings,
  };
}

export function stackReport(
  profile: Profile,
  services: readonly ResolvedService[],
  validation: { healthScore: number; services: { service: string; healthScore: number; findings: Finding[] }[]; findings: Finding[] },
  displayPath: (path: string) => string,
): StackReport {
  return {
    profile,
    healthScore: validation.healthScore,
    services: services.map((service, index) => serviceReport(service, validation.services[index] ?? { healthScore: 100, findings: [] }, displayPath)),
    findings: validation.findings,
  };
}
