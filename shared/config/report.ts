import type { Finding } from './finding.ts';
import { maskValue } from './mask.ts';
import type { Profile } from './profile.ts';
import type { ResolvedService, ResolvedVariable } from './resolve.ts';
import type { EnvReference } from './env-file/reference.ts';
import { requirementsByKey, type Requirement } from './requirements.ts';
import { effectiveDatabaseUrl, serviceDatabaseUrl } from './service-database-url.ts';
import type { Candidate, Source } from './source.ts';
import type { ServiceReport, StackReport, VariableReport } from './report-schema.ts';

// The outputs' JSON is described by zod schemas in report-schema.ts, which only what parses a report loads (a baseline, the
// engine's API, the UI): `check` writes reports and never builds them.
export type { ServiceReport, StackReport, VariableReport };

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
