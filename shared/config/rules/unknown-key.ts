import { closestKey, meantKey } from '../closest-key.ts';
import type { Finding } from '../finding.ts';
import type { CodeRead } from '../node/code-reads.ts';
import type { EnvFileReport, Rule, ValidationContext } from './context.ts';

// A key no service reads is usually a typo or a leftover; name the key that was probably meant.
export const unknownKey: Rule = (context) => {
  const declaredBy = declaringServices(context);
  const allDeclared = [...declaredBy.keys()];
  const allDeclaredSet = new Set(allDeclared);
  return context.files.flatMap((file) => {
    const owner = file.service ? context.services.find((service) => service.service === file.service) : undefined;
    if (file.service && !owner?.schema) return owner ? unreadNearMisses(file, owner.service, context) : [];
    if (!file.service && context.services.some((service) => !service.schema)) return [];
    const seen = new Set<string>();
    const ownKeys = owner?.schema ? Object.keys(owner.schema.variables) : allDeclared;
    const ownKeySet = owner?.schema ? new Set(ownKeys) : allDeclaredSet;
    return file.entries.flatMap((entry): Finding[] => {
      if (seen.has(entry.key)) return [];
      seen.add(entry.key);
      if (ownKeySet.has(entry.key)) return [];
      const elsewhere = declaredBy.get(entry.key);
      // A misspelling, or a name shortened or lengthened by a word (SIGNING_KEY for SIGNING_KEY_V2); a key another
      // service declares is only misplaced, unless it is one edit away from one of this service's own.
      const closest = elsewhere ? closestKey(entry.key, ownKeys) : meantKey(entry.key, ownKeys);
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

// A service without a schema: its own env file is checked against the keys its code reads. Only a key that its code never
// reads but that is close to one it does (a typo, or a shortened name) is a finding; a key read by no code and close to
// nothing says nothing, because the code may still read it indirectly (a framework, a library, os.environ passed on).
function unreadNearMisses(file: EnvFileReport, service: string, context: ValidationContext): Finding[] {
  const reads = context.codeReads?.[service];
  if (!reads || reads.length === 0) return [];
  const firstRead = new Map<string, CodeRead>();
  for (const read of reads) if (!firstRead.has(read.key)) firstRead.set(read.key, read);
  const setHere = new Set(file.entries.map((entry) => entry.key));
  const seen = new Set<string>();
  return file.entries.flatMap((entry): Finding[] => {
    if (seen.has(entry.key) || firstRead.has(entry.key)) return [];
    seen.add(entry.key);
    const meant = meantKey(entry.key, [...firstRead.keys()]);
    // The key it resembles is set here too: this one is not that key misspelt (it may be a leftover, but not a typo).
    if (!meant || setHere.has(meant)) return [];
    const read = firstRead.get(meant);
    const where = read ? ` (read at ${context.displayPath(read.file)}:${read.line})` : '';
    return [{
      rule: 'unknown-key',
      severity: 'warning',
      service,
      key: entry.key,
      file: context.displayPath(file.path),
      line: entry.line,
      message: `${entry.key} is set here but ${service}'s code never reads it; did you mean ${meant}${where}?`,
      suggestion: `Rename it to ${meant}`,
    }];
  });
}
