import { sslParameterProblems } from '../database-url.ts';
import type { Finding } from '../finding.ts';
import { isSet, locate, severityFor, type Rule } from './context.ts';

// DATABASE_URL set by hand bypasses the one URL builder; its SSL parameters are checked against its driver.
export const databaseUrlRules: Rule = (context) =>
  context.services.flatMap((service) => {
    const variable = service.variables.find((candidate) => candidate.key === 'DATABASE_URL');
    if (!variable || !isSet(variable) || variable.source?.kind === 'default') return [];
    const place = locate(variable, context);
    const base = { service: service.service, key: 'DATABASE_URL', file: place.file, line: place.line };
    const findings: Finding[] = [{
      ...base,
      rule: 'database-url-direct',
      severity: severityFor(context.profile, 'warning'),
      message: `DATABASE_URL is set directly (from ${place.where}) instead of the POSTGRES_* components, so the URL builder cannot fix its SSL parameters per driver`,
      suggestion: variable.spec?.deprecated ?? 'Use the POSTGRES_* components',
    }];
    for (const problem of sslParameterProblems(variable.value)) {
      findings.push({
        ...base,
        rule: 'ssl-param-conflict',
        severity: severityFor(context.profile, 'warning'),
        message: `DATABASE_URL from ${place.where} has ${problem}`,
        suggestion: `Remove the parameter, or let Stackdeck build the URL from POSTGRES_* components`,
      });
    }
    return findings;
  });
