import type { Finding } from '../finding.ts';
import type { ResolvedService, ResolvedVariable } from '../resolve.ts';
import { namesSameValue, readIn } from '../variable.ts';
import { pointsAtThisMachine } from './localhost-in-deployed-profile.ts';
import { isSet, locate, type Rule, type ValidationContext } from './context.ts';

// Values services must agree on; the message groups services by value and never shows one.
export const crossServiceMismatch: Rule = (context) => [...sharedValues(context), ...peerUrls(context)];

interface Holder {
  service: string;
  variable: ResolvedVariable;
}

// Values services must agree on (mustMatchAcrossServices): one key in each, or a key in one and its alias in another
// (an OAuth client id one service reads under a plain name and another under a per-profile one).
function sharedValues(context: ValidationContext): Finding[] {
  const holders: Holder[] = context.services.flatMap((service) => service.variables
    .filter((variable) => variable.spec?.mustMatchAcrossServices && readIn(variable.spec, context.profile))
    .map((variable) => ({ service: service.service, variable })));
  return groupsOfSameValue(holders, context).flatMap((group): Finding[] => {
    const groups = new Map<string, Holder[]>();
    for (const holder of group) {
      if (isSet(holder.variable)) groups.set(holder.variable.value, [...(groups.get(holder.variable.value) ?? []), holder]);
    }
    if (groups.size < 2) return [];
    const keys = [...new Set(group.map((holder) => holder.variable.key))];
    const named = (holder: Holder) => `${holder.service}${keys.length > 1 ? ` ${holder.variable.key}` : ''} (${locate(holder.variable, context).where})`;
    const described = [...groups.values()].map((members) => members.map(named).join(', '));
    const members = [...groups.values()].flat();
    // Point at a file when any service's value comes from one: that is where the user will fix it.
    const withFile = members.find((member) => locate(member.variable, context).file) ?? members[0];
    const place = withFile ? locate(withFile.variable, context) : { file: undefined, line: undefined };
    const consequence = group.every((holder) => holder.variable.secret) && keys.length === 1
      ? 'Tokens and calls signed by one are refused by the other'
      : `Without one value: ${group[0]?.variable.spec?.breaksWithout}`;
    return [{
      rule: 'cross-service-mismatch',
      severity: 'error',
      services: members.map((member) => member.service),
      key: keys[0],
      file: place.file,
      line: place.line,
      message: `${keys.join(' / ')} differs between services: ${described.join(' vs ')}. ${consequence}`,
      suggestion: keys.length === 1
        ? `Set ${keys[0]} once in the stack root .env (or the environment) and remove the per-service copies`
        : `Give ${keys.join(' and ')} the same value: one secret in the secret manager, mapped to each name`,
    }];
  });
}

// Holders joined when they name the same value, directly or through an alias (a small union-find).
function groupsOfSameValue(holders: readonly Holder[], context: ValidationContext): Holder[][] {
  const parent = holders.map((_, index) => index);
  const root = (index: number): number => (parent[index] === index ? index : (parent[index] = root(parent[index] as number)));
  for (let i = 0; i < holders.length; i++) {
    for (let j = i + 1; j < holders.length; j++) {
      if (namesSameValue((holders[i] as Holder).variable, (holders[j] as Holder).variable, context.profile)) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, Holder[]>();
  holders.forEach((holder, index) => groups.set(root(index), [...(groups.get(root(index)) ?? []), holder]));
  return [...groups.values()];
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
