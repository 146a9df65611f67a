import { demoServices } from '../testing/demo-stack.ts';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../profile.ts';
import { baseEnvFileName } from '../stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { portConflict } from './port-conflict.ts';

const SECRET = 'hunter2-secret-value';

describe('port-conflict', () => {
  it('reports two services pinned to one port by the stack root .env, naming both, the port and file:line', () => {
    expect(portConflict(stackFixture({ files: { '.env': 'LOG_LEVEL=info\nPORT=9000\n' } }))).toEqual([{
      rule: 'port-conflict',
      severity: 'error',
      services: ['auth', 'backend'],
      key: 'PORT',
      file: '.env',
      line: 2,
      message: 'auth (.env:2) and backend (.env:2) are both set to listen on port 9000',
      suggestion: 'Give each service its own PORT, or remove PORT and let the launcher allocate free ports',
    }]);
  });

  it.each(PROFILES)('is an error in %s: the second service cannot bind', (profile) => {
    expect(portConflict(stackFixture({ profile, files: { [`auth/${baseEnvFileName(profile)}`]: 'PORT=9000\n', [`backend/${baseEnvFileName(profile)}`]: 'PORT=9000\n' } })).map((f) => f.severity)).toEqual(['error']);
  });

  it('points at the file that pins the port when the other holder is not a file', () => {
    const [finding] = portConflict(stackFixture({ launcher: { auth: { PORT: '9000' } }, files: { 'backend/.env': '\n\nPORT=9000\n' } }));
    expect(finding).toMatchObject({ file: 'backend/.env', line: 3 });
    expect(finding?.message).toBe('auth (launcher) and backend (backend/.env:3) are both set to listen on port 9000');
  });

  it('catches a PORT that collides with the other service\'s default', () => {
    const [finding] = portConflict(stackFixture({ files: { 'backend/.env': 'PORT=8081\n' } }));
    expect(finding?.message).toBe('auth (schema default) and backend (backend/.env:1) are both set to listen on port 8081');
  });

  it('says "all" for three services on one port', () => {
    const services = [...demoServices(), { name: 'worker', envDir: 'w' }];
    const [finding] = portConflict(stackFixture({ services, files: { '.env': 'PORT=9000\n' } }));
    expect(finding?.services).toEqual(['auth', 'backend', 'worker']);
    expect(finding?.message).toContain('are all set to listen on port 9000');
  });

  it('is silent for distinct ports: defaults, launcher allocations and files', () => {
    expect(portConflict(stackFixture())).toEqual([]);
    expect(portConflict(stackFixture({ launcher: { auth: { PORT: '51001' }, backend: { PORT: '51002' } }, files: { '.env': 'PORT=9000\n' } }))).toEqual([]);
    expect(portConflict(stackFixture({ files: { 'auth/.env': 'PORT=9001\n', 'backend/.env': 'PORT=9002\n' } }))).toEqual([]);
  });

  // Regression: ports were compared as text, so 09000 and 9000 looked different.
  it('treats spellings of one port number as one port', () => {
    expect(portConflict(stackFixture({ files: { 'auth/.env': 'PORT=9000\n', 'backend/.env': 'PORT=09000\n' } }))).toHaveLength(1);
  });

  it('never shows a secret value of the services it compares', () => {
    const findings = portConflict(stackFixture({ files: { '.env': `PORT=9000\nJWT_SECRET_KEY=${SECRET}\nSERVICE_SECRET=${SECRET}\n` } }));
    expect(findings).toHaveLength(1);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });
});
