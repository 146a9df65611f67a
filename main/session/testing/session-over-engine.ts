import { join } from 'node:path';
import type { Engine } from '../../engine/core/engine.ts';
import { startEngine } from '../../engine/start-engine.ts';
import { createRecentStacksStore } from '../recent-stacks-store.ts';
import { createStackSession, type StackSession } from '../stack-session.ts';

// Why: tests that built an engine themselves serve it as the launcher does, inside a session (the recent list in the
// stack's own temp state folder). The caller still closes its engine; a stack opened through this session is the
// test's to close with session.close().
export function sessionOverEngine(engine: Engine): StackSession {
  return createStackSession({
    initial: engine,
    openEngine: (root) => startEngine({ root, profile: 'development', parentEnv: { PATH: process.env.PATH, HOME: root }, agentMonitor: false }),
    recent: createRecentStacksStore(join(engine.root, '.stackdeck', 'recent-stacks.json')),
    log: () => {},
  });
}
