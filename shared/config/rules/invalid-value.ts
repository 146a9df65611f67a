import type { Finding } from '../finding.ts';
import { maskValue } from '../mask.ts';
import { profileNamed } from '../profile.ts';
import type { ResolvedService, ResolvedVariable } from '../resolve.ts';
import { isSet, locate, severityFor, type Rule, type ValidationContext } from './context.ts';

// A value that fails its type, a profile that disagrees with ENVIRONMENT, or invisible characters around a secret.
export const invalidValue: Rule = (context) =>
  context.services.flatMap((service) => [
    ...service.variables.flatMap((variable) => [...typeProblems(variable, service, context), ...invisibleCharacters(variable, service, context)]),
    ...service.variables.flatMap((variable) => halfOfProblems(variable, service, context)),
  ]);

function typeProblems(variable: ResolvedVariable, service: ResolvedService, context: ValidationContext): Finding[] {
  // Schema defaults are ours and tested to parse; skipping them saves a third of the zod work on a large stack.
  if (!variable.spec || !isSet(variable) || variable.source?.kind === 'default') return [];
  const parsed = variable.spec.schema.safeParse(variable.value);
  const wrongProfile = variable.spec.namesProfile === true && profileNamed(variable.value) !== context.profile;
  if (parsed.success && !wrongProfile && !variable.spec.schemesOnlyIn) return [];
  // Located only when there is something to say: most values are fine, and a place costs a string to build.
  const place = locate(variable, context);
  const base = { rule: 'invalid-value' as const, service: service.service, key: variable.key, file: place.file, line: place.line };
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'is not valid';
    const shown = variable.secret ? '' : ` (${JSON.stringify(truncate(maskValue(variable.value, false)))})`;
    return [{
      ...base,
      severity: 'error',
      message: `${variable.key}${shown} from ${place.where} ${reason.startsWith('must') ? reason : `is invalid: ${reason}`}`,
      suggestion: `Fix the value: ${variable.spec.description}`,
    }];
  }
  const scheme = variable.spec.schemesOnlyIn ? /^([a-z][a-z0-9+.-]*):/i.exec(variable.value)?.[1]?.toLowerCase() : undefined;
  const onlyIn = variable.spec.schemesOnlyIn;
  const allowedIn = scheme !== undefined && onlyIn && Object.hasOwn(onlyIn, scheme) ? onlyIn[scheme] : undefined;
  if (allowedIn && !allowedIn.includes(context.profile)) {
    return [{
      ...base,
      severity: 'error',
      message: `${variable.key} from ${place.where} is a ${scheme}:// URL, which the schema accepts only in ${allowedIn.join(', ')}, not in ${context.profile}`,
      suggestion: `Set ${variable.key} to the ${context.profile} database's URL: ${variable.spec.description}`,
    }];
  }
  if (wrongProfile) {
    return [{
      ...base,
      severity: 'error',
      message: `${variable.key} is ${variable.value} (from ${place.where}) but Stackdeck resolved the ${context.profile} profile, so files and rules disagree with what the service believes`,
      suggestion: `Remove ${variable.key} from ${place.where}, or run with --profile ${variable.value}`,
    }];
  }
  return [];
}

// Why: a secret pasted from a secret manager often carries a newline or spaces that no one can see.
function invisibleCharacters(variable: ResolvedVariable, service: ResolvedService, context: ValidationContext): Finding[] {
  if (!isSet(variable)) return [];
  const surrounding = variable.value !== variable.value.trim();
  const control = /[\u0000-\u0008\u000b-\u001f\u007f]/.test(variable.value);
  if (!surrounding && !control) return [];
  const place = locate(variable, context);
  const what = surrounding ? 'starts or ends with whitespace' : 'holds control characters';
  return [{
    rule: 'invalid-value',
    severity: severityFor(context.profile, 'warning'),
    service: service.service,
    key: variable.key,
    file: place.file,
    line: place.line,
    message: `${variable.key} from ${place.where} ${what}, which the service will receive as part of the value`,
    suggestion: `Remove the invisible characters (a value pasted from a secret manager often ends with a newline)`,
  }];
}

// An interval as long as its timeout loses the race about half the time (a heartbeat): the schema's atMostHalfOf.
function halfOfProblems(variable: ResolvedVariable, service: ResolvedService, context: ValidationContext): Finding[] {
  const limitKey = variable.spec?.atMostHalfOf;
  if (!limitKey) return [];
  const interval = numberOf(service, variable.key);
  const limit = numberOf(service, limitKey);
  if (!interval || !limit || interval.value * 2 <= limit.value) return [];
  const place = locate(interval.variable, context);
  return [{
    rule: 'invalid-value',
    severity: severityFor(context.profile, 'warning'),
    service: service.service,
    key: variable.key,
    file: place.file,
    line: place.line,
    message: `${variable.key} (${interval.value}) is more than half of ${limitKey} (${limit.value}): one late beat and a healthy run is declared dead`,
    suggestion: `Keep ${variable.key} at most half of ${limitKey}, e.g. ${limit.value / 5}`,
  }];
}

function numberOf(service: ResolvedService, key: string): { value: number; variable: ResolvedVariable } | undefined {
  const variable = service.variables.find((candidate) => candidate.key === key);
  if (!variable || !isSet(variable)) return undefined;
  const value = Number(variable.value);
  return Number.isFinite(value) && value > 0 ? { value, variable } : undefined;
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
