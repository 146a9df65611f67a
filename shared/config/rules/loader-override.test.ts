import { describe, expect, it } from 'vitest';
import { parseEnvText } from '../env-file/parse-env-text.ts';
import type { EnvLoader } from '../env-loaders/env-loader.ts';
import type { Profile } from '../profile.ts';
import { stackFixture, type FixtureOptions } from '../testing/stack-fixture.ts';
import { validateStack } from '../validate.ts';
import type { EnvFileReport, ValidationContext } from './context.ts';
import { loaderOverride } from './loader-override.ts';

const SECRET = 'a-jwt-secret-from-the-service-file-xxxxxxxxxx';

const loader = (extra: Partial<EnvLoader> = {}): EnvLoader => ({
  kind: 'python-dotenv', language: 'python', file: 'backend/app/main.py', line: 5, call: "load_dotenv('.env', override=True)",
  override: true, files: ['backend/.env'], unresolved: [], ...extra,
});

const loaderFile = (path: string, text: string): EnvFileReport => ({ path, scope: 'service', exists: true, ...parseEnvText(text, path) });

// The demo stack's backend with one loader in its code, which reads the files given here.
function context(loaders: EnvLoader[], files: Record<string, string>, options: FixtureOptions = {}): ValidationContext {
  return {
    ...stackFixture(options),
    loaders: { backend: loaders },
    loaderFiles: Object.entries(files).map(([path, text]) => loaderFile(path, text)),
  };
}

describe('loader-override', () => {
  it.each([['development', 'warning'], ['test', 'warning'], ['staging', 'error'], ['production', 'error']] as const)(
    'in %s, a PORT from .env beating the allocated port is a(n) %s at the loader, naming both values and the file:line', (profile, severity) => {
      const findings = loaderOverride(context([loader()], { 'backend/.env': 'LOG_LEVEL=info\n\nPORT=8000\n' }, { profile, launcher: { backend: { PORT: '8123' } } }));
      expect(findings).toEqual([{
        rule: 'loader-override',
        severity,
        service: 'backend',
        key: 'PORT',
        file: 'backend/app/main.py',
        line: 5,
        message: "load_dotenv('.env', override=True) replaces PORT (launcher: 8123) with 8000 from backend/.env:3, so the service listens where Stackdeck does not expect",
        suggestion: 'Drop override=True so what Stackdeck passes wins, or remove PORT from backend/.env',
      }]);
    });

  it('names the override, the OS environment and a peer URL for what each loses, and says `override: true` for node', () => {
    const node = loader({ kind: 'node-dotenv', language: 'node', file: 'backend/server.js', line: 2, call: "dotenv.config({ override: true })", files: ['.env'] });
    const findings = loaderOverride(context([node], { '.env': 'LOG_LEVEL=debug\nAGENT_HEARTBEAT_TIMEOUT=99\nAUTH_SERVICE_URL=http://localhost:9999\n' }, {
      os: { LOG_LEVEL: 'warn' }, overrides: { backend: { AGENT_HEARTBEAT_TIMEOUT: '5' } }, launcher: { backend: { AUTH_SERVICE_URL: 'http://127.0.0.1:41234' } },
    }));
    expect(findings.map((finding) => finding.message)).toEqual([
      'dotenv.config({ override: true }) replaces LOG_LEVEL (OS environment: warn) with debug from .env:1, so the OS environment\'s value does not reach the service',
      'dotenv.config({ override: true }) replaces AGENT_HEARTBEAT_TIMEOUT (override: 5) with 99 from .env:2, so the override set for this run does not reach the service',
      'dotenv.config({ override: true }) replaces AUTH_SERVICE_URL (launcher: http://127.0.0.1:41234) with http://localhost:9999 from .env:3, so the service calls another address than the peer Stackdeck started',
    ]);
    expect(findings[0]?.suggestion).toBe('Drop `override: true` so what Stackdeck passes wins, or remove LOG_LEVEL from .env');
  });

  it('masks secrets on both sides', () => {
    const findings = loaderOverride(context([loader({ files: ['app.env'] })], { 'app.env': 'JWT_SECRET_KEY=from-the-loaders-file-secret-value-xxxxx\n' }, {
      files: { 'backend/.env': `JWT_SECRET_KEY=${SECRET}\n` },
    }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("load_dotenv('.env', override=True) replaces JWT_SECRET_KEY (backend/.env:1: ***) with *** from app.env:1, so the service runs with another value than Stackdeck shows");
    expect(JSON.stringify(findings)).not.toContain('secret-value');
    expect(JSON.stringify(findings)).not.toContain(SECRET);
  });

  it('says nothing for a loader without override, for equal values, for keys the service does not get, and for files that set nothing', () => {
    const launcher = { backend: { PORT: '8123' } };
    expect(loaderOverride(context([loader({ override: false })], { 'backend/.env': 'PORT=8000\n' }, { launcher }))).toEqual([]);
    expect(loaderOverride(context([loader()], { 'backend/.env': 'PORT=8123\n' }, { launcher }))).toEqual([]);
    expect(loaderOverride(context([loader()], { 'backend/.env': 'NOT_DECLARED_ANYWHERE=1\n' }, { launcher }))).toEqual([]);
    expect(loaderOverride(context([loader({ files: ['missing/.env'] })], {}, { launcher }))).toEqual([]);
    expect(loaderOverride(stackFixture({ launcher }))).toEqual([]);
  });

  it('takes the last of several files, as dotenv with override does, and reads files the stack itself reads', () => {
    const node = loader({ language: 'node', kind: 'node-dotenv', call: 'dotenv.config({ path: [...], override: true })', files: ['a.env', 'backend/.env'] });
    const withStackFile = context([node], { 'a.env': 'PORT=7000\n' }, { launcher: { backend: { PORT: '8123' } }, files: { 'backend/.env': 'PORT=7001\n' } });
    expect(loaderOverride(withStackFile).map((finding) => finding.message)).toEqual([
      'dotenv.config({ path: [...], override: true }) replaces PORT (launcher: 8123) with 7001 from backend/.env:1, so the service listens where Stackdeck does not expect',
    ]);
  });

  it('runs as part of validateStack and lowers the service score', () => {
    const profile: Profile = 'production';
    const validation = validateStack(context([loader()], { 'backend/.env': 'PORT=8000\n' }, { profile, launcher: { backend: { PORT: '8123' } } }));
    const backend = validation.services.find((service) => service.service === 'backend');
    expect(backend?.findings.filter((finding) => finding.rule === 'loader-override').map((finding) => finding.severity)).toEqual(['error']);
  });

  it('before a start (check), names the keys the launcher will set, though their values are not known yet', () => {
    const beforeStart = { ...context([loader()], { 'backend/.env': 'PORT=8000\nAUTH_SERVICE_URL=http://localhost:9\n' }), launcherKeys: { backend: ['PORT', 'AUTH_SERVICE_URL'] } };
    expect(loaderOverride(beforeStart).map((finding) => finding.message)).toEqual([
      "load_dotenv('.env', override=True) replaces PORT (launcher: set at start) with 8000 from backend/.env:1, so the service listens where Stackdeck does not expect",
      "load_dotenv('.env', override=True) replaces AUTH_SERVICE_URL (launcher: set at start) with http://localhost:9 from backend/.env:2, so the service calls another address than the peer Stackdeck started",
    ]);
  });
});
