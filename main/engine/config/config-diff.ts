import type { ConfigDiff } from '../../../shared/api/config-diff.ts';
import { maskValue } from '../../../shared/config/mask.ts';
import type { StackInspection } from '../../../shared/config/node/inspect-stack.ts';
import type { ResolvedVariable } from '../../../shared/config/resolve.ts';
import type { Source } from '../../../shared/config/source.ts';

export type ConfigChange = ConfigDiff['changes'][number];
type Side = ConfigChange['before'];

// Why: the UI shows what an edit did, per key, without ever carrying a secret out of the engine.
export function diffInspections(before: StackInspection, after: StackInspection, displayPath: (path: string) => string): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const service of serviceNames(before, after)) {
    const old = variablesOf(before, service);
    const now = variablesOf(after, service);
    for (const key of new Set([...now.keys(), ...old.keys()])) {
      const was = old.get(key);
      const is = now.get(key);
      if (sameWinner(was, is)) continue;
      // A key is a secret if either side says so: masking both sides the same way never shows one.
      const secret = Boolean(was?.secret || is?.secret);
      changes.push({ service, key, before: side(was, secret, displayPath), after: side(is, secret, displayPath) });
    }
  }
  return changes;
}

function serviceNames(before: StackInspection, after: StackInspection): string[] {
  return [...new Set([...after.services.map((service) => service.service), ...before.services.map((service) => service.service)])];
}

function variablesOf(inspection: StackInspection, service: string): Map<string, ResolvedVariable> {
  const variables = inspection.services.find((candidate) => candidate.service === service)?.variables ?? [];
  return new Map(variables.map((variable) => [variable.key, variable]));
}

// Compared raw: a secret whose masked form stays `***` still counts as changed.
function sameWinner(a: ResolvedVariable | undefined, b: ResolvedVariable | undefined): boolean {
  return a?.value === b?.value && sameSource(a?.value === undefined ? undefined : a.source, b?.value === undefined ? undefined : b.source);
}

function sameSource(a: Source | undefined, b: Source | undefined): boolean {
  return a?.kind === b?.kind && a?.file === b?.file && a?.line === b?.line;
}

// No value is no side: the key is not set on that side of the change.
function side(variable: ResolvedVariable | undefined, secret: boolean, displayPath: (path: string) => string): Side {
  if (variable?.value === undefined) return null;
  const source = variable.source ?? null;
  return {
    value: maskValue(variable.value, secret),
    source: source?.file ? { ...source, file: displayPath(source.file) } : source,
  };
}
