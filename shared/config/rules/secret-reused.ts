import { compareText } from '../compare-text.ts';
import type { Finding } from '../finding.ts';
import type { ResolvedVariable } from '../resolve.ts';
import { namesSameValue } from '../variable.ts';
import { isSet, locate, severityFor, type Rule, type ValidationContext } from './context.ts';

interface Holder {
  service: string;
  variable: ResolvedVariable;
}

// Why: one value used for two different secrets (a token signing key that is also the service-to-service secret) means
// one leak opens both, and rotating one silently breaks whatever still uses the other. Names that carry the same value
// by design (one key in several services, or a key and its alias) are one secret, not a reuse.
export const secretReused: Rule = (context) => {
  const byValue = new Map<string, Holder[]>();
  for (const service of context.services) {
    for (const variable of service.variables) {
      // Only what the service receives: a declared key, or any key of a service without a schema.
      if (!variable.secret || !isSet(variable) || variable.source?.kind === 'default' || (service.schema && !variable.declared)) continue;
      byValue.set(variable.value, [...(byValue.get(variable.value) ?? []), { service: service.service, variable }]);
    }
  }
  return [...byValue.values()].flatMap((holders): Finding[] => {
    // In the order of their places, as the user reads the files.
    const secrets = distinctSecrets(holders, context).sort((a, b) => byPlace(a[0], b[0], context));
    if (secrets.length < 2) return [];
    const keys = secrets.map((secret) => secret[0]?.variable.key as string);
    const services = [...new Set(holders.map((holder) => holder.service))];
    const places = secrets.map((secret) => `${secret[0]?.variable.key} (${secret.map((holder) => `${holder.service}: ${locate(holder.variable, context).where}`).join(', ')})`);
    const first = secrets.flat().find((holder) => locate(holder.variable, context).file) ?? holders[0];
    const place = first ? locate(first.variable, context) : { file: undefined, line: undefined };
    return [{
      rule: 'secret-reused',
      severity: severityFor(context.profile, 'warning'),
      ...(services.length === 1 ? { service: services[0] } : { services }),
      key: keys[0],
      file: place.file,
      line: place.line,
      message: `${keys.join(' and ')} hold the same value: ${places.join('; ')}. One leak opens both, and rotating one breaks what still uses the other`,
      suggestion: `Give each its own value (e.g. \`openssl rand -base64 48\` for each of ${keys.join(', ')})`,
    }];
  });
};

// The holders of one value, grouped into the secrets they are: holders naming the same value by design go together.
function distinctSecrets(holders: readonly Holder[], context: ValidationContext): Holder[][] {
  const secrets: Holder[][] = [];
  for (const holder of holders) {
    const same = secrets.find((secret) => secret.some((other) => namesSameValue(other.variable, holder.variable, context.profile)));
    if (same) same.push(holder);
    else secrets.push([holder]);
  }
  return secrets;
}

function byPlace(a: Holder | undefined, b: Holder | undefined, context: ValidationContext): number {
  const [left, right] = [a && locate(a.variable, context), b && locate(b.variable, context)];
  return compareText(left?.file ?? '\uffff', right?.file ?? '\uffff') || (left?.line ?? 0) - (right?.line ?? 0);
}
