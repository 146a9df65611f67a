import type { Engine } from '../engine/core/engine.ts';
import { findRunningUi } from '../web/ui-discovery.ts';
import { engineOverHttp, type EngineRequester } from './engine-over-http.ts';

export interface LinkedEngine {
  requester: EngineRequester;
  // How the engine is reached, in words: the tools say it.
  via: string;
}

export interface StackLink {
  // The engine to ask now: a dashboard serving this stack, else one of our own, started on first need.
  engine(): Promise<LinkedEngine>;
  // Closes our own engine (stopping the services it started); a dashboard's engine is the dashboard's.
  close(): Promise<void>;
  // SIGKILL to every service of our own engine (a second Ctrl+C while close() waits for their grace).
  kill(): void;
}

export interface StackLinkOptions {
  root: string;
  stateDir: string;
  startOwnEngine: () => Promise<Engine>;
  // Injected by tests; the real check reads <stateDir>/ui.json and whether its process lives.
  findUi?: typeof findRunningUi;
}

const OWN = 'its own engine (no stackdeck ui serves this stack)';
const OWN_BESIDE_UI = 'its own engine (started before the stackdeck ui that now serves this stack too; the services it started run here)';

// Why: an agent must see and drive the same services the developer sees in the dashboard, so a running `stackdeck ui` is
// asked first on every call; only when none serves this stack does the server start an engine itself. A dashboard that
// appears later takes over once nothing runs in that engine (while something does, switching would orphan it).
export function createStackLink(options: StackLinkOptions): StackLink {
  const findUi = options.findUi ?? findRunningUi;
  let own: Promise<Engine> | undefined;
  let started: Engine | undefined;
  let retiring: Promise<void> = Promise.resolve();
  let remote: { token: string; requester: EngineRequester } | undefined;
  const startOwn = () => {
    own ??= options.startOwnEngine().then((engine) => (started = engine), (error: unknown) => {
      // A stack file fixed since is read again by the next call.
      own = undefined;
      throw error;
    });
    return own;
  };
  return {
    async engine() {
      const ui = await findUi(options.stateDir, options.root);
      if (own) {
        const current = own;
        const engine = await current;
        const busy = [...engine.runners.values()].some((runner) => runner.running);
        if (!ui || busy) return { requester: engine, via: ui ? OWN_BESIDE_UI : OWN };
        // Only the first call to see it idle retires it; the others wait for the same close.
        if (own === current) {
          own = undefined;
          started = undefined;
          retiring = engine.close();
        }
        await retiring;
      }
      if (ui) {
        if (remote?.token !== ui.token) remote = { token: ui.token, requester: engineOverHttp(ui.url, ui.token) };
        return { requester: remote.requester, via: `the dashboard's engine (stackdeck ui at ${ui.url}, pid ${ui.pid})` };
      }
      return { requester: await startOwn(), via: OWN };
    },
    async close() {
      const engine = await own?.catch(() => undefined);
      await engine?.close();
    },
    kill() {
      started?.kill();
    },
  };
}
