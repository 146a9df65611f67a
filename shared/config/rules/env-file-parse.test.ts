import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { envFileParse } from './env-file-parse.ts';

const SECRET = 'hunter2-secret-value';

// The rule over in-memory env files in development.
const check = (files: Record<string, string>): Finding[] => envFileParse(stackFixture({ files }));

describe('env-file-parse', () => {
  it("reports a service file's duplicate with the service, file, line, both lines and a fix", () => {
    expect(check({ 'auth/.env': 'LOG_LEVEL=info\nLOG_LEVEL=debug\n' })).toEqual([{
      rule: 'env-file-parse',
      severity: 'warning',
      service: 'auth',
      key: 'LOG_LEVEL',
      file: 'auth/.env',
      line: 2,
      message: 'LOG_LEVEL is set again here; the value on line 1 is overridden (the last one in a file wins)',
      suggestion: 'Remove one of the two lines',
    }]);
  });

  it("attributes a stack root file's problem to every service", () => {
    const [finding, ...rest] = check({ '.env': 'PORT=8000\nREDIS_URL:redis://cache\n' });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'env-file-parse', services: ['auth', 'backend'], key: 'REDIS_URL', file: '.env', line: 2 });
    expect(finding).not.toHaveProperty('service');
    expect(finding?.message).toBe("'REDIS_URL:' needs whitespace after the colon, so dotenv ignores the line");
    expect(finding?.suggestion).toBe('Write REDIS_URL=... or REDIS_URL: ...');
  });

  it('reports each malformed line of a file at its own line', () => {
    const findings = check({ 'backend/.env.local': '# ok\nGOOD=1\nno equals sign\nexport ONLY_NAME\nBAD KEY=1\n' });
    expect(findings.map(({ line, file, service }) => [line, file, service])).toEqual([
      [3, 'backend/.env.local', 'backend'], [4, 'backend/.env.local', 'backend'], [5, 'backend/.env.local', 'backend'],
    ]);
    expect(findings[1]?.message).toBe("'export ONLY_NAME' has no value, so dotenv ignores the line");
    expect(findings[2]?.suggestion).toBe('Rename it, e.g. BAD_KEY');
  });

  it('names the file as the user sees it', () => {
    const context = { ...stackFixture({ files: { 'auth/.env': 'A=1\nA=2\n' } }), displayPath: (path: string) => `services/${path}` };
    expect(envFileParse(context).map((finding) => finding.file)).toEqual(['services/auth/.env']);
  });

  it('is silent for well-formed files, and for files of another profile it does not read', () => {
    expect(check({ '.env': '# comment\nexport A=1\nB="two words" # note\nC=\'x#y\'\nD="multi\nline"\n' })).toEqual([]);
    expect(check({ 'auth/.env.staging': 'broken line\n' })).toEqual([]);
  });

  it('never shows a secret value in the message or suggestion', () => {
    const files = { 'auth/.env': `JWT_SECRET_KEY="${SECRET}" trailing\nSECRET_KEY=${SECRET}#cut\nSERVICE_SECRET="${SECRET}\nOAUTH_HMAC_SECRET=${SECRET}\nOAUTH_HMAC_SECRET=${SECRET}\n` };
    const findings = check(files);
    expect(findings.length).toBeGreaterThanOrEqual(3);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });

  // Regression: the first word of a bare line (maybe a piece of a secret) became the finding's key.
  it('never shows the continuation line of an unquoted multiline secret, in any field', () => {
    const findings = check({ 'auth/.env': `JWT_SECRET_KEY=first-half-of-the-key\n${SECRET}\n` });
    expect(findings).toHaveLength(1);
    expect(JSON.stringify(findings)).not.toContain(SECRET);
  });
});
