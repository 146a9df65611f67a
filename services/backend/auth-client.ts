import { z } from 'zod';
import type { DependencyStatus } from '../common/dependency-checks.ts';
import { serviceHeaders } from '../common/service-credentials.ts';

const VerdictSchema = z.object({
  valid: z.boolean(),
  user_id: z.string().nullable(),
  permissions: z.array(z.string()),
  email: z.string().optional(),
  expires_at: z.string().optional(),
  reason: z.string().optional(),
});
export type Verdict = z.infer<typeof VerdictSchema>;

// The auth service could not be asked: callers answer 503, not 401.
export class AuthUnreachable extends Error {}

export interface AuthClientOptions {
  baseUrl: string;
  serviceId: string;
  serviceSecret: string;
  cacheTtlMs?: number;
  maxCachedTokens?: number;
  timeoutMs?: number;
}

// Why: every authenticated request needs a verdict; valid ones are cached briefly (never past the token's expiry).
export function createAuthClient(options: AuthClientOptions) {
  const cache = new Map<string, { verdict: Verdict; until: number }>();
  const ttl = options.cacheTtlMs ?? 30_000;
  const max = options.maxCachedTokens ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 2_000;

  async function call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(new URL(path, options.baseUrl), { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : errorText(error);
      throw new AuthUnreachable(`auth service at ${options.baseUrl} is unreachable: ${reason}`);
    }
  }

  return {
    async validate(token: string): Promise<Verdict> {
      const now = Date.now();
      const hit = cache.get(token);
      if (hit && hit.until > now) return hit.verdict;
      cache.delete(token);
      const response = await call('/auth/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...serviceHeaders(options.serviceId, options.serviceSecret) },
        body: JSON.stringify({ token }),
      });
      if (response.status === 401) throw new AuthUnreachable('auth service refused our service credentials: SERVICE_SECRET differs between auth and backend');
      // 400: auth refused the token itself (too long for it): the caller's bad token, not an auth failure.
      if (response.status === 400) return { valid: false, user_id: null, permissions: [], reason: 'malformed' };
      if (!response.ok) throw new AuthUnreachable(`auth service answered ${response.status}`);
      const parsed = VerdictSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new AuthUnreachable('auth service answered something that is not a verdict');
      const verdict = parsed.data;
      if (verdict.valid) {
        const expires = verdict.expires_at ? Date.parse(verdict.expires_at) : now + ttl;
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(token, { verdict, until: Math.min(now + ttl, expires) });
      }
      return verdict;
    },

    // For /health: is auth answering right now?
    async reachability(): Promise<DependencyStatus> {
      const started = performance.now();
      try {
        const response = await call('/health', { method: 'GET' });
        return { configured: true, reachable: response.ok, latency_ms: Math.round(performance.now() - started), ...(response.ok ? {} : { error: `answered ${response.status}` }) };
      } catch (error) {
        return { configured: true, reachable: false, latency_ms: Math.round(performance.now() - started), error: errorText(error) };
      }
    },
  };
}

export type AuthClient = ReturnType<typeof createAuthClient>;

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return cause ? `${error.message} (${cause})` : error.message;
  }
  return String(error);
}
