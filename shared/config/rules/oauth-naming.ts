import type { Finding } from '../finding.ts';
import { aliasesIn, readIn } from '../variable.ts';
import { isSet, severityFor, type Rule, type ValidationContext } from './context.ts';

interface Sighting {
  name: string;
  where: string;
  file?: string;
  line?: number;
}

// A value set under one of a variable's aliases (the seeds' OAuth dual naming) while the name the service reads is
// missing. Fires only for variables whose schema declares aliases, in the profiles the service reads them.
export const oauthNaming: Rule = (context) =>
  context.services.flatMap((service) =>
    service.variables.flatMap((variable): Finding[] => {
      const spec = variable.spec;
      if (!spec?.aliases || isSet(variable) || !readIn(spec, context.profile)) return [];
      const sighting = sightings(context, aliasesIn(spec, context.profile).filter((alias) => alias !== variable.key))[0];
      if (!sighting) return [];
      return [{
        rule: 'oauth-naming',
        severity: severityFor(context.profile, 'warning'),
        service: service.service,
        key: variable.key,
        file: sighting.file,
        line: sighting.line,
        message: `${spec.description ? `${spec.description}: ` : ''}the value is set as ${sighting.name} (${sighting.where}) but ${service.service} reads ${variable.key}, which is missing`,
        suggestion: `Also set ${variable.key} (same value), or rename ${sighting.name} if nothing else reads it`,
      }];
    }),
  );

function sightings(context: ValidationContext, names: string[]): Sighting[] {
  const wanted = new Set(names);
  const found: Sighting[] = [];
  for (const file of context.files) {
    for (const entry of file.entries) {
      if (wanted.has(entry.key) && entry.value !== '') {
        const display = context.displayPath(file.path);
        found.push({ name: entry.key, where: `${display}:${entry.line}`, file: display, line: entry.line });
      }
    }
  }
  for (const service of context.services) {
    for (const variable of service.variables) {
      if (wanted.has(variable.key) && isSet(variable) && variable.source?.kind !== 'file') {
        found.push({ name: variable.key, where: `${variable.source?.kind} of ${service.service}` });
      }
    }
  }
  return found;
}
