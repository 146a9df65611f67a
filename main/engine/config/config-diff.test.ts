import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigDiffSchema } from '../../../shared/api/config-diff.ts';
import type { StackInspection } from '../../../shared/config/node/inspect-stack.ts';
import { stackFixture, type FixtureOptions } from '../../../shared/config/testing/stack-fixture.ts';
import { validateStack } from '../../../shared/config/validate.ts';
import { diffInspections } from './config-diff.ts';

// An inspection from in-memory env texts, through the real parser, resolver and rules.
function inspection(options: FixtureOptions): StackInspection {
  const context = stackFixture({ generated: () => 'g'.repeat(48), ...options });
  return { profile: context.profile, services: [...context.services], files: [...context.files], validation: validateStack(context) };
}

const shown = (path: string) => `shown/${path}`;
const diff = (before: FixtureOptions, after: FixtureOptions) => diffInspections(inspection(before), inspection(after), shown);

describe('diffInspections', () => {
  it('finds nothing when nothing changed', () => {
    const files = { 'auth/.env': 'LOG_LEVEL=debug\n' };
    expect(diff({ files }, { files })).toEqual([]);
  });

  it('names the key, the old and new value, and the new source with file (as displayed) and line', () => {
    expect(diff({ files: { 'auth/.env': 'LOG_LEVEL=info\n' } }, { files: { 'auth/.env': '# more verbose\nLOG_LEVEL=debug\n' } })).toEqual([{
      service: 'auth',
      key: 'LOG_LEVEL',
      before: { value: 'info', source: { kind: 'file', file: 'shown/auth/.env', line: 1 } },
      after: { value: 'debug', source: { kind: 'file', file: 'shown/auth/.env', line: 2 } },
    }]);
  });

  it('reports a change of winning source alone (same value, another file or line)', () => {
    const changes = diff({ files: { '.env': 'LOG_LEVEL=debug\n' } }, { files: { '.env': 'LOG_LEVEL=debug\n', 'backend/.env.local': 'LOG_LEVEL=debug\n' } });
    expect(changes).toEqual([{
      service: 'backend',
      key: 'LOG_LEVEL',
      before: { value: 'debug', source: { kind: 'file', file: 'shown/.env', line: 1 } },
      after: { value: 'debug', source: { kind: 'file', file: 'shown/backend/.env.local', line: 1 } },
    }]);
  });

  it('ignores changes to what a winner shadows', () => {
    expect(diff({ files: { 'auth/.env.local': 'LOG_LEVEL=debug\n', 'auth/.env': 'LOG_LEVEL=info\n' } }, { files: { 'auth/.env.local': 'LOG_LEVEL=debug\n', 'auth/.env': 'LOG_LEVEL=warn\n' } })).toEqual([]);
  });

  it('masks a secret on both sides, yet reports its change', () => {
    const before = 'a-very-long-old-jwt-secret-value-0123456789';
    const after = 'a-very-long-new-jwt-secret-value-9876543210';
    const changes = diff({ files: { 'auth/.env': `JWT_SECRET_KEY=${before}\n` } }, { files: { 'auth/.env': `JWT_SECRET_KEY=${after}\n` } });
    expect(changes).toEqual([{
      service: 'auth',
      key: 'JWT_SECRET_KEY',
      before: { value: '***', source: { kind: 'file', file: 'shown/auth/.env', line: 1 } },
      after: { value: '***', source: { kind: 'file', file: 'shown/auth/.env', line: 1 } },
    }]);
    expect(JSON.stringify(changes)).not.toMatch(/jwt-secret-value/);
  });

  it('masks secrets by name for undeclared keys and passwords inside URLs', () => {
    const services = [{ name: 'api', envDir: 'api' }];
    const changes = diff(
      { services, files: { 'api/.env': 'PAYMENT_API_TOKEN=tok-old-123456\nCACHE_URL=redis://:old-pass@cache:6379/0\n' } },
      { services, files: { 'api/.env': 'PAYMENT_API_TOKEN=tok-new-654321\nCACHE_URL=redis://:new-pass@cache:6379/0\n' } },
    );
    expect(changes.map((change) => [change.key, change.before?.value, change.after?.value])).toEqual([
      ['PAYMENT_API_TOKEN', '***', '***'],
      ['CACHE_URL', 'redis://:***@cache:6379/0', 'redis://:***@cache:6379/0'],
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/tok-|-pass/);
  });

  it('shows a key that appears or disappears as a null side', () => {
    const services = [{ name: 'api', envDir: 'api' }];
    expect(diff({ services, files: { 'api/.env': 'OLD=1\n' } }, { services, files: { 'api/.env': 'NEW=2\n' } })).toEqual([
      { service: 'api', key: 'NEW', before: null, after: { value: '2', source: { kind: 'file', file: 'shown/api/.env', line: 1 } } },
      { service: 'api', key: 'OLD', before: { value: '1', source: { kind: 'file', file: 'shown/api/.env', line: 1 } }, after: null },
    ]);
  });

  it('shows an override as its own source kind, and the default it replaced', () => {
    expect(diff({}, { overrides: { backend: { LOG_LEVEL: 'debug' } } })).toEqual([
      { service: 'backend', key: 'LOG_LEVEL', before: { value: 'info', source: { kind: 'default' } }, after: { value: 'debug', source: { kind: 'override' } } },
    ]);
  });

  it('covers a service on one side only', () => {
    const api = [{ name: 'api', envDir: 'api' }];
    const changes = diff({ services: api, files: { 'api/.env': 'A=1\n' } }, { services: [], files: {} });
    expect(changes).toEqual([{ service: 'api', key: 'A', before: { value: '1', source: { kind: 'file', file: 'shown/api/.env', line: 1 } }, after: null }]);
  });

  it('fits the API contract', () => {
    const changes = diff({ files: { 'auth/.env': 'LOG_LEVEL=info\n' } }, { files: { 'auth/.env': 'LOG_LEVEL=debug\nSERVICE_SECRET=s3cr3t\n' }, overrides: { auth: { PORT: '9000' } } });
    expect(() => ConfigDiffSchema.parse({ at: new Date(0).toISOString(), files: [], changes, stale: [] })).not.toThrow();
  });

  it('never lets a secret value out, whatever it is (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (before, after) => {
      const changes = diff({ overrides: { auth: { SERVICE_SECRET: before } } }, { overrides: { auth: { SERVICE_SECRET: after } } });
      for (const change of changes) {
        expect([change.before?.value, change.after?.value].every((value) => value === '***')).toBe(true);
      }
      expect(changes.length).toBe(before === after ? 0 : 1);
    }));
  });
});
