import type { Finding } from '../finding.ts';
import type { Profile } from '../profile.ts';
import type { ResolvedService } from '../resolve.ts';
import { isSet, severityFor, type Rule, type ValidationContext } from './context.ts';

const FIELDS = ['CLIENT_ID', 'CLIENT_SECRET'] as const;
type Field = (typeof FIELDS)[number];

// Every name the platform has used for one Google credential (seed: the dual naming convention).
function aliases(field: Field, profile: Profile): string[] {
  const suffix = profile.toUpperCase();
  return [`GOOGLE_${field}`, `OAUTH_GOOGLE_${field}_${suffix}`, `GOOGLE_OAUTH_${field}_${suffix}`, `OAUTH_GOOGLE_${field}_ENV`, `OAUTH_GOOGLE_${field}`];
}

// The one name a service reads, found among the aliases it declares.
function readName(service: ResolvedService, field: Field, profile: Profile): string | undefined {
  return aliases(field, profile).find((name) => name in (service.schema?.variables ?? {}));
}

interface Sighting {
  name: string;
  where: string;
  file?: string;
  line?: number;
}

// Credentials present under one convention but missing under the one a service reads.
export const oauthNaming: Rule = (context) =>
  context.services.flatMap((service) =>
    FIELDS.flatMap((field): Finding[] => {
      const name = readName(service, field, context.profile);
      if (!name) return [];
      const own = service.variables.find((variable) => variable.key === name);
      if (own && isSet(own)) return [];
      const sighting = sightings(context, aliases(field, context.profile).filter((alias) => alias !== name))[0];
      if (!sighting) return [];
      return [{
        rule: 'oauth-naming',
        severity: severityFor(context.profile, 'warning'),
        service: service.service,
        key: name,
        file: sighting.file,
        line: sighting.line,
        message: `Google OAuth ${field === 'CLIENT_ID' ? 'client id' : 'client secret'} is set as ${sighting.name} (${sighting.where}) but ${service.service} reads ${name}, which is missing`,
        suggestion: `Also set ${name} (same value), or rename ${sighting.name} if nothing else reads it`,
      }];
    }),
  );

function sightings(context: ValidationContext, names: string[]): Sighting[] {
  const found: Sighting[] = [];
  for (const file of context.files) {
    for (const entry of file.entries) {
      if (names.includes(entry.key) && entry.value !== '') {
        const display = context.displayPath(file.path);
        found.push({ name: entry.key, where: `${display}:${entry.line}`, file: display, line: entry.line });
      }
    }
  }
  for (const service of context.services) {
    for (const variable of service.variables) {
      if (names.includes(variable.key) && isSet(variable) && variable.source?.kind !== 'file') {
        found.push({ name: variable.key, where: `${variable.source?.kind} of ${service.service}` });
      }
    }
  }
  return found;
}
