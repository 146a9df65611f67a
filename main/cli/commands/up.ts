import type { EngineEvent } from '../../../shared/api/engine-contract.ts';
import type { ServiceStatus } from '../../../shared/api/service-status.ts';
import type { Engine } from '../../engine/core/engine.ts';
import { createStackKeeperPool, type KeeperPool } from '../../engine/process/keeper-pool.ts';
import { parseFlags } from '../flags.ts';
import { UsageError, painter, type CliIo, type Style } from '../io.ts';
import { resolve } from 'node:path';

const SERVICE_COLOURS: Style[] = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'];

export interface UpControl {
  // Resolves when the stack should stop (a signal, or whatever started the launcher going away; tests decide).
  stopSignal: Promise<string>;
  // Resolves when the stop must not wait for the services' grace (a second Ctrl+C).
  forceStop?: Promise<void>;
}

// `stackdeck up`: the stack headless, dependency order, logs prefixed like foreman's (or JSON lines), until a signal.
export async function upCommand(args: readonly string[], io: CliIo, control: UpControl): Promise<number> {
  const { flags, positionals } = parseFlags(args);
  if (positionals.length > 0) throw new UsageError(`up takes no arguments (got '${positionals[0]}')`);
  const root = resolve(io.cwd, flags.root ?? '.');
  // The first service's keeper (a Node process) boots while the engine's modules load and the stack is read: started after
  // them, it was not ready when that service was, which then waited for it.
  const keepers = createStackKeeperPool(root, io.env);
  const { engine, launcherLog } = await openEngine(root, flags, io, keepers).catch((error: unknown) => {
    keepers.close();
    throw error;
  });
  const names = [...engine.runners.keys()];
  const width = Math.max(...names.map((name) => name.length), 'stackdeck'.length);
  const paint = painter(io.color);
  const colourOf = (service: string) => SERVICE_COLOURS[Math.max(0, names.indexOf(service)) % SERVICE_COLOURS.length] ?? 'white';
  const prefix = (service: string) => paint(colourOf(service), `${service.padEnd(width)} |`);
  const print = flags.json
    ? (record: Record<string, unknown>) => io.stdout(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`)
    : undefined;
  let announcedReady = false;
  const lastState = new Map<string, string>();

  const onEvent = (event: EngineEvent) => {
    if (event.type === 'log') {
      for (const line of event.chunk.lines) {
        if (print) print({ event: 'log', service: line.service, stream: line.stream, level: line.level, text: line.text });
        else io.stdout(`${prefix(line.service)} ${line.stream === 'system' ? paint('dim', line.text) : line.text}\n`);
      }
      if (event.chunk.skipped > 0) {
        if (print) print({ event: 'skipped', service: event.chunk.service, lines: event.chunk.skipped });
        else io.stdout(`${prefix(event.chunk.service)} ${paint('yellow', `[${event.chunk.skipped} lines skipped]`)}\n`);
      }
    } else if (event.type === 'serviceState') {
      const status = event.status;
      announceCommand(status);
      // The first word about a service is its start, not the 'stopped' it was before.
      if (lastState.get(status.name) === status.state || (!lastState.has(status.name) && status.state === 'stopped')) return;
      lastState.set(status.name, status.state);
      announce(status);
      // A service without a probe is as ready as anyone can tell once it runs; it is still called 'running'.
      if (!announcedReady && [...engine.runners.values()].every((runner) => runner.state === 'ready' || runner.state === 'running')) {
        announcedReady = true;
        if (print) print({ event: 'ready', services: [...engine.runners.values()].map((runner) => ({ service: runner.name, state: runner.state, pid: runner.pid, port: runner.port, url: runner.url })) });
        else io.stdout(`${prefix('stackdeck')} ${paint(['green', 'bold'], 'all services ready')} (Ctrl+C stops them)\n`);
      }
    } else if (event.type === 'configChanged') {
      for (const { service, keys } of event.diff.stale) {
        if (print) print({ event: 'stale', service, keys });
        else io.stdout(`${prefix(service)} ${paint('yellow', `running with stale values (${keys.join(', ')}): restart needed`)}\n`);
      }
    } else if (event.type === 'engineError') {
      if (print) print({ event: 'error', message: event.message });
      else io.stderr(`stackdeck: ${event.message}\n`);
    }
  };

  // Once per start, as soon as the process exists: the command that runs, variables substituted, secrets masked.
  const commandShownFor = new Map<string, number>();
  const announceCommand = (status: ServiceStatus) => {
    if (status.pid === null || !status.commandLine || commandShownFor.get(status.name) === status.pid) return;
    commandShownFor.set(status.name, status.pid);
    if (print) print({ event: 'service_started', service: status.name, pid: status.pid, port: status.port, commandLine: status.commandLine });
    else io.stdout(`${prefix(status.name)} ${paint('dim', `$ ${status.commandLine}`)}\n`);
  };

  const announce = (status: ServiceStatus) => {
    if (print) {
      const base = { service: status.name, state: status.state, message: status.message };
      if (status.state === 'ready') print({ event: 'service_ready', ...base, pid: status.pid, port: status.port, url: status.url, probe: status.probe, listening: status.listening, commandLine: status.commandLine });
      else if (status.state === 'running') print({ event: 'service_running', ...base, pid: status.pid, probe: null });
      else if (status.state === 'crashed' || status.state === 'restarting') print({ event: 'service_crashed', ...base, crash: status.lastCrash });
      else print({ event: 'service_state', ...base });
      return;
    }
    const style: Style = status.state === 'ready' ? 'green' : status.state === 'crashed' ? ['red', 'bold'] : status.state === 'unhealthy' ? 'yellow' : 'dim';
    io.stdout(`${prefix(status.name)} ${paint(style, describeStatus(status))}\n`);
  };

  const unsubscribe = engine.subscribe(onEvent);
  // What the engine said before we listened (leftovers of a crashed run it cleaned up).
  onEvent({ type: 'log', chunk: await engine.query({ type: 'logBacklog', service: launcherLog, limit: 1_000 }) });
  let stopping = false;
  void engine.command({ type: 'start' }).then((result) => {
    if (print) print({ event: 'start_result', message: result.message });
  }, (error: unknown) => {
    // A stop in the middle of the start cuts it short: that is not an error.
    if (stopping) return;
    if (print) print({ event: 'error', message: error instanceof Error ? error.message : String(error) });
    else io.stderr(`stackdeck: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  const reason = await control.stopSignal;
  stopping = true;
  if (print) print({ event: 'stopping', reason });
  else io.stdout(`${prefix('stackdeck')} ${paint('dim', `${reason}: stopping the stack (Ctrl+C again kills it at once)`)}\n`);
  let forced = false;
  void control.forceStop?.then(() => {
    forced = true;
    if (print) print({ event: 'killing', reason: 'a second SIGINT' });
    else io.stdout(`${prefix('stackdeck')} ${paint('yellow', 'Ctrl+C again: killing every service now (SIGKILL)')}\n`);
    engine.kill();
  });
  await engine.close();
  unsubscribe();
  if (print) print({ event: 'stopped' });
  else io.stdout(`${prefix('stackdeck')} ${paint('dim', 'stopped')}\n`);
  // As a shell reports a command ended by Ctrl+C.
  return forced ? 130 : 0;
}

// The engine's modules, loaded once the keeper warms; then the stack file is checked and the engine started with that keeper.
async function openEngine(root: string, flags: ReturnType<typeof parseFlags>['flags'], io: CliIo, keepers: KeeperPool): Promise<{ engine: Engine; launcherLog: string }> {
  const [{ chooseProfile, requireStackFile }, { startEngine }, { LAUNCHER_LOG }] = await Promise.all([
    import('../stack-options.ts'), import('../../engine/start-engine.ts'), import('../../engine/core/engine.ts'),
  ]);
  requireStackFile(root);
  const engine = await startEngine({
    root,
    profile: chooseProfile(flags, io.env),
    envDir: flags['env-dir'] ? resolve(io.cwd, flags['env-dir']) : undefined,
    stateDir: io.env.STACKDECK_STATE_DIR ? resolve(io.cwd, io.env.STACKDECK_STATE_DIR) : undefined,
    parentEnv: io.env,
    keepers,
  });
  return { engine, launcherLog: LAUNCHER_LOG };
}

// Why: one line a person reads: "ready at http://127.0.0.1:9200 (pid 42, GET /health, listening on 9200)",
// "running (no readiness probe) (pid 43)", or the state and its reason.
export function describeStatus(status: ServiceStatus): string {
  const listening = status.listening === null ? null : 'ports' in status.listening
    ? `listening on ${status.listening.ports.length > 0 ? status.listening.ports.join(', ') : 'nothing yet'}`
    : `listening ports ${status.listening.unavailable}`;
  if (status.state === 'ready') return `ready at ${status.url ?? '-'} (${[`pid ${status.pid}`, status.probe, listening].filter(Boolean).join(', ')})`;
  if (status.state === 'running') return `running (no readiness probe) (${[`pid ${status.pid}`, listening].filter(Boolean).join(', ')})`;
  return `${status.state}${status.message ? `: ${status.message}` : ''}`;
}
