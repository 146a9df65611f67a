import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOST, startWebServer } from '../../web/server.ts';
import { advertiseWhileServing } from '../../web/ui-discovery.ts';
import { RECENT_STACKS_FILE } from '../../session/recent-stacks-store.ts';
import { startStackSession } from '../../session/start-stack-session.ts';
import { userConfigDir } from '../../session/user-config-dir.ts';
import { parseFlags } from '../flags.ts';
import { UsageError, type CliIo } from '../io.ts';
import { openDashboard } from '../open-browser.ts';
import { chooseProfile, requireStackFile, stateDirOf } from '../stack-options.ts';
import { DASHBOARD_DIR, ensureDashboardBuilt } from '../dashboard-build.ts';
import type { UpControl } from './up.ts';

// `stackdeck ui`: the engine plus browser mode on 127.0.0.1 with a random token; the URL is printed (and opened).
export async function uiCommand(args: readonly string[], io: CliIo, control: UpControl & { onListening?: (url: string) => void }): Promise<number> {
  const { flags, positionals } = parseFlags(args);
  if (positionals.length > 0) throw new UsageError(`ui takes no arguments (got '${positionals[0]}')`);
  const root = resolve(io.cwd, flags.root ?? '.');
  requireStackFile(root);
  const stateDir = stateDirOf(root, io);
  const profile = chooseProfile(flags, io.env);
  // The flags name the stack the dashboard starts on; a stack opened later from the dashboard keeps its own state.
  const stateDirOfOpened = (opened: string) => (opened === root ? stateDir : join(opened, '.stackdeck'));
  const session = await startStackSession({
    root,
    engineOptions: (opened) => (opened === root
      ? { root, profile, envDir: flags['env-dir'] ? resolve(io.cwd, flags['env-dir']) : undefined, stateDir, parentEnv: io.env }
      : { root: opened, profile, stateDir: stateDirOfOpened(opened), parentEnv: io.env }),
    recentStacksFile: join(userConfigDir(io.env, process.platform, io.env.HOME ?? homedir()), RECENT_STACKS_FILE),
  });
  // The dashboard belongs to Stackdeck, not to the stack it runs: built at install, rebuilt here when its sources changed.
  await ensureDashboardBuilt({ say: (line) => io.stdout(`${line}\n`), detail: io.stderr });
  let server;
  try {
    server = await startWebServer({ engine: session, port: flags.port ?? 0, rendererDir: DASHBOARD_DIR });
  } catch (error) {
    await session.close();
    throw new UsageError(`cannot serve the dashboard${flags.port ? ` on port ${flags.port}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // `stackdeck mcp` on this stack finds the dashboard here and drives its engine rather than starting a second one.
  const advertisement = await advertiseWhileServing({
    engine: session,
    root,
    stateDirOf: stateDirOfOpened,
    url: `http://${HOST}:${server.port}`,
    token: server.token,
    log: (message, error) => io.stderr(`stackdeck ui: ${message}: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  io.stdout(`Stackdeck dashboard: ${server.url}\n`);
  if (!flags['no-open']) io.stdout(`${openDashboard(server.url, stateDir, io.env)}\n`);
  io.stdout('Ctrl+C stops the dashboard and every service it started.\n');
  control.onListening?.(server.url);
  const reason = await control.stopSignal;
  io.stdout(`${reason}: stopping (Ctrl+C again kills every service at once)\n`);
  let forced = false;
  void control.forceStop?.then(() => {
    forced = true;
    io.stdout('Ctrl+C again: killing every service now (SIGKILL)\n');
    session.current.kill();
  });
  await advertisement.stop();
  await server.close();
  await session.close();
  return forced ? 130 : 0;
}
