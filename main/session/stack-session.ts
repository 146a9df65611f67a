import { isAbsolute, resolve } from 'node:path';
import {
  EngineError, isSessionCommand, isSessionQuery,
  type CommandResult, type EngineApi, type EngineEvent, type EngineQuery, type QueryResult, type SessionCommand, type SessionQuery, type StackQuery,
} from '../../shared/api/engine-contract.ts';
import type { Engine } from '../engine/core/engine.ts';
import { StackFileError, loadStackFile } from '../engine/stack/load-stack-file.ts';
import type { RecentStacksStore } from './recent-stacks-store.ts';

export interface StackSessionOptions {
  // The engine of the stack the launcher was started on.
  initial: Engine;
  // Starts an engine on another stack's root (profile, state folder and environment as the launcher chose them).
  openEngine: (root: string) => Promise<Engine>;
  recent: RecentStacksStore;
  // Failures no caller is waiting for (the recent list could not be written); stderr by default.
  log?: (message: string, error: unknown) => void;
}

export interface StackSession extends EngineApi {
  // The open stack's engine, for the launcher's own use (a menu's Start all, a quit).
  readonly current: Engine;
  // Closes the open stack's engine (stopping its services); a switch in progress finishes first.
  close(): Promise<void>;
}

// Why: the transports hold one EngineApi for their whole life; this holder owns the open stack's engine and swaps it
// when the user opens another folder, so no transport, socket or page has to learn a root.
export function createStackSession(options: StackSessionOptions): StackSession {
  const log = options.log ?? ((message, error) => console.error(`stackdeck: ${message}:`, error));
  let engine = options.initial;
  // Every open (and close) waits for the one before: two quick clicks never run two engines.
  let switching: Promise<unknown> = Promise.resolve();
  let closed = false;
  // Each listener has its own subscription to the open engine (its own log cursor), moved on every switch.
  const listeners = new Map<(event: EngineEvent) => void, () => void>();

  const tell = (event: EngineEvent) => {
    for (const listener of [...listeners.keys()]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own.
      }
    }
  };
  const remember = (root: string) => {
    options.recent.remember(root).catch((error: unknown) => log(`could not add ${root} to the recent stacks in ${options.recent.file}`, error));
  };
  const openEngine = async () => {
    await switching;
    if (closed) throw new EngineError('unavailable', 'the launcher is shutting down');
    return engine;
  };
  const attach = (next: Engine) => {
    for (const listener of listeners.keys()) listeners.set(listener, next.subscribe(listener));
  };

  const openStack = async (requested: string): Promise<CommandResult> => {
    const root = isAbsolute(requested) ? resolve(requested) : resolve(engine.root, requested);
    if (root === engine.root) return { message: `${root} is already open` };
    // Checked before anything is stopped: a missing or broken stack file leaves the open stack as it is, with the
    // message the CLI prints for the same file.
    try {
      await loadStackFile(root);
    } catch (error) {
      if (error instanceof StackFileError) throw new EngineError('invalid_request', error.message);
      throw error;
    }
    const previous = engine;
    await previous.close();
    try {
      engine = await options.openEngine(root);
    } catch (error) {
      // The new stack would not start after all: the user gets the old one back rather than none.
      engine = await options.openEngine(previous.root);
      attach(engine);
      tell({ type: 'stackOpened', root: previous.root });
      throw new EngineError('unavailable', `could not open ${root}: ${error instanceof Error ? error.message : String(error)}; ${previous.root} is open again`);
    }
    attach(engine);
    remember(root);
    tell({ type: 'stackOpened', root });
    return { message: `opened ${root} (${engine.runners.size} service${engine.runners.size === 1 ? '' : 's'}); the services of ${previous.root} were stopped` };
  };

  type SessionCommandHandlers = { [K in SessionCommand['type']]: (command: Extract<SessionCommand, { type: K }>) => Promise<CommandResult> };
  const commandHandlers: SessionCommandHandlers = {
    openStack: (command) => {
      const task = switching.then(() => {
        if (closed) throw new EngineError('unavailable', 'the launcher is shutting down');
        return openStack(command.root);
      });
      switching = task.catch(() => {});
      return task;
    },
  };
  type SessionQueryHandlers = { [K in SessionQuery['type']]: (query: Extract<SessionQuery, { type: K }>) => Promise<QueryResult<K>> };
  const queryHandlers: SessionQueryHandlers = {
    recentStacks: () => options.recent.list(),
  };

  remember(engine.root);

  return {
    get current() {
      return engine;
    },
    async command(command): Promise<CommandResult> {
      if (isSessionCommand(command as SessionCommand)) {
        // The handler map is keyed by every session command type: a command without a handler does not compile.
        const handle = commandHandlers[(command as SessionCommand).type] as (command: SessionCommand) => Promise<CommandResult>;
        return handle(command as SessionCommand);
      }
      return (await openEngine()).command(command as Exclude<typeof command, SessionCommand>);
    },
    async query<T extends EngineQuery['type']>(query: Extract<EngineQuery, { type: T }>): Promise<QueryResult<T>> {
      if (isSessionQuery(query)) {
        const handle = queryHandlers[query.type] as (query: SessionQuery) => Promise<QueryResult<T>>;
        return handle(query);
      }
      return (await openEngine()).query(query as Extract<StackQuery, { type: T & StackQuery['type'] }>) as Promise<QueryResult<T>>;
    },
    subscribe(listener) {
      listeners.set(listener, engine.subscribe(listener));
      return () => {
        listeners.get(listener)?.();
        listeners.delete(listener);
      };
    },
    async close() {
      const task = switching.then(async () => {
        if (closed) return;
        closed = true;
        await engine.close();
      });
      switching = task.catch(() => {});
      await task;
    },
  };
}
