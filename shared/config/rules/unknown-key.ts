import { closestKey } from '../closest-key.ts';
import type { Finding } from '../finding.ts';
import type { Rule, ValidationContext } from './context.ts';

// A key no service reads is usually a typo or a leftover; name the key that was probably meant.
export const unknownKey: Rule = (context) => {
  const declaredBy = declaringServices(context);
  const allDeclared = [...declaredBy.keys()];
  const allDeclaredSet = new Set(allDeclared);
  return context.files.flatMap((file) => {
    const owner = file.service ? context.services.find((service) => service.service === file.service) : undefined;
    if (file.service && !owner?.schema) return [];
    if (!file.service && context.services.some((service) => !service.schema)) return [];
    const seen = new Set<string>();
    const ownKeys = owner?.schema ? Object.keys(owner.schema.variables) : allDeclared;
    const ownKeySet = owner?.schema ? new Set(ownKeys) : allDeclaredSet;
    return file.entries.flatMap((entry): Finding[] => {
      if (seen.has(entry.key)) return [];
      seen.add(entry.key);
      if (ownKeySet.has(entry.key)) return [];
      const elsewhere = declaredBy.get(entry.key);
      const closest = closestKey(entry.key, ownKeys);
      const reader = owner ? `${owner.service} does not declare it` : 'no service of the stack declares it';
      return [{
        rule: 'unknown-key',
        severity: 'warning',
        ...(owner ? { service: owner.service } : { services: context.services.map((service) => service.service) }),
        key: entry.key,
        file: context.displayPath(file.path),
        line: entry.line,
        message: `${entry.key} is set here but ${reader}${elsewhere ? ` (${elsewhere.join(', ')} does)` : ''}, so no service receives it`,
        suggestion: closest
          ? `Did you mean ${closest}?`
          : elsewhere ? `Move it to the stack root .env or to ${elsewhere.join('/')}'s own file` : `Remove it, or declare it in the service's schema`,
      }];
    });
  });
};

function declaringServices(context: ValidationContext): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const service of context.services) {
    for (const key of Object.keys(service.schema?.variables ?? {})) map.set(key, [...(map.get(key) ?? []), service.service]);
  }
  return map;
}
