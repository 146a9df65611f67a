import { demoServices } from '../testing/demo-stack.ts';
import type { StackService } from '../stack.ts';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import type { Profile } from '../profile.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { unknownKey } from './unknown-key.ts';

const SECRET = 'hunter2-secret-value';

// The rule over in-memory env files.
const check = (files: Record<string, string>, profile: Profile = 'development'): Finding[] => unknownKey(stackFixture({ profile, files }));

describe('unknown-key', () => {
  it('reports a typo in the stack root .env for every service and names the key that was meant', () => {
    expect(check({ '.env': 'LOG_LEVEL=info\nPOSTGRE_HOST=db\n' })).toEqual([{
      rule: 'unknown-key',
      severity: 'warning',
      services: ['auth', 'backend'],
      key: 'POSTGRE_HOST',
      file: '.env',
      line: 2,
      message: 'POSTGRE_HOST is set here but no service of the stack declares it, so no service receives it',
      suggestion: 'Did you mean POSTGRES_HOST?',
    }]);
  });

  it("reports another service's key in a service file and says where it belongs", () => {
    expect(check({ 'auth/.env': 'SECRET_KEY=x\n' })).toEqual([{
      rule: 'unknown-key',
      severity: 'warning',
      service: 'auth',
      key: 'SECRET_KEY',
      file: 'auth/.env',
      line: 1,
      message: 'SECRET_KEY is set here but auth does not declare it (backend does), so no service receives it',
      suggestion: "Move it to the stack root .env or to backend's own file",
    }]);
  });

  it('suggests removing or declaring a key nothing resembles', () => {
    const [finding] = check({ 'backend/.env': 'FEATURE_FLAGS=on\n' });
    expect(finding).toMatchObject({ service: 'backend', key: 'FEATURE_FLAGS', file: 'backend/.env', line: 1 });
    expect(finding?.suggestion).toBe("Remove it, or declare it in the service's schema");
  });

  it('suggests the declared key a typo is a prefix or suffix of (JWT_SECRET -> JWT_SECRET_KEY)', () => {
    const findings = check({ 'auth/.env': 'JWT_SECRET=x\n', 'backend/.env': 'HEARTBEAT_TIMEOUT=x\n' });
    expect(findings.map((finding) => [finding.key, finding.suggestion])).toEqual([['JWT_SECRET', 'Did you mean JWT_SECRET_KEY?'], ['HEARTBEAT_TIMEOUT', 'Did you mean AGENT_HEARTBEAT_TIMEOUT?']]);
  });

  it('matches a lower-case spelling to the declared key', () => {
    expect(check({ 'backend/.env': 'postgres_host=db\n' })[0]?.suggestion).toBe('Did you mean POSTGRES_HOST?');
  });

  it('stays a warning in production', () => {
    expect(check({ '.env.production': 'POSTGRE_HOST=db\n' }, 'production').map((finding) => finding.severity)).toEqual(['warning']);
  });

  it('accepts declared keys, and a root key that only one service declares', () => {
    expect(check({ '.env': 'LOG_LEVEL=info\nCLICKHOUSE_URL=http://ch:8123\nOAUTH_HMAC_SECRET=x\n', 'backend/.env': 'SECRET_KEY=x\n' })).toEqual([]);
    expect(unknownKey(stackFixture())).toEqual([]);
  });

  it('reports a repeated unknown key once, at its first line', () => {
    expect(check({ 'auth/.env': 'TYPO_KEY=1\nTYPO_KEY=2\n' }).map((finding) => finding.line)).toEqual([1]);
  });

  it('cannot judge keys for a service without a schema when nothing says what its code reads, nor root keys when one service has none', () => {
    const services = [demoServices()[0] as StackService, { name: 'worker', envDir: 'worker' }];
    const findings = unknownKey(stackFixture({ services, files: { 'worker/.env': 'ANYTHING=1\n', '.env': 'WHATEVER=1\n', 'auth/.env': 'TYPO_KEY=1\n' } }));
    expect(findings.map((finding) => `${finding.file}:${finding.key}`)).toEqual(['auth/.env:TYPO_KEY']);
  });

  it('never shows the value of a misspelt secret', () => {
    const findings = check({ '.env': `JWT_SECRT_KEY=${SECRET}\n`, 'auth/.env': `SECRET_KEY=${SECRET}\nMY_API_TOKEN=${SECRET}\n` });
    expect(findings).toHaveLength(3);
    expect(findings.find((finding) => finding.key === 'JWT_SECRT_KEY')?.suggestion).toBe('Did you mean JWT_SECRET_KEY?');
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });
});
