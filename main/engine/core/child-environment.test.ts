import { describe, expect, it } from 'vitest';
import { EXIT_WITH_STDIN, LAUNCHED_BY_STACKDECK } from '../../../shared/stack/launcher-contract.ts';
import { RUN_ID_VARIABLE } from '../discovery/clean-leftovers.ts';
import { childEnvironment, launcherValues } from './child-environment.ts';

const CANARY = 'canary-value-that-must-not-leak';

// A launcher environment as a developer's shell (or Electron) has it: the system basics and much that must stay out.
const parentEnv = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/dev',
  USER: 'dev',
  LANG: 'en_GB.UTF-8',
  LC_ALL: 'en_GB.UTF-8',
  LC_TIME: 'C',
  TZ: 'Europe/London',
  TMPDIR: '/tmp',
  TERM: 'xterm-256color',
  SHELL: '/bin/zsh',
  NODE_OPTIONS: '--inspect=0.0.0.0:9229 --require /tmp/evil.js',
  ELECTRON_RUN_AS_NODE: '1',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: CANARY,
  AWS_SESSION_TOKEN: CANARY,
  GOOGLE_APPLICATION_CREDENTIALS: '/home/dev/key.json',
  STACKDECK_CANARY: CANARY,
  JWT_SECRET_KEY: CANARY,
  NO_COLOR: '1',
  UNSET_ONE: undefined,
  [RUN_ID_VARIABLE]: 'an-outer-launchers-run',
  [EXIT_WITH_STDIN]: '1',
};

const resolved = { PORT: '41234', LOG_LEVEL: 'debug', AUTH_SERVICE_URL: 'http://127.0.0.1:41000', SECRET_KEY: 'resolved-secret-value-of-32-chars!!' };

describe('childEnvironment', () => {
  it('is the resolved variables, the system allowlist and the control variables: nothing else', () => {
    const env = childEnvironment({ resolved, parentEnv, runId: 'run-1', exitWithStdin: false });
    expect(env).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/home/dev', USER: 'dev', LANG: 'en_GB.UTF-8', LC_ALL: 'en_GB.UTF-8', LC_TIME: 'C',
      TZ: 'Europe/London', TMPDIR: '/tmp', TERM: 'xterm-256color', SHELL: '/bin/zsh',
      ...resolved,
      FORCE_COLOR: '1',
      [LAUNCHED_BY_STACKDECK]: '1',
      [RUN_ID_VARIABLE]: 'run-1',
    });
    expect(LAUNCHED_BY_STACKDECK).toBe('STACKDECK_LAUNCHED');
    expect(RUN_ID_VARIABLE).toBe('STACKDECK_RUN_ID');
  });

  it('never passes NODE_OPTIONS, ELECTRON_RUN_AS_NODE, cloud credentials or a canary', () => {
    const env = childEnvironment({ resolved, parentEnv, runId: 'run-1', exitWithStdin: true });
    for (const key of ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GOOGLE_APPLICATION_CREDENTIALS', 'STACKDECK_CANARY', 'NO_COLOR', 'UNSET_ONE']) {
      expect(env).not.toHaveProperty(key);
    }
    expect(Object.keys(env).filter((key) => key.startsWith('AWS_'))).toEqual([]);
    expect(JSON.stringify(env)).not.toContain(CANARY);
    expect(JSON.stringify(env)).not.toContain('evil');
  });

  it('adds STACKDECK_EXIT_WITH_STDIN only when asked, whatever the launcher has', () => {
    expect(EXIT_WITH_STDIN).toBe('STACKDECK_EXIT_WITH_STDIN');
    expect(childEnvironment({ resolved, parentEnv, runId: 'r', exitWithStdin: true })[EXIT_WITH_STDIN]).toBe('1');
    expect(childEnvironment({ resolved, parentEnv, runId: 'r', exitWithStdin: false })).not.toHaveProperty(EXIT_WITH_STDIN);
  });

  it("marks the child with this run's id, not one inherited or resolved", () => {
    const env = childEnvironment({ resolved: { ...resolved, [RUN_ID_VARIABLE]: 'from-a-file', FORCE_COLOR: '0' }, parentEnv, runId: 'this-run', exitWithStdin: false });
    expect(env[RUN_ID_VARIABLE]).toBe('this-run');
    expect(env.FORCE_COLOR).toBe('1');
  });

  it('lets a resolved variable win over the system value of the same name', () => {
    const env = childEnvironment({ resolved: { TZ: 'UTC' }, parentEnv, runId: 'r', exitWithStdin: false });
    expect(env.TZ).toBe('UTC');
  });

  it('has only the control variables and the resolved ones when the launcher has an empty environment', () => {
    expect(childEnvironment({ resolved: { PORT: '1' }, parentEnv: {}, runId: 'r', exitWithStdin: false })).toEqual({
      PORT: '1', FORCE_COLOR: '1', STACKDECK_LAUNCHED: '1', STACKDECK_RUN_ID: 'r',
    });
  });
});

describe('launcherValues', () => {
  const urls: Record<string, string> = { auth: 'http://127.0.0.1:41000', cache: 'http://127.0.0.1:41001' };
  const peerUrl = (service: string) => urls[service] ?? null;

  it("gives the port in the service's port variable and each peer's URL in its variable", () => {
    expect(launcherValues({ port: { variable: 'HTTP_PORT' }, peers: { AUTH_SERVICE_URL: 'auth', CACHE_URL: 'cache' } }, 41234, peerUrl)).toEqual({
      HTTP_PORT: '41234', AUTH_SERVICE_URL: 'http://127.0.0.1:41000', CACHE_URL: 'http://127.0.0.1:41001',
    });
  });

  it('leaves out a peer without a URL yet, and the port when there is none', () => {
    expect(launcherValues({ port: { variable: 'PORT' }, peers: { AUTH_SERVICE_URL: 'auth', LATER_URL: 'not-started' } }, null, peerUrl)).toEqual({
      AUTH_SERVICE_URL: 'http://127.0.0.1:41000',
    });
    expect(launcherValues({ peers: {} }, 41234, peerUrl)).toEqual({});
  });
});
