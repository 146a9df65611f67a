// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceStatus } from '../../shared/api/service-status.ts';
import { DependencyHints } from './DependencyHints.tsx';

afterEach(cleanup);

const status = (name: string, patch: Partial<ServiceStatus> = {}): ServiceStatus => ({
  name, state: 'stopped', pid: null, port: null, url: null, startedAt: null, restarts: 0, dependsOn: [], stats: null,
  staleKeys: [], lastCrash: null, message: null, probe: null, listening: null, portWarning: null, ...patch,
});

describe('DependencyHints', () => {
  it('says what a service waits for, in plain words, and whether that is met now', () => {
    const backend = status('backend', { dependsOn: [{ service: 'auth', condition: 'healthy' }, { service: 'db', condition: 'started' }] });
    render(<DependencyHints status={backend} all={[status('auth', { state: 'starting', pid: 12 }), status('db', { state: 'starting', pid: 13 }), backend]} />);
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(['◌waits for auth: healthy (auth is starting)', '✓waits for db: started (db is starting)']);
    expect(items[0]?.getAttribute('title')).toBe('auth must pass its readiness check (its health endpoint answers) before this service starts');
  });

  it('renders nothing for a service without dependencies', () => {
    const { container } = render(<DependencyHints status={status('auth')} all={[]} />);
    expect(container.textContent).toBe('');
  });
});
