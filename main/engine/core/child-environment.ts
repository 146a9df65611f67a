import { buildChildEnvironment } from '../../../shared/config/child-env.ts';
import { looksSecret, maskValue } from '../../../shared/config/mask.ts';
import { EXIT_WITH_STDIN, LAUNCHED_BY_STACKDECK } from '../../../shared/stack/launcher-contract.ts';
import { RUN_ID_VARIABLE } from '../discovery/clean-leftovers.ts';

export interface ChildEnvironmentInput {
  resolved: Record<string, string>;
  parentEnv: Readonly<Record<string, string | undefined>>;
  runId: string;
  exitWithStdin: boolean;
}

// Why: the child gets its resolved variables, the system allowlist and the launcher's few control variables: nothing else.
export function childEnvironment(input: ChildEnvironmentInput): Record<string, string> {
  return {
    ...buildChildEnvironment(input.resolved, input.parentEnv),
    // Colours survive the pipe; the service knows its values are already resolved; our run id marks the process as ours.
    FORCE_COLOR: '1',
    [LAUNCHED_BY_STACKDECK]: '1',
    [RUN_ID_VARIABLE]: input.runId,
    ...(input.exitWithStdin ? { [EXIT_WITH_STDIN]: '1' } : {}),
  };
}

// The launcher-source values of one service: its port and its peers' URLs.
export function launcherValues(
  spec: { port?: { variable: string }; peers: Record<string, string> },
  port: number | null,
  peerUrl: (service: string) => string | null,
): Record<string, string> {
  const values: Record<string, string> = {};
  if (spec.port && port !== null) values[spec.port.variable] = String(port);
  for (const [key, peer] of Object.entries(spec.peers)) {
    const url = peerUrl(peer);
    if (url) values[key] = url;
  }
  return values;
}

// The child's environment as it may be shown (a command line that uses it): secrets masked, passwords in URLs too.
export function shownEnvironment(env: Readonly<Record<string, string>>, secrets: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, maskValue(value, secrets.has(key) || looksSecret(key))]));
}
