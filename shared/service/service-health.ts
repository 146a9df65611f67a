import type { Profile } from '../config/profile.ts';
import { databaseUrlFromConfig, type PostgresSettings } from './database-url-from-config.ts';
import { NOT_CONFIGURED, cachedCheck, checkPostgres, checkRedis, type DependencyStatus } from './dependency-checks.ts';
import { watchEventLoopDelay } from './event-loop-delay.ts';

export interface HealthOptions {
  service: string;
  profile: Profile;
  config: PostgresSettings & { REDIS_URL?: string };
  extraDependencies?: Record<string, () => Promise<DependencyStatus>>;
  // More to report (the agent tracker's summary), read at each request.
  details?: () => Record<string, unknown>;
}

// Why: `ok` while the service itself works; an unreachable dependency makes it `degraded`, never dead.
export function serviceHealth(options: HealthOptions) {
  const databaseUrl = databaseUrlFromConfig(options.config);
  const redisUrl = options.config.REDIS_URL;
  const checks: Record<string, () => Promise<DependencyStatus>> = {
    postgres: databaseUrl ? cachedCheck(() => checkPostgres(databaseUrl)) : async () => NOT_CONFIGURED,
    redis: redisUrl ? cachedCheck(() => checkRedis(redisUrl)) : async () => NOT_CONFIGURED,
    ...options.extraDependencies,
  };
  const loop = watchEventLoopDelay();
  const started = performance.now();
  return {
    async report() {
      const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await check()] as const));
      const dependencies = Object.fromEntries(entries);
      const degraded = entries.some(([, status]) => status.configured && status.reachable === false);
      return {
        status: degraded ? 'degraded' : 'ok',
        service: options.service,
        profile: options.profile,
        pid: process.pid,
        uptime_s: Math.round((performance.now() - started) / 100) / 10,
        dependencies,
        event_loop: loop.read(),
        ...options.details?.(),
      };
    },
    stop: () => loop.stop(),
  };
}
