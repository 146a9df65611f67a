import { startEngine, type StartEngineOptions } from '../engine/start-engine.ts';
import { createRecentStacksStore } from './recent-stacks-store.ts';
import { createStackSession, type StackSession } from './stack-session.ts';

export interface StartStackSessionOptions {
  root: string;
  // How an engine is started on a root: the first one and every one the user opens later.
  engineOptions: (root: string) => StartEngineOptions;
  // The user's recent-stacks file (see userConfigDir); never inside a stack's repository.
  recentStacksFile: string;
  log?: (message: string, error: unknown) => void;
}

// Why: `stackdeck ui` and the Electron app start the same way: an engine on the given root inside a session that can
// open another one.
export async function startStackSession(options: StartStackSessionOptions): Promise<StackSession> {
  const initial = await startEngine(options.engineOptions(options.root));
  return createStackSession({
    initial,
    openEngine: (root) => startEngine(options.engineOptions(root)),
    recent: createRecentStacksStore(options.recentStacksFile),
    log: options.log,
  });
}
