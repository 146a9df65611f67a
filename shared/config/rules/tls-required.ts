import type { Finding } from '../finding.ts';
import { maskEmbeddedCredentials } from '../mask.ts';
import { isSet, locate, type Rule } from './context.ts';

// Plain schemes and their TLS counterparts.
const TLS_SCHEME: Record<string, string> = { http: 'https', ws: 'wss', redis: 'rediss', amqp: 'amqps', mqtt: 'mqtts', ftp: 'ftps' };
const WEAK_SSL_MODES = new Set(['disable', 'allow', 'prefer', 'false']);

// Why a URL does not ask for TLS and the URL that would (the exact fix), or undefined when it does (or when its
// scheme is not one this rule knows).
export function missingTls(value: string): { reason: string; fix: string; fixed: string } | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  const secure = Object.hasOwn(TLS_SCHEME, scheme) ? TLS_SCHEME[scheme] : undefined;
  if (secure) return { reason: `uses ${scheme}://, which is not encrypted`, fix: `use ${secure}://`, fixed: `${secure}${value.slice(scheme.length)}` };
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme.startsWith('postgresql+')) {
    const queryStart = value.indexOf('?');
    const query = new URLSearchParams(queryStart === -1 ? '' : value.slice(queryStart + 1));
    // A Cloud SQL unix socket is private already, and takes no SSL parameter at all.
    if (query.get('host')?.startsWith('/cloudsql/') || value.includes('/cloudsql/')) return undefined;
    const parameter = scheme === 'postgresql+asyncpg' ? 'ssl' : 'sslmode';
    const mode = query.get(parameter)?.toLowerCase();
    if (mode === undefined) {
      const [beforeFragment = value, fragment] = value.split('#', 2);
      const fixed = `${beforeFragment}${queryStart === -1 ? '?' : '&'}${parameter}=require${fragment === undefined ? '' : `#${fragment}`}`;
      return { reason: `has no ${parameter}= parameter, so the driver may connect without TLS`, fix: `add ${parameter}=require`, fixed };
    }
    if (WEAK_SSL_MODES.has(mode)) {
      const fixed = value.replace(new RegExp(`([?&]${parameter}=)[^&#]*`, 'i'), '$1require');
      return { reason: `has ${parameter}=${mode}, which allows an unencrypted connection`, fix: `use ${parameter}=require (or verify-full)`, fixed };
    }
  }
  return undefined;
}

// Where a schema lists the profile in tlsRequiredIn: a URL that would connect without TLS is an error, with the URL
// that would not (credentials masked) as the fix.
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
        message: `${variable.key} (${shorten(maskEmbeddedCredentials(variable.value))}) from ${place.where} ${problem.reason}; ${context.profile} requires TLS`,
        suggestion: `In ${variable.key}, ${problem.fix}: ${variable.key}=${shorten(maskEmbeddedCredentials(problem.fixed))}`,
      }];
    }),
  );

function shorten(value: string): string {
  return value.length > 120 ? `${value.slice(0, 117)}...` : value;
}
