import type { EnvLoader } from '../env-loaders/env-loader.ts';
import type { Finding } from '../finding.ts';
import { looksSecret, maskValue } from '../mask.ts';
import { resolvedValues, type ResolvedService, type ResolvedVariable } from '../resolve.ts';
import { describeSource, type SourceKind } from '../source.ts';
import { severityFor, type Rule, type ValidationContext } from './context.ts';

interface FileValue {
  value: string;
  file: string;
  line: number;
}

// Why: a service that loads an env file with override after start replaces what the launcher passed (its allocated
// PORT, a peer URL, an override): Stackdeck would show, and expect, a value the service does not run with.
export const loaderOverride: Rule = (context) =>
  context.services.flatMap((service) => (context.loaders?.[service.service] ?? [])
    .filter((loader) => loader.override)
    .flatMap((loader) => replacements(loader, service, context)));

function replacements(loader: EnvLoader, service: ResolvedService, context: ValidationContext): Finding[] {
  const passed = resolvedValues(service);
  const findings: Finding[] = [];
  for (const [key, fromFile] of valuesLoaded(loader, context)) {
    const variable = service.variables.find((candidate) => candidate.key === key);
    const secret = variable?.secret ?? looksSecret(key);
    const replaced = whatIsReplaced(key, variable, passed[key], fromFile.value, service.service, context);
    if (!replaced) continue;
    const place = `${context.displayPath(fromFile.file)}:${fromFile.line}`;
    findings.push({
      rule: 'loader-override',
      severity: severityFor(context.profile, 'warning'),
      service: service.service,
      key,
      file: context.displayPath(loader.file),
      line: loader.line,
      message: `${loader.call} replaces ${key} (${replaced.before}) with ${maskValue(fromFile.value, secret)} from ${place}, so ${replaced.consequence}`,
      suggestion: `Drop ${loader.language === 'python' ? 'override=True' : '`override: true`'} so what Stackdeck passes wins, or remove ${key} from ${context.displayPath(fromFile.file)}`,
    });
  }
  return findings;
}

// What the service would have had without the loader, and what it loses; undefined when nothing changes.
function whatIsReplaced(
  key: string, variable: ResolvedVariable | undefined, value: string | undefined, loaded: string, service: string, context: ValidationContext,
): { before: string; consequence: string } | undefined {
  // Before a start (`stackdeck check`) the launcher's value is not known yet, but that it will set the key is.
  const kind = variable?.source?.kind;
  if (context.launcherKeys?.[service]?.includes(key) && kind !== 'launcher' && kind !== 'override') {
    return { before: 'launcher: set at start', consequence: consequence('launcher', loaded) };
  }
  if (!variable?.source || value === undefined || value === loaded) return undefined;
  return { before: `${describeSource(variable.source, context.displayPath)}: ${maskValue(value, variable.secret)}`, consequence: consequence(variable.source.kind, value) };
}

// What an overriding loader sets: its files in order, a later assignment replacing an earlier one (override is on).
function valuesLoaded(loader: EnvLoader, context: ValidationContext): Map<string, FileValue> {
  const values = new Map<string, FileValue>();
  for (const file of loader.files) {
    const report = [...(context.loaderFiles ?? []), ...context.files].find((candidate) => candidate.path === file);
    for (const entry of report?.entries ?? []) values.set(entry.key, { value: entry.value, file, line: entry.line });
  }
  return values;
}

function consequence(kind: SourceKind, value: string): string {
  switch (kind) {
    case 'launcher':
      return /^\d+$/.test(value) ? 'the service listens where Stackdeck does not expect' : 'the service calls another address than the peer Stackdeck started';
    case 'override':
      return 'the override set for this run does not reach the service';
    case 'os':
      return "the OS environment's value does not reach the service";
    default:
      return 'the service runs with another value than Stackdeck shows';
  }
}
