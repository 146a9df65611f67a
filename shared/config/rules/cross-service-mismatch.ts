import type { Finding } from '../finding.ts';
import type { ResolvedService, ResolvedVariable } from '../resolve.ts';
import { pointsAtThisMachine } from './localhost-in-deployed-profile.ts';
import { isSet, locate, type Rule, type ValidationContext } from './context.ts';

// Values services must agree on; the message groups services by value and never shows one.
export const crossServiceMismatch: Rule = (context) => [...sharedSecrets(context), ...peerUrls(context)];

function sharedSecrets(context: ValidationContext): Finding[] {
  const keys = new Set(context.services.flatMap((service) =>
    service.variables.filter((variable) => variable.spec?.mustMatchAcrossServices).map((variable) => variable.key)));
  return [...keys].flatMap((key): Finding[] => {
    const groups = new Map<string, { service: string; variable: ResolvedVariable }[]>();
    for (const service of context.services) {
      const variable = service.variables.find((candidate) => candidate.key === key);
      if (variable && isSet(variable)) groups.set(variable.value, [...(groups.get(variable.value) ?? []), { service: service.service, variable }]);
    }
    if (groups.size < 2) return [];
    const described = [...groups.values()].map((members) =>
      members.map(({ service, variable }) => `${service} (${locate(variable, context).where})`).join(', '));
    const members = [...groups.values()].flat();
    // Point at a file when any service's value comes from one: that is where the user will fix it.
    const withFile = members.find((member) => locate(member.variable, context).file) ?? members[0];
    const place = withFile ? locate(withFile.variable, context) : { file: undefined, line: undefined };
    return [{
      rule: 'cross-service-mismatch',
      severity: 'error',
      services: [...groups.values()].flat().map((member) => member.service),
      key,
      file: place.file,
      line: place.line,
      message: `${key} differs between services: ${described.join(' vs ')}. Tokens and calls signed by one are refused by the other`,
      suggestion: `Set ${key} once in the stack root .env (or the environment) and remove the per-service copies`,
    }];
  });
}

// Peer URLs come from the stack file's `peers` (a variable set to another service's URL).
function peerUrls(context: ValidationContext): Finding[] {
  return context.services.flatMap((service) =>
    service.variables.flatMap((variable): Finding[] => {
      const peerName = context.stack?.peers[service.service]?.[variable.key];
      const peer = context.services.find((candidate) => candidate.service === peerName);
      // A development fallback is replaced by the launcher's discovered URL at start, so only chosen values count.
      if (!peer || !isSet(variable) || variable.source?.kind === 'fallback' || !pointsAtThisMachine(variable.value)) return [];
      const peerPort = portOf(peer, context.stack?.portVariables[peer.service]);
      const urlPort = urlPortOf(variable.value);
      if (peerPort === undefined || urlPort === undefined || urlPort === peerPort) return [];
      const place = locate(variable, context);
      return [{
        rule: 'cross-service-mismatch',
        severity: 'error',
        services: [service.service, peer.service],
        key: variable.key,
        file: place.file,
        line: place.line,
        message: `${service.service}'s ${variable.key} (${place.where}) points at port ${urlPort}, but ${peer.service} listens on ${peerPort}`,
        suggestion: `Remove ${variable.key} and let the launcher set it from discovery, or change it to port ${peerPort}`,
      }];
    }),
  );
}

function portOf(service: ResolvedService, portVariable: string | undefined): string | undefined {
  if (!portVariable) return undefined;
  const variable = service.variables.find((candidate) => candidate.key === portVariable);
  return variable && isSet(variable) ? variable.value : undefined;
}

function urlPortOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : undefined);
  } catch {
    return undefined;
  }
}
