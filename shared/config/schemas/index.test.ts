import { describe, expect, it } from 'vitest';
import { looksSecret } from '../mask.ts';
import { PROFILES } from '../profile.ts';
import { defaultValue } from '../variable.ts';
import { authSchema, backendSchema, SERVICE_SCHEMAS } from './index.ts';

const schemas = Object.values(SERVICE_SCHEMAS);

describe('service schemas', () => {
  it('declare every variable the design lists', () => {
    const both = ['ENVIRONMENT', 'PORT', 'SERVICE_ID', 'SERVICE_SECRET', 'JWT_SECRET_KEY', 'POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL'];
    const backend = ['SECRET_KEY', 'AUTH_SERVICE_URL', 'FRONTEND_URL', 'CLICKHOUSE_URL', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'AGENT_HEARTBEAT_INTERVAL', 'AGENT_HEARTBEAT_TIMEOUT', 'AGENT_EXECUTION_TIMEOUT', 'EXECUTION_CLEANUP_INTERVAL', 'MAX_CONCURRENT_AGENTS', 'WEBSOCKET_HEARTBEAT_INTERVAL'];
    const auth = ['OAUTH_GOOGLE_CLIENT_ID_STAGING', 'OAUTH_GOOGLE_CLIENT_SECRET_PRODUCTION', 'OAUTH_HMAC_SECRET', 'ACCESS_TOKEN_TTL_SECONDS'];
    expect(Object.keys(backendSchema.variables)).toEqual(expect.arrayContaining([...both, ...backend]));
    expect(Object.keys(authSchema.variables)).toEqual(expect.arrayContaining([...both, ...auth]));
  });

  it('explain every variable: a description and what breaks without it', () => {
    for (const schema of schemas) {
      for (const [key, spec] of Object.entries(schema.variables)) {
        expect(spec.description.length, key).toBeGreaterThan(10);
        expect(spec.breaksWithout.length, key).toBeGreaterThan(5);
      }
    }
  });

  it('flag every secret-looking variable as secret, except where declared otherwise on purpose', () => {
    const notSecretOnPurpose = ['ACCESS_TOKEN_TTL_SECONDS'];
    for (const schema of schemas) {
      for (const [key, spec] of Object.entries(schema.variables)) {
        if (looksSecret(key) && !notSecretOnPurpose.includes(key)) expect(spec.secret ?? true, key).toBe(true);
      }
    }
  });

  it('require the connection variables in staging and production, not in development', () => {
    for (const key of ['POSTGRES_HOST', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'REDIS_URL', 'JWT_SECRET_KEY', 'SERVICE_SECRET']) {
      expect((backendSchema.variables as Record<string, { requiredIn: readonly string[] }>)[key]?.requiredIn, key).toEqual(expect.arrayContaining(['staging', 'production']));
    }
    expect(backendSchema.variables.CLICKHOUSE_URL?.requiredIn).toEqual(['staging', 'production']);
    expect(backendSchema.variables.POSTGRES_HOST?.requiredIn).not.toContain('development');
  });

  it('have defaults and fallbacks that pass their own types in every profile', () => {
    for (const schema of schemas) {
      for (const [key, spec] of Object.entries(schema.variables)) {
        for (const profile of PROFILES) {
          const value = defaultValue(spec, { profile, service: schema.service });
          if (value !== undefined) expect(spec.schema.safeParse(value).success, `${key} default`).toBe(true);
        }
        if (spec.fallback && 'value' in spec.fallback) expect(spec.schema.safeParse(spec.fallback.value).success, `${key} fallback`).toBe(true);
      }
    }
  });

  it('give services a typed config from the same declaration', () => {
    const config = backendSchema.config.parse({ PORT: '8000', AGENT_HEARTBEAT_INTERVAL: '0.5', MAX_CONCURRENT_AGENTS: '3', LOG_LEVEL: 'debug' });
    expect(config).toEqual({ PORT: 8000, AGENT_HEARTBEAT_INTERVAL: 0.5, MAX_CONCURRENT_AGENTS: 3, LOG_LEVEL: 'debug' });
    expect(backendSchema.config.safeParse({ PORT: 'eighty' }).success).toBe(false);
  });
});
