import type { EnvFileEntry } from '../env-file/parse-env-text.ts';
import type { Finding } from '../finding.ts';
import { DEVELOPMENT_ENV_FILES } from '../stack.ts';
import { isSet, type EnvFileReport, type Rule, type ValidationContext } from './context.ts';

// Why: staging and production read no .env, so a value only a development file holds is missing there; the finding
// names the file:line that would have supplied it, so the gap is seen before a deploy and not taken for a pass.
export const developmentFileIgnored: Rule = (context) => {
  const ignored = (context.ignoredFiles ?? []).filter((file) => file.exists);
  if (ignored.length === 0) return [];
  return context.services.flatMap((service): Finding[] => {
    const byKey = new Map(service.variables.map((variable) => [variable.key, variable]));
    // The service's own files before the stack root's, as the resolver orders them; the first sighting would have won.
    const files = [...ignored.filter((file) => file.service === service.service), ...ignored.filter((file) => file.scope === 'stack')];
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const file of files) {
      for (const entry of lastAssignments(file)) {
        if (seen.has(entry.key) || entry.value === '') continue;
        const variable = byKey.get(entry.key);
        // A stack-root key reaches a service with a schema only when the schema declares it.
        if (file.scope === 'stack' && service.schema && !variable?.declared) continue;
        seen.add(entry.key);
        if (variable && isSet(variable) && variable.source?.kind !== 'default') continue;
        findings.push(finding(context, service.service, file, entry, variable?.source?.kind === 'default'));
      }
    }
    return findings;
  });
};

function finding(context: ValidationContext, service: string, file: EnvFileReport, entry: EnvFileEntry, defaulted: boolean): Finding {
  const shown = context.displayPath(file.path);
  const ownFile = context.displayPath(file.path.replace(/[^\\/]+$/, `.env.${context.profile}`));
  return {
    rule: 'development-file-ignored',
    severity: 'info',
    service,
    key: entry.key,
    file: shown,
    line: entry.line,
    message: `${entry.key} is not set in ${context.profile}${defaulted ? ' (only the schema default applies)' : ''}: ${shown}:${entry.line} would supply it, but ${context.profile} reads no development file (${DEVELOPMENT_ENV_FILES.join(', ')})`,
    suggestion: `Set ${entry.key} where ${context.profile} reads it: ${ownFile} or the deployment's environment (its secret manager)`,
  };
}

// Within a file the last assignment wins.
function lastAssignments(file: EnvFileReport): EnvFileEntry[] {
  return [...new Map(file.entries.map((entry) => [entry.key, entry])).values()];
}
