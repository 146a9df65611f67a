import { sslParameterProblems } from '../database-url.ts';
import { disagreeingFields } from '../effective-database-url.ts';
import type { Finding } from '../finding.ts';
import { maskValue } from '../mask.ts';
import type { ResolvedService, ResolvedVariable } from '../resolve.ts';
import { serviceDatabaseUrl } from '../service-database-url.ts';
import { describeSource } from '../source.ts';
import { isSet, locate, severityFor, type Rule, type ValidationContext } from './context.ts';

// An SSL query parameter written into a value: in a component the URL builder escapes it into the value itself.
const SSL_PARAMETER = /(?:^|[?&])(sslmode|ssl)=([^&#]*)/i;

// Where a schema asks: a whole URL set by hand instead of its components (preferComponents), SSL parameters the
// driver reading it will refuse (sslParamsFor), and SSL parameters pasted into the components it is built from.
export const databaseUrlRules: Rule = (context) =>
  context.services.flatMap((service) =>
    service.variables.flatMap((variable): Finding[] => [...directUrlProblems(variable, service, context), ...componentProblems(variable, service, context)]),
  );

function directUrlProblems(variable: ResolvedVariable, service: ResolvedService, context: ValidationContext): Finding[] {
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
}

// The URL built from the components gets its SSL parameter from the builder, per driver and per host (none on a unix
// socket); one pasted into a component (a database name `app?sslmode=require`) is escaped into that component, so the
// driver never sees it and looks for a database, user or host by the whole text.
function componentProblems(variable: ResolvedVariable, service: ResolvedService, context: ValidationContext): Finding[] {
  const spec = variable.spec;
  if (!spec?.preferComponents || !spec.sslParamsFor) return [];
  return spec.preferComponents.flatMap((key): Finding[] => {
    const component = service.variables.find((candidate) => candidate.key === key);
    if (!component || !isSet(component) || component.secret) return [];
    const parameter = SSL_PARAMETER.exec(component.value);
    if (!parameter) return [];
    const place = locate(component, context);
    return [{
      rule: 'ssl-param-conflict',
      severity: severityFor(context.profile, 'warning'),
      service: service.service,
      key,
      file: place.file,
      line: place.line,
      message: `${key} from ${place.where} carries '${parameter[1]}=${parameter[2]}', but ${variable.key} is built from ${spec.preferComponents?.join(', ')}: the builder escapes it into ${key} itself, so the driver never sees it`,
      suggestion: `Remove '${parameter[0].replace(/^[?&]/, '')}' from ${key}: the builder adds the SSL parameter each driver takes (none on a Cloud SQL unix socket)`,
    }];
  });
}

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
    if (difference.role === 'password') {
      return component?.variable?.value
        ? `the password in ${variable.key} (${where}) is not the one ${name} (${placeOf(component.variable)}) holds`
        : `${variable.key} (${where}) has a password but ${name} is not set`;
    }
    const secret = component?.variable?.secret ?? false;
    return `${difference.role} '${maskValue(difference.inUrl, variable.secret || secret)}' in ${variable.key} (${where}) but '${maskValue(difference.inComponents, secret)}' from ${name} (${placeOf(component?.variable)})`;
  });
  const head = `${variable.key} (from ${where}) is ignored: ${service.service} builds its URL from ${used.join(', ')}`;
  return differences.length > 0
    ? { message: `${head}, and the two disagree: ${differences.join('; ')}`, suggestion: `Remove ${variable.key} from ${where}, and check that ${analysis.components.map((component) => component.key).join(', ')} name the database you mean` }
    : { message: `${head}, which name the same database`, suggestion: `Remove ${variable.key} from ${where}: it is never read while the components are set` };
}
