import { sslParameterProblems } from '../database-url.ts';
import { disagreeingFields } from '../effective-database-url.ts';
import type { Finding } from '../finding.ts';
import { maskValue } from '../mask.ts';
import type { ResolvedService, ResolvedVariable } from '../resolve.ts';
import { serviceDatabaseUrl } from '../service-database-url.ts';
import { describeSource } from '../source.ts';
import { isSet, locate, severityFor, type Rule, type ValidationContext } from './context.ts';

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
      if (spec.preferComponents) {
        findings.push({
          ...base,
          rule: 'database-url-direct',
          severity: severityFor(context.profile, 'warning'),
          ...(ignoredUrl(service, variable, place.where, context) ?? {
            message: `${variable.key} is set directly (from ${place.where}) instead of ${spec.preferComponents.join(', ')}, so the URL builder cannot fix its SSL parameters per driver`,
            suggestion: spec.deprecated ?? `Set ${spec.preferComponents.join(', ')} instead`,
          }),
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

// When the components are set too, the service never reads the URL: say so, naming each component's source, and name
// every field (host, port, user, database) where the ignored URL and the components disagree, with both sources.
function ignoredUrl(service: ResolvedService, variable: ResolvedVariable & { value: string }, where: string, context: ValidationContext): { message: string; suggestion: string } | undefined {
  const analysis = serviceDatabaseUrl(service, variable);
  if (!analysis?.built) return undefined;
  const placeOf = (component: ResolvedVariable | undefined) => (component?.source ? describeSource(component.source, context.displayPath) : 'unset');
  const used = analysis.components.filter((component) => component.variable?.value).map((component) => `${component.key} (${placeOf(component.variable)})`);
  const differences = disagreeingFields(variable.value, analysis.built).map((difference) => {
    const component = analysis.components.find((candidate) => candidate.role === difference.role);
    const name = component?.key ?? difference.role;
    if (difference.role === 'password') return `the password in ${variable.key} (${where}) is not the one ${name} (${placeOf(component?.variable)}) holds`;
    const secret = component?.variable?.secret ?? false;
    return `${difference.role} '${maskValue(difference.inUrl, variable.secret || secret)}' in ${variable.key} (${where}) but '${maskValue(difference.inComponents, secret)}' from ${name} (${placeOf(component?.variable)})`;
  });
  const head = `${variable.key} (from ${where}) is ignored: ${service.service} builds its URL from ${used.join(', ')}`;
  return differences.length > 0
    ? { message: `${head}, and the two disagree: ${differences.join('; ')}`, suggestion: `Remove ${variable.key} from ${where}, and check that ${analysis.components.map((component) => component.key).join(', ')} name the database you mean` }
    : { message: `${head}, which name the same database`, suggestion: `Remove ${variable.key} from ${where}: it is never read while the components are set` };
}
