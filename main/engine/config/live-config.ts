import type { ConfigDiff } from '../../../shared/api/config-diff.ts';
import { EngineError } from '../../../shared/api/engine-error.ts';
import { inspectStack, type InspectStackOptions, type StackInspection } from '../../../shared/config/node/inspect-stack.ts';
import { scanStackCode, type StackCodeScans } from '../../../shared/config/node/stack-code-scans.ts';
import type { Profile } from '../../../shared/config/profile.ts';
import { stackReport, type StackReport } from '../../../shared/config/report.ts';
import { resolvedValues } from '../../../shared/config/resolve.ts';
import { diffInspections } from './config-diff.ts';
import { changedEnvFiles, envFilesStamp, type EnvFilesStamp } from './env-files-stamp.ts';
import { staleKeys } from './stale-keys.ts';
import { watchEnvFiles, type EnvFileWatcher } from './watch-env-files.ts';

export interface LiveConfigOptions extends InspectStackOptions {
  // Quiet time after an env file event before the stack is re-read.
  debounceMs?: number;
  // A re-read or watch that failed, or a diff listener that threw; the last good inspection stays.
  onError?: (error: Error) => void;
  now?: () => Date;
  // How long a scan of the services' code serves the re-reads that only new launcher values prompt (default
  // CODE_SCANS_REUSE_MS); every other re-read (an env file event, a profile, an override, reload) scans again.
  codeScansReuseMs?: number;
}

// A service's start sets its launcher values (its port, its peers' URLs), which re-reads the stack: the services' code is
// scanned again only when the last scan is older than this. The scan walks every service's files, so with one per start
// the start of N services of F files each read N x N x F file entries (a 2,000-file service took 75 ms of every start).
export const CODE_SCANS_REUSE_MS = 10_000;

// A diff names at most this many files; a burst beyond it still re-reads everything.
const MAX_FILES_PER_DIFF = 1000;

type ValuesByService = Record<string, Record<string, string>>;
type DiffListener = (diff: ConfigDiff) => void;

// Why: the stack's configuration as it is now, and what each running service started with, in one place.
export class LiveConfig {
  readonly #options: Omit<LiveConfigOptions, 'launcher' | 'overrides'>;
  // The last scan of the services' code, and when it began (performance.now()).
  #codeScans: { at: number; scans: StackCodeScans };
  #profile: Profile;
  #launcher: ValuesByService;
  #overrides: ValuesByService;
  #inspection: StackInspection;
  readonly #started = new Map<string, Record<string, string>>();
  readonly #listeners = new Set<DiffListener>();
  readonly #services: ReadonlySet<string>;
  #queue: Promise<unknown> = Promise.resolve();
  #watcher: EnvFileWatcher | undefined;
  // The paths of a watch-triggered re-read that is queued but not started yet.
  #pendingFiles: Set<string> | undefined;
  #closed = false;
  // The env files' stamp when open() read them.
  readonly #openedStamp: EnvFilesStamp;

  // Why: the engine needs a first inspection before anything can start; open() does that read.
  static async open(options: LiveConfigOptions): Promise<LiveConfig> {
    const launcher = copyValues(options.launcher);
    const overrides = copyValues(options.overrides);
    // Taken before the read: an edit during it shows as a different stamp once the watch runs.
    const stamp = envFilesStamp(options);
    const codeScans = { at: performance.now(), scans: await scanStackCode(options.root, options.services) };
    const inspection = await inspectStack({ ...options, launcher, overrides, codeScans: codeScans.scans });
    return new LiveConfig(options, inspection, stamp, codeScans);
  }

  private constructor(options: LiveConfigOptions, inspection: StackInspection, openedStamp: EnvFilesStamp, codeScans: { at: number; scans: StackCodeScans }) {
    this.#openedStamp = openedStamp;
    this.#codeScans = codeScans;
    const { launcher, overrides, ...rest } = options;
    this.#options = rest;
    this.#profile = options.profile;
    this.#launcher = copyValues(launcher);
    this.#overrides = copyValues(overrides);
    this.#inspection = inspection;
    this.#services = new Set(options.services.map((service) => service.name));
  }

