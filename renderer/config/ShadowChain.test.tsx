// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { VariableReport } from '../../shared/config/report.ts';
import { ShadowChain } from './ShadowChain.tsx';

afterEach(cleanup);

const variable = (patch: Partial<VariableReport>): VariableReport => ({
  key: 'REDIS_URL', value: 'redis://:***@localhost:6379/1', secret: false, declared: true, source: null, shadowed: [], valid: true, ...patch,
});

describe('ShadowChain', () => {
  it('reads the chain from the winner down, with the reason each shadowed value lost', () => {
    render(<ShadowChain findings={[]} variable={variable({
      description: 'Redis connection URL',
      source: { kind: 'file', file: 'services/backend/.env.local', line: 2 },
      shadowed: [
        { value: 'redis://:***@localhost:6379/2', source: { kind: 'file', file: 'services/backend/.env', line: 8 } },
        { value: 'redis://:***@localhost:6379/0', source: { kind: 'file', file: '.env', line: 3 } },
      ],
    })} />);
    expect(screen.getByText('Redis connection URL')).toBeTruthy();
    const items = within(screen.getByRole('list', { name: 'Sources of REDIS_URL, highest precedence first' })).getAllByRole('listitem').map((item) => item.textContent);
    expect(items[0]).toBe('fileservices/backend/.env.local:2redis://:***@localhost:6379/1wins');
    expect(items[1]).toContain('.env.local is more specific than .env');
    expect(items[2]).toContain("the service's own file services/backend/.env.local comes before the stack root's .env");
  });

  it('says when nothing sets a variable, and shows its findings', () => {
    render(<ShadowChain variable={variable({ key: 'GOOGLE_CLIENT_ID', value: null, declared: true })} findings={[
      { rule: 'oauth-naming', severity: 'warning', key: 'GOOGLE_CLIENT_ID', message: 'credentials exist under another name', suggestion: 'add GOOGLE_CLIENT_ID' },
    ]} />);
    expect(screen.getByText('No source sets GOOGLE_CLIENT_ID.')).toBeTruthy();
    expect(screen.getByText('credentials exist under another name')).toBeTruthy();
  });

  it('shows what an env-file dialect expanded: what the file wrote and where each reference came from', () => {
    render(<ShadowChain findings={[]} variable={variable({
      key: 'POSTGRES_HOST', value: 'db.internal',
      source: { kind: 'file', file: 'api/.env.staging', line: 34 },
      raw: '${DATABASE_HOST}',
      references: [{ name: 'DATABASE_HOST', origin: { from: 'line', file: 'api/.env.staging', line: 33 } }],
      shadowed: [{ value: 'localhost', source: { kind: 'default' }, raw: '${DB:-localhost}', references: [{ name: 'DB', origin: { from: 'default' } }] }],
    })} />);
    const items = within(screen.getByRole('list', { name: 'Sources of POSTGRES_HOST, highest precedence first' })).getAllByRole('listitem').map((item) => item.textContent);
    expect(items[0]).toContain('written ${DATABASE_HOST} expanded: DATABASE_HOST from api/.env.staging:33');
    expect(items[1]).toContain('expanded: DB unset, the default written in the reference');
  });
});
