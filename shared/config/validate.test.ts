import { describe, expect, it } from 'vitest';
import { FindingSchema, type Finding } from './finding.ts';
import { stackFixture, type FixtureOptions } from './testing/stack-fixture.ts';
import { validateStack, type StackValidation } from './validate.ts';

const SECRET = 'hunter2-secret-value';
const LONG = (prefix: string) => prefix.padEnd(64, 'x');
const RANK = { error: 0, warning: 1, info: 2 } as const;

// A staging stack with everything set and nothing wrong, as a baseline each test spoils one way.
const STAGING_FILES: Record<string, string> = {
  '.env.staging': [`JWT_SECRET_KEY=${LONG('jwt-')}`, `SERVICE_SECRET=${LONG('svc-')}`, 'POSTGRES_HOST=db.internal', 'POSTGRES_PORT=5432',
    'POSTGRES_USER=app', 'POSTGRES_PASSWORD=pw', 'POSTGRES_DB=app', 'REDIS_URL=rediss://cache.internal:6379', ''].join('\n'),
  'auth/.env.staging': ['OAUTH_GOOGLE_CLIENT_ID_STAGING=client-id', 'OAUTH_GOOGLE_CLIENT_SECRET_STAGING=client-secret', `OAUTH_HMAC_SECRET=${LONG('hmac-')}`, ''].join('\n'),
  'backend/.env.staging': [`SECRET_KEY=${LONG('sk-')}`, 'AUTH_SERVICE_URL=https://auth.staging.example.com', 'FRONTEND_URL=https://app.staging.example.com',
    'CLICKHOUSE_URL=https://ch.staging.example.com', 'GOOGLE_CLIENT_ID=client-id', 'GOOGLE_CLIENT_SECRET=client-secret', ''].join('\n'),
};

const validate = (options: FixtureOptions = {}): StackValidation => validateStack(stackFixture(options));
const allFindings = (validation: StackValidation): Finding[] => [...validation.services.flatMap((service) => service.findings), ...validation.findings];
const scoreOf = (validation: StackValidation, service: string) => validation.services.find((entry) => entry.service === service)?.healthScore;

describe('validateStack', () => {
  it.each(['development', 'test'] as const)('finds no error in a fresh %s stack without env files, and scores it 100', (profile) => {
    const validation = validate({ profile });
    expect(allFindings(validation).filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(validation.healthScore).toBe(100);
    expect(validation.services.map(({ service, healthScore }) => [service, healthScore])).toEqual([['auth', 100], ['backend', 100]]);
  });

  it('finds nothing at all in a complete staging config', () => {
    const validation = validate({ profile: 'staging', files: STAGING_FILES });
    expect(allFindings(validation)).toEqual([]);
    expect(validation.healthScore).toBe(100);
  });

  it('refuses a fresh staging stack: required variables are errors and the score drops to 0', () => {
    const validation = validate({ profile: 'staging' });
    expect(allFindings(validation).some((finding) => finding.rule === 'required-missing' && finding.severity === 'error')).toBe(true);
    expect(validation.healthScore).toBe(0);
  });

  it('lists errors first, then warnings, then info, in every list', () => {
    const validation = validate({ files: { 'auth/.env': 'PORT=abc\nTYPO_KEY=1\n', 'backend/.env': 'LOG_LEVEL=loud\nPOSTGRE_HOST=x\n', '.env': 'BAD LINE\nX=1\n' } });
    const lists = [...validation.services.map((service) => service.findings), validation.findings];
    for (const list of lists) {
      expect(list.map((finding) => RANK[finding.severity])).toEqual(list.map((finding) => RANK[finding.severity]).sort());
    }
    expect(validation.services[0]?.findings[0]).toMatchObject({ severity: 'error', key: 'PORT' });
  });

  it('puts cross-service findings in the top-level list, with services and no service', () => {
    const files = { 'auth/.env': `JWT_SECRET_KEY=${LONG('one-')}\n`, 'backend/.env': `JWT_SECRET_KEY=${LONG('two-')}\n` };
    const validation = validate({ files });
    expect(validation.findings).toEqual([expect.objectContaining({ rule: 'cross-service-mismatch', services: ['auth', 'backend'], key: 'JWT_SECRET_KEY' })]);
    expect(validation.findings[0]).not.toHaveProperty('service');
    expect(validation.services.flatMap((service) => service.findings).map((finding) => finding.rule)).not.toContain('cross-service-mismatch');
  });

  it('routes each finding to its own service, and stack-file findings to the top level', () => {
    const validation = validate({ files: { 'backend/.env': 'TYPO_KEY=1\n', '.env': 'OTHER_TYPO=1\n' } });
    expect(validation.services.find((entry) => entry.service === 'backend')?.findings.map((finding) => finding.key)).toContain('TYPO_KEY');
    expect(validation.services.find((entry) => entry.service === 'auth')?.findings.map((finding) => finding.key)).not.toContain('TYPO_KEY');
    expect(validation.findings.map((finding) => finding.key)).toEqual(['OTHER_TYPO']);
  });

  it('lowers a service score by 5 per warning and 20 per error, and the stack score with it', () => {
    expect(scoreOf(validate({ files: { 'auth/.env': 'TYPO_KEY=1\n' } }), 'auth')).toBe(95);
    const withError = validate({ files: { 'auth/.env': 'PORT=abc\n' } });
    expect(scoreOf(withError, 'auth')).toBe(80);
    expect(scoreOf(withError, 'backend')).toBe(100);
    expect(withError.healthScore).toBe(90);
  });

  it('charges a cross-service error to the stack, not to either service', () => {
    const validation = validate({ files: { '.env': 'PORT=9000\n' } });
    expect(validation.services.map((service) => service.healthScore)).toEqual([100, 100]);
    expect(validation.healthScore).toBe(80);
  });

  it('emits only findings that satisfy the contract schema', () => {
    const validation = validate({ profile: 'production', files: { '.env.production': 'PORT=9000\nREDIS_URL=redis://localhost\nDATABASE_URL=postgresql+asyncpg://u@db/app?sslmode=require\n' } });
    for (const finding of allFindings(validation)) expect(FindingSchema.safeParse(finding).success).toBe(true);
  });

  it('keeps secret values out of every message and suggestion, whatever the rules find', () => {
    const files = {
      'auth/.env': `JWT_SECRET_KEY=${SECRET}\nSERVICE_SECRET=" ${SECRET}"\nJWT_SECRT_KEY=${SECRET}\nGOOGLE_CLIENT_SECRET=${SECRET}\n`,
      'backend/.env': `SECRET_KEY=${SECRET}\nDATABASE_URL=postgresql+asyncpg://app:${SECRET}@localhost/app?sslmode=require\nSECRET_KEY=${SECRET}\n`,
    };
    const findings = (['development', 'production'] as const).flatMap((profile) => allFindings(validate({ profile, files })));
    expect(new Set(findings.map((finding) => finding.rule)).size).toBeGreaterThanOrEqual(8);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });
});