  // Why: the raw inspection stays inside the engine (values unmasked); clients get report().
  get inspection(): StackInspection {
    return this.#inspection;
  }

  // Why: the profile in force may differ from the one opened with, after setProfile.
  get profile(): Profile {
    return this.#profile;
  }

  // Why: every client reads configuration as the one masked report (`config` query), never raw values.
  report(): StackReport {
    const { profile, services, validation } = this.#inspection;
    return stackReport(profile, services, validation, this.#displayPath);
  }

  // Why: what a service's process gets now; the supervisor starts it with these and hands them back to markStarted.
  valuesFor(service: string): Record<string, string> {
    this.#known(service);
    const resolved = this.#inspection.services.find((candidate) => candidate.service === service);
    return resolved ? resolvedValues(resolved) : {};
  }

  // Why: staleness is measured against what the process really got, not what the config says now.
  markStarted(service: string, values: Readonly<Record<string, string>>): void {
    this.#known(service);
    this.#started.set(service, { ...values });
  }

  // Why: a stopped service runs with nothing, so nothing about it is stale.
  markStopped(service: string): void {
    this.#started.delete(service);
  }

  // Why: "running with a stale value: restart needed" names the keys, never the values.
  staleKeys(service: string): string[] {
    const started = this.#started.get(service);
    return started ? staleKeys(started, this.valuesFor(service)) : [];
  }

  // Why: every running service whose values differ from what it started with, in stack order, for a diff or the UI.
  stale(): ConfigDiff['stale'] {
    return this.#inspection.services
      .map(({ service }) => ({ service, keys: this.staleKeys(service) }))
      .filter((entry) => entry.keys.length > 0);
  }

  // Why: a UI or CLI override wins over every other source for this run only.
  setOverride(service: string, key: string, value: string): Promise<ConfigDiff> {
    this.#known(service);
    return this.#update((state) => ({ ...state, overrides: withValue(state.overrides, service, key, value) }));
  }

  // Why: clearing hands the key back to the next source in precedence.
  clearOverride(service: string, key: string): Promise<ConfigDiff> {
    this.#known(service);
    return this.#update((state) => ({ ...state, overrides: withValue(state.overrides, service, key, undefined) }));
  }

  // Why: ports and peer URLs are allocated at start; they replace the service's previous launcher values.
  setLauncherValues(service: string, values: Readonly<Record<string, string>>): Promise<ConfigDiff> {
    this.#known(service);
    return this.#update((state) => ({ ...state, launcher: { ...state.launcher, [service]: { ...values } } }), undefined, 'recent-scan');
  }

  // Why: a profile switch changes which files are read and which rules apply; the watch already covers every .env.*.
  setProfile(profile: Profile): Promise<ConfigDiff> {
    return this.#update((state) => ({ ...state, profile }));
  }

  // Why: re-read the env files now (after a watch event, or on demand); `files` are the paths that prompted it.
  reload(files: readonly string[] = []): Promise<ConfigDiff> {
    return this.#update((state) => state, () => files);
  }

  // Why: the engine pushes each diff as a `configChanged` event; the returned function unsubscribes.
  onDiff(listener: DiffListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // Why: edits to env files while the stack runs must show up, and mark running services stale, without a click.
  async watch(): Promise<void> {
    if (this.#closed) throw new Error('this LiveConfig is closed');
    if (this.#watcher) return this.#watcher.ready;
    this.#watcher = watchEnvFiles({
      root: this.#options.root,
      envDir: this.#options.envDir,
      services: this.#options.services,
      debounceMs: this.#options.debounceMs,
      onError: (error) => this.#reportError(error),
      onChange: (paths) => this.#reloadFor(paths),
    });
    await this.#watcher.ready;
    // An edit made between open() and the watch starting has no event: the files changed since then are re-read as the watch
    // would have reported them (none changed: no re-read of the whole stack on the launcher's path to its first start).
    const changed = changedEnvFiles(this.#openedStamp, envFilesStamp(this.#options));
    if (!this.#closed && changed.length > 0) await this.reload(changed);
  }

  // Why: no watch, timer or re-read may outlive the engine (or a test's temp folder).
  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#watcher?.close();
    await this.#queue.catch(() => {});
  }

  // Watch events join the re-read that is queued and not yet started: a slow read never builds a backlog.
  #reloadFor(paths: readonly string[]): void {
    if (this.#closed) return;
    if (this.#pendingFiles) {
      for (const path of paths) if (this.#pendingFiles.size < MAX_FILES_PER_DIFF) this.#pendingFiles.add(path);
      return;
    }
    const pending = new Set(paths);
    this.#pendingFiles = pending;
    const files = () => {
      this.#pendingFiles = undefined;
      return [...pending].sort();
    };
    this.#update((state) => state, files).catch((error: unknown) => this.#reportError(asError(error)));
  }

  // One re-read at a time, in call order; a failed one changes nothing.
  // code: 'scan' reads the services' code again; 'recent-scan' takes the last scan while it is recent (CODE_SCANS_REUSE_MS).
  #update(change: (state: State) => State, takeFiles: () => readonly string[] = () => [], code: 'scan' | 'recent-scan' = 'scan'): Promise<ConfigDiff> {
    if (this.#closed) return Promise.reject(new Error('this LiveConfig is closed'));
    const step = this.#queue.catch(() => {}).then(async () => {
      const files = takeFiles();
      const next = change({ profile: this.#profile, launcher: this.#launcher, overrides: this.#overrides });
      const recent = performance.now() - this.#codeScans.at < (this.#options.codeScansReuseMs ?? CODE_SCANS_REUSE_MS);
      const codeScans = code === 'recent-scan' && recent ? this.#codeScans : { at: performance.now(), scans: await scanStackCode(this.#options.root, this.#options.services) };
      const inspection = await inspectStack({ ...this.#options, ...next, codeScans: codeScans.scans });
      this.#codeScans = codeScans;
      const before = this.#inspection;
      this.#profile = next.profile;
      this.#launcher = next.launcher;
      this.#overrides = next.overrides;
      this.#inspection = inspection;
      const diff: ConfigDiff = {
        at: (this.#options.now ?? (() => new Date()))().toISOString(),
        files: files.map((file) => this.#displayPath(file)),
        changes: diffInspections(before, inspection, this.#displayPath),
        stale: this.stale(),
      };
      if (!this.#closed && (diff.files.length > 0 || diff.changes.length > 0)) this.#emit(diff);
      return diff;
    });
    this.#queue = step;
    return step;
  }

  #emit(diff: ConfigDiff): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(diff);
      } catch (error) {
        this.#reportError(asError(error));
      }
    }
  }

  #known(service: string): void {
    if (!this.#services.has(service)) throw new EngineError('unknown_service', `no service named '${service}' in this stack`);
  }

  #reportError(error: Error): void {
    if (this.#options.onError) this.#options.onError(error);
    else process.emitWarning(error);
  }

  get #displayPath(): (path: string) => string {
    return this.#options.displayPath ?? ((path: string) => path);
  }
}

interface State {
  profile: Profile;
  launcher: ValuesByService;
  overrides: ValuesByService;
}

function copyValues(values: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined): ValuesByService {
  return Object.fromEntries(Object.entries(values ?? {}).map(([service, entries]) => [service, { ...entries }]));
}

// Built with fromEntries: a key such as `__proto__` stays a plain entry.
function withValue(values: ValuesByService, service: string, key: string, value: string | undefined): ValuesByService {
  const others = Object.entries(values[service] ?? {}).filter(([existing]) => existing !== key);
  return { ...values, [service]: Object.fromEntries(value === undefined ? others : [...others, [key, value]]) };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
