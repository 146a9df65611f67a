import { isSet, locate, type Rule } from './context.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', '::']);

// Why: the seeds' staging outages were development defaults pointing at localhost:6379 and :8123.
export function pointsAtThisMachine(value: string): boolean {
  let host = value.trim();
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) host = new URL(host).hostname;
  } catch {
    return false;
  }
  host = host.toLowerCase();
  return LOCAL_HOSTS.has(host) || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host);
}

// Fires where a schema lists the profile in the variable's notLocalhostIn.
export const localhostInDeployedProfile: Rule = (context) => {
  return context.services.flatMap((service) =>
    service.variables
      .filter((variable) => variable.spec?.notLocalhostIn?.includes(context.profile) && isSet(variable) && pointsAtThisMachine(variable.value))
      .map((variable) => {
        const place = locate(variable, context);
        return {
          rule: 'localhost-in-deployed-profile' as const,
          severity: 'error' as const,
          service: service.service,
          key: variable.key,
          file: place.file,
          line: place.line,
          message: `${variable.key} from ${place.where} points at this machine (localhost) in ${context.profile}, where nothing listens`,
          suggestion: `Set ${variable.key} to the ${context.profile} address of the service`,
        };
      }),
  );
};
