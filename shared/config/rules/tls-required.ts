import type { Finding } from '../finding.ts';
import { maskEmbeddedCredentials } from '../mask.ts';
import { isSet, locate, type Rule } from './context.ts';

// Plain schemes and their TLS counterparts.
const TLS_SCHEME: Record<string, string> = { http: 'https', ws: 'wss', redis: 'rediss', amqp: 'amqps', mqtt: 'mqtts', ftp: 'ftps' };
const WEAK_SSL_MODES = new Set(['disable', 'allow', 'prefer']);

// Why a URL does not ask for TLS, or undefined when it does (or when its scheme is not one this rule knows).
export function missingTls(value: string): { reason: string; fix: string } | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  const plain = TLS_SCHEME[scheme];
  if (plain) return { reason: `uses ${scheme}://, which is not encrypted`, fix: `use ${plain}://` };
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme.startsWith('postgresql+')) {
    const query = new URLSearchParams(value.includes('?') ? value.slice(value.indexOf('?') + 1) : '');
    if (query.get('host')?.startsWith('/cloudsql/') || value.includes('/cloudsql/')) return undefined;
    const asyncpg = scheme === 'postgresql+asyncpg';
    const parameter = asyncpg ? 'ssl' : 'sslmode';
    const mode = query.get(parameter)?.toLowerCase();
    if (mode === undefined) return { reason: `has no ${parameter}= parameter, so the driver may connect without TLS`, fix: `add ${parameter}=require` };
    if (WEAK_SSL_MODES.has(mode) || mode === 'false') return { reason: `has ${parameter}=${mode}, which allows an unencrypted connection`, fix: `use ${parameter}=require (or verify-full)` };
  }
  return undefined;
}

// Where a schema lists the profile in tlsRequiredIn: a URL that would connect without TLS is an error.
export const tlsRequired: Rule = (context) =>
  context.services.flatMap((service) =>
    service.variables.flatMap((variable): Finding[] => {
      if (!variable.spec?.tlsRequiredIn?.includes(context.profile) || !isSet(variable)) return [];
      const problem = missingTls(variable.value);
      if (!problem) return [];
      const place = locate(variable, context);
      return [{
        rule: 'tls-required',
        severity: 'error',
        service: service.service,
        key: variable.key,
        file: place.file,
        line: place.line,
        message: `${variable.key} (${maskEmbeddedCredentials(variable.value).slice(0, 120)}) from ${place.where} ${problem.reason}; ${context.profile} requires TLS`,
        suggestion: `In ${variable.key}, ${problem.fix}`,
      }];
    }),
  );
