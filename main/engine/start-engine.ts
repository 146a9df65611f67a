import { join } from 'node:path';
import { isAbsolute, relative } from 'node:path';
import type { Profile } from '../../shared/config/profile.ts';
import { createAgentMonitor } from './agents/agent-monitor.ts';
import { LiveConfig } from './config/live-config.ts';
import { createEngine, type Engine } from './core/engine.ts';
import { LogHub } from './logs/log-hub.ts';
import { createStackKeeperPool, type KeeperPool } from './process/keeper-pool.ts';
import { stackFactsOf } from './stack/config-services.ts';
import { loadStackFile } from './stack/load-stack-file.ts';

export interface StartEngineOptions {
  root: string;
  profile: Profile;
  envDir?: string;
  // Generated fallbacks and log files; <root>/.stackdeck by default (git-ignored).
  stateDir?: string;
  parentEnv: Readonly<Record<string, string | undefined>>;
  agentMonitor?: boolean;
  // A keeper pool the caller started earlier (`up` starts it before loading the engine); the engine owns and closes it.
  keepers?: KeeperPool;
}

// Why: one place assembles the engine from its parts (stack file, live config, logs, agent monitor) for the CLI, the web UI and Electron.
export async function startEngine(options: StartEngineOptions): Promise<Engine> {
  // The first service's keeper (a Node process, ~100 ms to boot) warms while the stack file and the configuration are read.
  const keepers = options.keepers ?? createStackKeeperPool(options.root, options.parentEnv);
  try {
    return await assembleEngine(options, keepers);
  } catch (error) {
    keepers.close();
    throw error;
  }
}

async function assembleEngine(options: StartEngineOptions, keepers: KeeperPool): Promise<Engine> {
  const { stack, services } = await loadStackFile(options.root);
  const stateDir = options.stateDir ?? join(options.root, '.stackdeck');
  const displayPath = (path: string) => {
    const rel = relative(options.root, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };
  const config = await LiveConfig.open({
    root: options.root,
    envDir: options.envDir,
    profile: options.profile,
    osEnv: options.parentEnv,
    stateDir,
    services,
    stack: stackFactsOf(stack),
    displayPath,
  });
  // Each subscriber gets the hub's default share of a flood per delivery (subscriber-cursor.ts) and a skipped count for the rest.
  const logs = new LogHub({ stateDir });
  return createEngine({
    root: options.root,
    stack,
    parentEnv: options.parentEnv,
    config,
    logs,
    keepers,
    createAgentMonitor: options.agentMonitor === false
      ? undefined
      : ({ services, urls }, { onEvent }) => createAgentMonitor({
        services,
        urls,
        profile: options.profile,
        onEvent: (event) => onEvent({ type: 'agentEvent', event }),
        onChanges: (changes) => onEvent({ type: 'agentRunsChanged', changes }),
      }),
  });
}
