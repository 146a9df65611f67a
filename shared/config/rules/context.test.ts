import { describe, expect, it } from 'vitest';
import type { ResolvedVariable } from '../resolve.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { isSet, locate, serviceFile, severityFor, type ValidationContext } from './context.ts';

// One resolved variable of the fixture stack, failing loudly when the fixture lacks it.
function variableOf(context: ValidationContext, service: string, key: string): ResolvedVariable {
  const found = context.services.find((candidate) => candidate.service === service)?.variables.find((variable) => variable.key === key);
  if (!found) throw new Error(`${service} has no ${key}`);
  return found;
}

describe('severityFor', () => {
  it.each(['development', 'test'] as const)('keeps the local severity in %s', (profile) => {
    expect(severityFor(profile, 'warning')).toBe('warning');
    expect(severityFor(profile, 'info')).toBe('info');
  });

  it.each(['staging', 'production'] as const)('enforces with an error in %s unless told otherwise', (profile) => {
    expect(severityFor(profile, 'warning')).toBe('error');
    expect(severityFor(profile, 'info', 'warning')).toBe('warning');
  });
});

describe('locate', () => {
  it('gives a file variable its display path, line and file:line', () => {
    const context = { ...stackFixture({ files: { 'auth/.env': '# head\nLOG_LEVEL=debug\n' } }), displayPath: (path: string) => `services/${path}` };
    expect(locate(variableOf(context, 'auth', 'LOG_LEVEL'), context)).toEqual({ file: 'services/auth/.env', line: 2, where: 'services/auth/.env:2' });
  });

  it('names non-file sources without a file or line', () => {
    const context = stackFixture({ os: { LOG_LEVEL: 'warn' }, launcher: { auth: { PORT: '9100' } } });
    expect(locate(variableOf(context, 'auth', 'LOG_LEVEL'), context)).toEqual({ file: undefined, line: undefined, where: 'OS environment' });
    expect(locate(variableOf(context, 'auth', 'PORT'), context)).toEqual({ file: undefined, line: undefined, where: 'launcher' });
    expect(locate(variableOf(context, 'auth', 'LOG_LEVEL'), context).where).not.toContain('warn');
  });

  it('names the fallback store of a generated fallback but gives it no file/line of an env file', () => {
    const context = stackFixture();
    expect(locate(variableOf(context, 'auth', 'JWT_SECRET_KEY'), context)).toEqual({
      file: undefined, line: undefined, where: 'generated fallback (.stackdeck/fallback-secrets.json)',
    });
  });

  it('says "no source" for a variable nothing sets', () => {
    const context = stackFixture();
    expect(locate(variableOf(context, 'auth', 'REDIS_URL'), context)).toEqual({ where: 'no source' });
  });
});

describe('isSet', () => {
  it('treats undefined and the empty string as unset, anything else (even a space) as set', () => {
    const context = stackFixture({ files: { 'auth/.env': 'REDIS_URL=\nLOG_LEVEL=" "\n' } });
    expect(isSet(variableOf(context, 'auth', 'POSTGRES_HOST'))).toBe(false);
    expect(isSet(variableOf(context, 'auth', 'REDIS_URL'))).toBe(false);
    expect(isSet(variableOf(context, 'auth', 'LOG_LEVEL'))).toBe(true);
  });
});

describe('serviceFile', () => {
  it("names the service's own .env, through displayPath", () => {
    const context = { ...stackFixture(), displayPath: (path: string) => `./${path}` };
    expect(serviceFile(context, 'auth')).toBe('./auth/.env');
    expect(serviceFile(context, 'backend')).toBe('./backend/.env');
    expect(serviceFile(context, 'nobody')).toBeUndefined();
  });

  // Regression: only '/.env' matched, so Windows paths never did.
  it('finds the .env of a service whose path uses Windows separators', () => {
    const path = 'C:\\stack\\services\\auth\\.env';
    const context: ValidationContext = {
      profile: 'development',
      services: [],
      files: [{ path, scope: 'service', service: 'auth', exists: true, entries: [], problems: [] }],
      displayPath: (file) => file,
    };
    expect(serviceFile(context, 'auth')).toBe(path);
  });
});
