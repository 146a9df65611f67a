import { driverOfUrl } from '../../shared/config/database-url.ts';
import type { Profile } from '../../shared/config/profile.ts';
import { databaseUrlFromConfig, type PostgresSettings } from './database-url-from-config.ts';
import { checkPostgres, checkRedis, pollDependencies, type DependencyStatus } from './dependency-checks.ts';
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
    // Only a PostgreSQL URL is probed: an in-memory test database (sqlite:///:memory:) has nothing to reach.
    ...(databaseUrl && driverOfUrl(databaseUrl) ? { postgres: () => checkPostgres(databaseUrl) } : {}),
    ...(redisUrl ? { redis: () => checkRedis(redisUrl) } : {}),
    ...options.extraDependencies,
  };
  const dependencies = pollDependencies(checks);
  const unconfigured = { configured: false, reachable: null };
  const loop = watchEventLoopDelay();
  const started = performance.now();
  return {
    report() {
      const latest = { postgres: unconfigured, redis: unconfigured, ...dependencies.latest() };
      const degraded = Object.values(latest).some((status) => status.configured && status.reachable === false);
      return {
        status: degraded ? 'degraded' : 'ok',
        service: options.service,
        profile: options.profile,
        pid: process.pid,
        uptime_s: Math.round((performance.now() - started) / 100) / 10,
        dependencies: latest,
        event_loop: loop.read(),
        ...options.details?.(),
      };
    },
    stop: () => {
      loop.stop();
      dependencies.stop();
    },
  };
}
