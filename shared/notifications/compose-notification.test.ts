import { describe, expect, it } from 'vitest';
import { composeNotification } from './compose-notification.ts';

describe('composeNotification', () => {
  it('counts deaths, names crashed services once each, and lists details', () => {
    const notification = composeNotification([
      { kind: 'agent-died', agent: 'indexer', runId: 'r1', cause: 'no_heartbeat', message: 'no heartbeat for 10 s' },
      { kind: 'service-crashed', service: 'backend', reason: 'exited with code 1' },
      { kind: 'service-crashed', service: 'backend', reason: 'exited with code 1' },
      { kind: 'agent-died', agent: 'crawler', runId: 'r2', cause: 'timeout', message: 'ran past 30 s' },
    ]);
    expect(notification).toEqual({
      title: '2 agents died, backend crashed',
      body: 'backend: exited with code 1\nbackend: exited with code 1\nindexer (no heartbeat): no heartbeat for 10 s\ncrawler (timeout): ran past 30 s',
      tag: expect.stringMatching(/^stackdeck-[0-9a-f]{8}$/),
    });
  });

  it('tags the same news the same way (two tabs show it once) and other news differently', () => {
    const crash = { kind: 'service-crashed' as const, service: 'backend', reason: 'exited with code 1' };
    expect(composeNotification([crash]).tag).toBe(composeNotification([{ ...crash }]).tag);
    expect(composeNotification([crash]).tag).not.toBe(composeNotification([{ ...crash, service: 'auth' }]).tag);
  });

  it('says how many details it left out, and names a configuration regression', () => {
    const alerts = [
      ...['a', 'b', 'c', 'd', 'e'].map((agent) => ({ kind: 'agent-died' as const, agent, runId: agent, cause: 'silent_failure' as const, message: 'stopped beating' })),
      { kind: 'config-regressed' as const, entryId: 1, summary: 'services/auth/.env (JWT_SECRET_KEY): 1 new error' },
    ];
    const notification = composeNotification(alerts);
    expect(notification.title).toBe('5 agents died, an env edit made the configuration worse');
    expect(notification.body.split('\n')).toHaveLength(5);
    expect(notification.body.split('\n')[0]).toBe('services/auth/.env (JWT_SECRET_KEY): 1 new error');
    expect(notification.body.split('\n').at(-1)).toBe('and 2 more');
  });

  it('masks a password inside a crash reason (a connection string in an error)', () => {
    const notification = composeNotification([{ kind: 'service-crashed', service: 'backend', reason: 'cannot reach postgres://app:hunter2-secret@db:5432/app' }]);
    expect(notification.body).toBe('backend: cannot reach postgres://app:***@db:5432/app');
    expect(JSON.stringify(notification)).not.toContain('hunter2');
  });
});
