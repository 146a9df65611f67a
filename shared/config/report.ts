import { z } from 'zod';
import { FindingSchema, type Finding } from './finding.ts';
import { maskValue } from './mask.ts';
import { ProfileSchema, type Profile } from './profile.ts';
import type { ResolvedService, ResolvedVariable } from './resolve.ts';
import { EnvReferenceSchema, type EnvReference } from './env-file/reference.ts';
import { RequirementSchema, requirementsByKey, type Requirement } from './requirements.ts';
import { effectiveDatabaseUrl, EffectiveDatabaseUrlSchema, serviceDatabaseUrl } from './service-database-url.ts';
import { SourceSchema, type Candidate, type Source } from './source.ts';

// Present only when an env-file dialect expanded the value: what was written (masked like the value) and its references.
const ExpansionShape = {
  raw: z.string().optional(),
  references: z.array(EnvReferenceSchema).optional(),
};

// The JSON every output shares (`check --json`, `env --json`, the engine API): values already masked.
export const VariableReportSchema = z.object({
  key: z.string(),
  value: z.string().nullable(),
  secret: z.boolean(),
  declared: z.boolean(),
  description: z.string().optional(),
  // What stops working without it (the schema's breaksWithout), and the services of the stack that require it.
  breaksWithout: z.string().optional(),
  requiredBy: z.array(RequirementSchema).optional(),
  // A URL its schema builds from components: the URL the service really connects with, per driver.
  effectiveUrl: EffectiveDatabaseUrlSchema.optional(),
  source: SourceSchema.nullable(),
  ...ExpansionShape,
  shadowed: z.array(z.object({ value: z.string(), source: SourceSchema, ...ExpansionShape })),
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

// What a variable's report needs from beyond the variable: its service (for a URL built from the service's other
// variables) and the stack's requirements of it.
export interface VariableContext {
  service?: ResolvedService;
  requiredBy?: readonly Requirement[];
}

// Why: every value leaves through here, so masking cannot be forgotten by one output.
export function variableReport(variable: ResolvedVariable, findings: readonly Finding[], displayPath: (path: string) => string, context: VariableContext = {}): VariableReport {
  const show = (source: Source): Source => (source.file ? { ...source, file: displayPath(source.file) } : source);
  const analysis = context.service ? serviceDatabaseUrl(context.service, variable) : undefined;
  const effectiveUrl = analysis ? effectiveDatabaseUrl(analysis, (component) => (component.source ? show(component.source) : null)) : undefined;
  return {
    key: variable.key,
    value: variable.value === undefined ? null : maskValue(variable.value, variable.secret),
    secret: variable.secret,
    declared: variable.declared,
    ...(variable.spec ? { description: variable.spec.description } : {}),
    ...(variable.spec?.breaksWithout ? { breaksWithout: variable.spec.breaksWithout } : {}),
    ...(variable.declared ? { requiredBy: [...(context.requiredBy ?? [])] } : {}),
    ...(effectiveUrl ? { effectiveUrl } : {}),
    source: variable.source ? show(variable.source) : null,
    ...expansionReport(variable, variable.secret, displayPath),
    shadowed: variable.shadowed.map((candidate) => ({
      value: maskValue(candidate.value, variable.secret),
      source: show(candidate.source),
      ...expansionReport(candidate, variable.secret, displayPath),
    })),
    valid: !findings.some((finding) => finding.key === variable.key && finding.severity === 'error'),
  };
}

function expansionReport(candidate: Pick<Candidate, 'raw' | 'references'>, secret: boolean, displayPath: (path: string) => string): { raw?: string; references?: EnvReference[] } {
  return {
    ...(candidate.raw !== undefined ? { raw: maskValue(candidate.raw, secret) } : {}),
    ...(candidate.references !== undefined
      ? { references: candidate.references.map((reference) => (reference.origin.from === 'line' ? { ...reference, origin: { ...reference.origin, file: displayPath(reference.origin.file) } } : reference)) }
      : {}),
  };
}

// `requirements`: of every service of the stack (requirementsByKey), so a variable's report names the other services
// that require it too.
export function serviceReport(
  service: ResolvedService,
  validation: { healthScore: number; findings: Finding[] },
  displayPath: (path: string) => string,
  requirements: ReadonlyMap<string, Requirement[]> = requirementsByKey([service]),
): ServiceReport {
  return {
    name: service.service,
    healthScore: validation.healthScore,
    variables: service.variables.map((variable) => variableReport(variable, validation.findings, displayPath, { service, requiredBy: requirements.get(variable.key) ?? [] })),
    findings: validation.findings,
  };
}

export function stackReport(
  profile: Profile,
  services: readonly ResolvedService[],
  validation: { healthScore: number; services: { service: string; healthScore: number; findings: Finding[] }[]; findings: Finding[] },
  displayPath: (path: string) => string,
): StackReport {
  const requirements = requirementsByKey(services);
  return {
    profile,
    healthScore: validation.healthScore,
    services: services.map((service, index) => serviceReport(service, validation.services[index] ?? { healthScore: 100, findings: [] }, displayPath, requirements)),
    findings: validation.findings,
  };
}
