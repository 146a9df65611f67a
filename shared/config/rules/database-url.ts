import { sslParameterProblems } from '../database-url.ts';
import type { Finding } from '../finding.ts';
import { isSet, locate, severityFor, type Rule } from './context.ts';

// Where a schema asks: a whole URL set by hand instead of its components (preferComponents), and SSL parameters the
// driver reading it will refuse (sslParamsFor).
export const databaseUrlRules: Rule = (context) =>
  context.services.flatMap((service) =>
    service.variables.flatMap((variable): Finding[] => {
      const spec = variable.spec;
      if (!spec || (!spec.preferComponents && !spec.sslParamsFor) || !isSet(variable) || variable.source?.kind === 'default') return [];
      const place = locate(variable, context);
      const base = { service: service.service, key: variable.key, file: place.file, line: place.line };
      const findings: Finding[] = [];
      // Components build a PostgreSQL URL; another database (sqlite in test) has none to prefer.
      if (spec.preferComponents && /^postgres/i.test(variable.value)) {
        findings.push({
          ...base,
          rule: 'database-url-direct',
          severity: severityFor(context.profile, 'warning'),
          message: `${variable.key} is set directly (from ${place.where}) instead of ${spec.preferComponents.join(', ')}, so the URL builder cannot fix its SSL parameters per driver`,
          suggestion: spec.deprecated ?? `Set ${spec.preferComponents.join(', ')} instead`,
        });
      }
      if (spec.sslParamsFor) {
        for (const problem of sslParameterProblems(variable.value, spec.sslParamsFor)) {
          findings.push({
            ...base,
            rule: 'ssl-param-conflict',
            severity: severityFor(context.profile, 'warning'),
            message: `${variable.key} from ${place.where} has ${problem}`,
            suggestion: spec.preferComponents ? `Remove the parameter, or let Stackdeck build the URL from ${spec.preferComponents.join(', ')}` : 'Use the parameter the driver takes',
          });
        }
      }
      return findings;
    }),
  );
