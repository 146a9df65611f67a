import { z } from 'zod';
import { PROFILES, ProfileSchema } from './profile.ts';
import type { ResolvedService } from './resolve.ts';

// A service whose schema requires a variable, and the profiles it requires it in.
// Built at its first parse (z.lazy): only a report read back parses one; building it cost every start.
export const RequirementSchema = z.lazy(() => z.object({ service: z.string(), profiles: z.array(ProfileSchema) }));
export type Requirement = z.infer<typeof RequirementSchema>;

// Why: "who needs this?" is a fact about the whole stack, computed once from every schema and carried by the report,
// so `stackdeck env` of one service still names the other services that require a key.
export function requirementsByKey(services: readonly ResolvedService[]): ReadonlyMap<string, Requirement[]> {
  const byKey = new Map<string, Requirement[]>();
  for (const service of services) {
    for (const [key, spec] of Object.entries(service.schema?.variables ?? {})) {
      if (spec.requiredIn.length === 0) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), { service: service.service, profiles: [...spec.requiredIn] }]);
    }
  }
  return byKey;
}

// One wording for every surface: "api, web in staging, production; worker in every profile".
export function describeRequirements(requirements: readonly Requirement[]): string {
  if (requirements.length === 0) return 'no service requires it';
  const groups = new Map<string, string[]>();
  for (const requirement of requirements) {
    const profiles = requirement.profiles.length === PROFILES.length ? 'in every profile' : `in ${requirement.profiles.join(', ')}`;
    groups.set(profiles, [...(groups.get(profiles) ?? []), requirement.service]);
  }
  return [...groups].map(([profiles, services]) => `${services.join(', ')} ${profiles}`).join('; ');
}
