import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryResultSchemas, type EngineResponse } from '../../shared/api/engine-contract.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { waitFor } from '../web/testing/bounded-wait.ts';
import { EVENT_CHANNEL, PICK_FOLDER_CHANNEL, REQUEST_CHANNEL } from './bridge-contract.ts';
import { APP_URL, CONTENT_SECURITY_POLICY } from './navigation-policy.ts';

// Electron replaced at the module boundary (its binary is not on this machine): a small fake that records what main.ts
// asks of it, so the test can play Electron's part (emit app and window events, call the handlers main.ts installed).
const fake = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown;
  type FakeEvent = { defaultPrevented: boolean; preventDefault: () => void };

  const event = (): FakeEvent => {
    const created: FakeEvent = { defaultPrevented: false, preventDefault: () => { created.defaultPrevented = true; } };
    return created;
  };

  class Emitter {
    readonly handlers = new Map<string, Handler[]>();
    on(name: string, handler: Handler): this {
      this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
      return this;
    }
    once(name: string, handler: Handler): this {
      const wrapped: Handler = (...args) => {
        this.handlers.set(name, (this.handlers.get(name) ?? []).filter((candidate) => candidate !== wrapped));
        return handler(...args);
      };
      return this.on(name, wrapped);
    }
    emit(name: string, ...args: unknown[]): number {
      const handlers = [...(this.handlers.get(name) ?? [])];
      for (const handler of handlers) handler(...args);
      return handlers.length;
    }
  }

  let nextId = 1;
  class FakeWebContents extends Emitter {
    readonly id = nextId++;
    readonly sent: { channel: string; payload: unknown }[] = [];
    readonly inputEvents: unknown[] = [];
    reloads = 0;
    windowOpenHandler: Handler | undefined;
    setWindowOpenHandler(handler: Handler): void {
      this.windowOpenHandler = handler;
    }
    send(channel: string, payload: unknown): void {
      this.sent.push({ channel, payload });
    }
    isLoading(): boolean {
      return false;
    }
    reload(): void {
      this.reloads++;
    }
    sendInputEvent(input: unknown): void {
      this.inputEvents.push(input);
    }
  }

  class FakeBrowserWindow extends Emitter {
    readonly options: Record<string, unknown>;
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    shown = false;
    maximized = false;
    minimized = false;
    restored = 0;
    focused = 0;
    normalBounds = { x: 0, y: 0, width: 1280, height: 820 };
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      state.windows.push(this);
      // Electron announces every new webContents, the window's own included.
      state.app.emit('web-contents-created', event(), this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show(): void { this.shown = true; }
    maximize(): void { this.maximized = true; }
    isMaximized(): boolean { return this.maximized; }
    isMinimized(): boolean { return this.minimized; }
    restore(): void { this.restored++; this.minimized = false; }
    focus(): void { this.focused++; }
    isDestroyed(): boolean { return false; }
    getNormalBounds() { return this.normalBounds; }
  }

  // Desktop notifications as Electron's Notification shows them: each one's options, and its click handlers.
  class FakeNotification extends Emitter {
    static isSupported = () => true;
    readonly options: { title: string; body: string };
    constructor(options: { title: string; body: string }) {
      super();
      this.options = options;
    }
    show(): void {
      state.notifications.push(this);
    }
  }

  const fresh = () => ({
    lock: true,
    notifications: [] as FakeNotification[],
    app: new Emitter(),
    readyCalls: 0,
    quits: 0,
    exits: [] as number[],
    windows: [] as FakeBrowserWindow[],
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    protocols: new Map<string, Handler>(),
    ipc: new Map<string, Handler>(),
    permissionRequest: undefined as Handler | undefined,
    permissionCheck: undefined as Handler | undefined,
    headersReceived: undefined as Handler | undefined,
    opened: [] as string[],
    menu: undefined as { template: unknown } | undefined,
    // What the native folder dialog answers next, and the options it was shown with.
    dialogAnswer: { canceled: true, filePaths: [] as string[] },
    dialogs: [] as unknown[],
  });
  let state = fresh();

  const electron = {
    app: {
      requestSingleInstanceLock: () => state.lock,
      whenReady: () => {
        state.readyCalls++;
        return Promise.resolve();
      },
      on: (name: string, handler: Handler) => { state.app.on(name, handler); },
      // As Electron does: quitting first asks 'before-quit', which a handler may prevent.
      quit: () => {
        state.quits++;
        state.app.emit('before-quit', event());
      },
      exit: (code = 0) => { state.exits.push(code); },
    },
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    ipcMain: { handle: (channel: string, handler: Handler) => { state.ipc.set(channel, handler); } },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: Record<string, boolean> }[]) => { state.privileged.push(...schemes); },
      handle: (scheme: string, handler: Handler) => { state.protocols.set(scheme, handler); },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Handler) => { state.permissionRequest = handler; },
        setPermissionCheckHandler: (handler: Handler) => { state.permissionCheck = handler; },
        webRequest: { onHeadersReceived: (handler: Handler) => { state.headersReceived = handler; } },
      },
    },
    shell: { openExternal: async (url: string) => { state.opened.push(url); } },
    dialog: {
      showOpenDialog: async (...args: unknown[]) => {
        state.dialogs.push(args.at(-1));
        return state.dialogAnswer;
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: { template: unknown }) => { state.menu = menu; },
    },
  };

  return {
    electron,
    event,
    FakeWebContents,
    get state() { return state; },
    reset() { state = fresh(); },
  };
});

vi.mock('electron', () => fake.electron);

type FakeWindow = (typeof fake.state.windows)[number];
type MenuEntry = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: MenuEntry[] };

const STACK = { services: { svc: { command: ['node', '-e', 'setInterval(() => {}, 1000)'], envDir: 'svc' } } };
const TIMEOUT = 20_000;

let root: string;
let rendererDir: string;
const cleanups: (() => void)[] = [];
let launched = false;
let errors: unknown[][] = [];
const savedEnv = { root: process.env.STACKDECK_ROOT, renderer: process.env.STACKDECK_RENDERER_DIR, config: process.env.STACKDECK_CONFIG_DIR };

function restoreEnv(key: 'STACKDECK_ROOT' | 'STACKDECK_RENDERER_DIR' | 'STACKDECK_CONFIG_DIR', value: string | undefined): void {
  if (value !== undefined) process.env[key] = value;
  else if (key === 'STACKDECK_ROOT') delete process.env.STACKDECK_ROOT;
  else if (key === 'STACKDECK_CONFIG_DIR') delete process.env.STACKDECK_CONFIG_DIR;
  else delete process.env.STACKDECK_RENDERER_DIR;
}

function useStack(files: Record<string, string>): void {
  const stack = makeTempDir(files);
  cleanups.push(stack.cleanup);
  root = stack.dir;
  process.env.STACKDECK_ROOT = root;
}

beforeEach(() => {
  fake.reset();
  launched = false;
  errors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { errors.push(args); });
  useStack({ 'stackdeck.json': JSON.stringify(STACK), 'svc/.env': 'GREETING=hello\n' });
  const renderer = makeTempDir({ 'index.html': '<!doctype html><div id="root"></div>', 'assets/app.js': 'export {}' });
  cleanups.push(renderer.cleanup);
  rendererDir = renderer.dir;
  process.env.STACKDECK_RENDERER_DIR = rendererDir;
  // The recent-stacks list goes to a temp folder, never the real user's config.
  const config = makeTempDir();
  cleanups.push(config.cleanup);
  process.env.STACKDECK_CONFIG_DIR = config.dir;
});

// Whatever a test did, the engine it started is closed (its services stopped) before the folders go.
afterEach(async () => {
  try {
    if (launched && fake.state.lock) {
      await waitFor(() => fake.state.windows.length > 0 || fake.state.exits.length > 0, 'the app to start or give up', TIMEOUT);
      if (fake.state.exits.length === 0) {
        fake.state.app.emit('before-quit', fake.event());
        await waitFor(() => fake.state.exits.length > 0, 'the engine to close', TIMEOUT);
      }
    }
  } finally {
    vi.restoreAllMocks();
    for (const cleanup of cleanups.splice(0)) cleanup();
    restoreEnv('STACKDECK_ROOT', savedEnv.root);
    restoreEnv('STACKDECK_RENDERER_DIR', savedEnv.renderer);
    restoreEnv('STACKDECK_CONFIG_DIR', savedEnv.config);
  }
}, 2 * TIMEOUT);

// main.ts does its work on import, as Electron runs it: a fresh module graph for each launch.
async function launch(): Promise<void> {
  vi.resetModules();
  launched = true;
  await import('./main.ts');
}

async function launchWindow(): Promise<FakeWindow> {
  await launch();
  await waitFor(() => fake.state.windows.length > 0 || fake.state.exits.length > 0, 'the window', TIMEOUT);
  const window = fake.state.windows[0];
  if (!window) throw new Error(`no window; exit codes ${fake.state.exits.join(', ')}; logged ${JSON.stringify(errors.map((args) => args.map(String)))}`);
  return window;
}

function requestHandler(): (event: unknown, payload: unknown) => Promise<EngineResponse> {
  const handler = fake.state.ipc.get(REQUEST_CHANNEL);
  if (!handler) throw new Error(`no handler on ${REQUEST_CHANNEL}`);
  return handler as (event: unknown, payload: unknown) => Promise<EngineResponse>;
}

async function stackState(window: FakeWindow) {
  const answer = await requestHandler()({ sender: { id: window.webContents.id }, senderFrame: { url: APP_URL } }, { id: `q${Date.now()}`, kind: 'query', body: { type: 'stackState' } });
  if (!answer.ok) throw new Error(`stackState failed: ${answer.error.message}`);
  return QueryResultSchemas.stackState.parse(answer.result);
}

function menuItem(label: string): MenuEntry {
  const template = (fake.state.menu?.template ?? []) as MenuEntry[];
  const found = template.flatMap((entry) => entry.submenu ?? []).find((entry) => entry.label === label);
  if (!found?.click) throw new Error(`no menu item ${label} with a click handler`);
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('main.ts', () => {
  it('creates one hardened window with a preload, loading app://stackdeck/, shown at its first paint', async () => {
    const window = await launchWindow();
    expect(fake.state.windows).toHaveLength(1);
    const preferences = window.options.webPreferences as Record<string, unknown>;
    expect(preferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webviewTag: false, webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, navigateOnDragDrop: false,
    });
    expect(String(preferences.disableBlinkFeatures)).toContain('Auxclick');
    expect(typeof preferences.preload).toBe('string');
    expect(isAbsolute(String(preferences.preload))).toBe(true);
    expect(String(preferences.preload).endsWith('preload.cjs')).toBe(true);
    expect(window.options).toMatchObject({ width: 1280, height: 820, show: false, title: 'Stackdeck' });

    expect(window.loaded).toEqual([APP_URL]);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('registers app:// as a standard, secure scheme before the app is ready', async () => {
    await launchWindow();
    expect(fake.state.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('denies every permission request and check', async () => {
    await launchWindow();
    const request = fake.state.permissionRequest;
    const check = fake.state.permissionCheck;
    if (!request || !check) throw new Error('no permission handlers');
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      const callback = vi.fn();
      request({}, permission, callback, { requestingUrl: 'https://evil.example/' });
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
      expect(check({}, permission, 'app://stackdeck', {}), permission).toBe(false);
    }
  });

  it('puts the CSP on every response the session sees, replacing a looser one', async () => {
    await launchWindow();
    const onHeaders = fake.state.headersReceived;
    if (!onHeaders) throw new Error('no onHeadersReceived handler');
    const callback = vi.fn();
    onHeaders({ url: 'app://stackdeck/', responseHeaders: { 'Content-Security-Policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': ['kept'] } }, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Other': ['kept'] } });
  });

  it('serves the dashboard on app://stackdeck/ from STACKDECK_RENDERER_DIR, and nothing for another host', async () => {
    await launchWindow();
    const handler = fake.state.protocols.get('app') as ((request: { url: string }) => Promise<Response> | Response) | undefined;
    if (!handler) throw new Error('no app:// handler');
    const page = await handler({ url: 'app://stackdeck/' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"></div>');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler({ url: 'app://stackdeck/assets/app.js' })).headers.get('content-type')).toBe('text/javascript');
    expect((await handler({ url: 'app://other/index.html' })).status).toBe(404);
    expect((await handler({ url: 'app://stackdeck/../stackdeck.json' })).status).toBe(404);
  });

  it('denies every new window, opening only plain http(s) links in the system browser', async () => {
    const window = await launchWindow();
    // The window's own webContents and any later one (devtools, a frame) get the same handler.
    const other = new fake.FakeWebContents();
    fake.state.app.emit('web-contents-created', fake.event(), other);
    for (const contents of [window.webContents, other]) {
      const open = contents.windowOpenHandler;
      if (!open) throw new Error('no window open handler');
      for (const url of ['https://example.com/docs', 'http://127.0.0.1:8081/health', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@example.com/', 'app://stackdeck/index.html', 'smb://host/share', 'data:text/html,x']) {
        expect(open({ url, disposition: 'new-window' }), url).toEqual({ action: 'deny' });
      }
    }
    expect(fake.state.opened).toEqual(['https://example.com/docs', 'http://127.0.0.1:8081/health', 'https://example.com/docs', 'http://127.0.0.1:8081/health']);
  });

  it('prevents navigation away from app://stackdeck/ and every webview', async () => {
    const window = await launchWindow();
    const navigate = (url: string) => {
      const navigation = fake.event();
      expect(window.webContents.emit('will-navigate', navigation, url)).toBe(1);
      return navigation.defaultPrevented;
    };
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/', 'app://stackdeck.evil/', 'javascript:alert(1)', 'http://localhost:8000/']) {
      expect(navigate(url), url).toBe(true);
    }
    for (const url of ['app://stackdeck/', APP_URL, 'app://stackdeck/index.html?view=logs']) {
      expect(navigate(url), url).toBe(false);
    }
    const webview = fake.event();
    window.webContents.emit('will-attach-webview', webview, {}, { src: 'https://evil.example/' });
    expect(webview.defaultPrevented).toBe(true);
  });

  it('answers the request channel from the window through the real engine, and refuses other senders', async () => {
    const window = await launchWindow();
    const state = await stackState(window);
    expect(state.root).toBe(root);
    expect(state.services.map((service) => [service.name, service.state])).toEqual([['svc', 'stopped']]);

    const refused = await requestHandler()({ sender: { id: window.webContents.id + 100 }, senderFrame: { url: APP_URL } }, { id: 'x1', kind: 'query', body: { type: 'stackState' } });
    expect(refused).toEqual({ id: 'x1', ok: false, error: { code: 'invalid_request', message: 'refused: the request did not come from the Stackdeck window' } });
    const foreign = await requestHandler()({ sender: { id: window.webContents.id }, senderFrame: { url: 'https://evil.example/' } }, { id: 'x2', kind: 'command', body: { type: 'start' } });
    expect(foreign.ok).toBe(false);
    expect((await stackState(window)).services[0]?.state).toBe('stopped');
  });

  it('starts the stack from the menu, sends its events to the window, and quitting stops it, closes the engine and exits', async () => {
    const window = await launchWindow();
    menuItem('Start all').click?.();
    await waitFor(() => window.webContents.sent.some((message) => message.channel === EVENT_CHANNEL && (message.payload as { type?: string }).type === 'serviceState'), 'a serviceState event in the window', TIMEOUT);
    let pid: number | null = null;
    const deadline = Date.now() + TIMEOUT;
    while (pid === null && Date.now() < deadline) {
      pid = (await stackState(window)).services[0]?.pid ?? null;
      if (pid === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (pid === null) throw new Error('svc never got a pid');
    expect(isAlive(pid)).toBe(true);
    expect(window.webContents.sent.every((message) => message.channel === EVENT_CHANNEL)).toBe(true);

    const quit = fake.event();
    fake.state.app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    // While the engine closes, a crashed page is not brought back.
    window.webContents.emit('render-process-gone', fake.event(), { reason: 'crashed', exitCode: 1 });
    expect(window.webContents.reloads).toBe(0);

    await waitFor(() => fake.state.exits.length > 0, 'app.exit after the engine closed', TIMEOUT);
    expect(fake.state.exits).toEqual([0]);
    await waitFor(() => !isAlive(pid), `the service (pid ${pid}) to be gone`, 5_000);
  }, 3 * TIMEOUT);

  it('shows a service crash as one desktop notification, and a click on it brings the window back', async () => {
    useStack({ 'stackdeck.json': JSON.stringify({ services: { svc: { command: ['node', '-e', 'process.exit(3)'], envDir: 'svc', restart: { policy: 'never' } } } }), 'svc/.env': '' });
    const window = await launchWindow();
    window.minimized = true;
    menuItem('Start all').click?.();
    await waitFor(() => fake.state.notifications.length > 0, 'a desktop notification', TIMEOUT);
    const [shown] = fake.state.notifications;
    expect(shown?.options.title).toBe('Stackdeck: svc crashed');
    expect(shown?.options.body).toMatch(/^svc: /);
    shown?.emit('click');
    expect([window.restored, window.shown, window.focused]).toEqual([1, true, 1]);
    // Grouped: the crash is told once, however many status updates carry it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fake.state.notifications).toHaveLength(1);
  }, 3 * TIMEOUT);

  it('opens another stack from the menu through the native folder dialog, and the window hears it', async () => {
    const window = await launchWindow();
    const second = makeTempDir({ 'stackdeck.json': JSON.stringify({ services: { other: STACK.services.svc } }), 'svc/.env': '' });
    cleanups.push(second.cleanup);
    fake.state.dialogAnswer = { canceled: false, filePaths: [second.dir] };
    menuItem('Open stack…').click?.();
    await waitFor(() => window.webContents.sent.some((message) => (message.payload as { type?: string }).type === 'stackOpened'), 'a stackOpened event in the window', TIMEOUT);
    expect(fake.state.dialogs).toEqual([expect.objectContaining({ properties: ['openDirectory'], defaultPath: root })]);
    const state = await stackState(window);
    expect(state.root).toBe(second.dir);
    expect(state.services.map((service) => service.name)).toEqual(['other']);

    // The page's own "Choose folder…" goes through the pick-folder channel, from our window only.
    const pick = fake.state.ipc.get(PICK_FOLDER_CHANNEL);
    if (!pick) throw new Error(`no handler on ${PICK_FOLDER_CHANNEL}`);
    fake.state.dialogAnswer = { canceled: true, filePaths: [] };
    await expect(pick({ sender: { id: window.webContents.id }, senderFrame: { url: APP_URL } })).resolves.toEqual({ root: null });
    fake.state.dialogAnswer = { canceled: false, filePaths: [root] };
    await expect(pick({ sender: { id: window.webContents.id }, senderFrame: { url: APP_URL } })).resolves.toEqual({ root });
    await expect(pick({ sender: { id: window.webContents.id + 1 }, senderFrame: { url: APP_URL } })).resolves.toEqual({ root: null });
    expect(fake.state.dialogs).toHaveLength(3);
  }, 3 * TIMEOUT);

  it('shows a folder without a stackdeck.json as an alert in the window, keeping the open stack', async () => {
    const window = await launchWindow();
    const empty = makeTempDir({ 'README.md': 'no stack' });
    cleanups.push(empty.cleanup);
    fake.state.dialogAnswer = { canceled: false, filePaths: [empty.dir] };
    menuItem('Open stack…').click?.();
    await waitFor(() => window.webContents.sent.some((message) => (message.payload as { type?: string }).type === 'engineError'), 'an engineError event in the window', TIMEOUT);
    const alert = window.webContents.sent.find((message) => (message.payload as { type?: string }).type === 'engineError')?.payload as { message: string };
    expect(alert.message).toMatch(new RegExp(`^no stackdeck.json in ${empty.dir}: run \`stackdeck init\``));
    expect((await stackState(window)).root).toBe(root);
  });

  it('quits when the last window closes, closing the engine first', async () => {
    await launchWindow();
    fake.state.app.emit('window-all-closed');
    expect(fake.state.quits).toBe(1);
    await waitFor(() => fake.state.exits.length > 0, 'app.exit', TIMEOUT);
    expect(fake.state.exits).toEqual([0]);
  });

  it('holds back only the first quit: a second one while the engine closes goes through, and the engine closes once', async () => {
    await launchWindow();
    const first = fake.event();
    fake.state.app.emit('before-quit', first);
    const second = fake.event();
    fake.state.app.emit('before-quit', second);
    expect(first.defaultPrevented).toBe(true);
    expect(second.defaultPrevented).toBe(false);
    await waitFor(() => fake.state.exits.length > 0, 'app.exit', TIMEOUT);
    expect(fake.state.exits).toEqual([0]);
  });

  it('remembers where the window was and opens it there next time', async () => {
    const window = await launchWindow();
    window.normalBounds = { x: 120, y: 80, width: 1111, height: 777 };
    window.maximized = true;
    window.emit('resize');
    const stateFile = join(root, '.stackdeck', 'window-state.json');
    // Saved once the window has been still for a moment (debounced), so wait for it.
    const saved = () => { try { return readFileSync(stateFile, 'utf8'); } catch { return ''; } };
    await waitFor(() => saved().includes('"x":120'), 'the first save', TIMEOUT);
    expect(JSON.parse(saved())).toEqual({ x: 120, y: 80, width: 1111, height: 777, maximized: true });
    window.normalBounds = { x: 130, y: 90, width: 1111, height: 777 };
    window.maximized = false;
    window.emit('move');
    await waitFor(() => saved().includes('"x":130'), 'the second save', TIMEOUT);
    expect(JSON.parse(saved())).toEqual({ x: 130, y: 90, width: 1111, height: 777, maximized: false });

    fake.state.app.emit('before-quit', fake.event());
    await waitFor(() => fake.state.exits.length > 0, 'the first launch to exit', TIMEOUT);

    fake.reset();
    const again = await launchWindow();
    expect(again.options).toMatchObject({ x: 130, y: 90, width: 1111, height: 777 });
    expect(again.maximized).toBe(false);
  }, 3 * TIMEOUT);

  it('opens maximized when it was closed maximized', async () => {
    useStack({ 'stackdeck.json': JSON.stringify(STACK), 'svc/.env': '', '.stackdeck/window-state.json': JSON.stringify({ width: 1000, height: 700, maximized: true }) });
    const window = await launchWindow();
    expect(window.options).toMatchObject({ width: 1000, height: 700 });
    expect(window.maximized).toBe(true);
  });

  it('reloads a crashed page and says so in the log', async () => {
    const window = await launchWindow();
    window.webContents.emit('render-process-gone', fake.event(), { reason: 'oom', exitCode: 9 });
    expect(window.webContents.reloads).toBe(1);
    expect(errors.some((args) => String(args[0]).includes('the dashboard page crashed') && String(args[1]).includes('oom'))).toBe(true);
  });

  it('brings the existing window forward when the app is started again', async () => {
    const window = await launchWindow();
    window.minimized = true;
    fake.state.app.emit('second-instance', fake.event(), ['electron', '.'], root);
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);
    fake.state.app.emit('second-instance', fake.event(), ['electron', '.'], root);
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(2);
  });

  it('has menu items that press the dashboard\'s Alt+N keys and reload the page', async () => {
    const window = await launchWindow();
    menuItem('Configuration').click?.();
    menuItem('Agents').click?.();
    expect(window.webContents.inputEvents).toEqual([
      { type: 'keyDown', keyCode: '3', modifiers: ['alt'] },
      { type: 'keyDown', keyCode: '4', modifiers: ['alt'] },
    ]);
    menuItem('Reload window').click?.();
    expect(window.webContents.reloads).toBe(1);
    menuItem('Quit').click?.();
    expect(fake.state.quits).toBe(1);
    await waitFor(() => fake.state.exits.length > 0, 'app.exit after Quit', TIMEOUT);
  });

  it('quits at once as a second instance: no engine, no window, no handlers', async () => {
    fake.state.lock = false;
    await launch();
    expect(fake.state.quits).toBe(1);
    expect(fake.state.readyCalls).toBe(0);
    expect(fake.state.windows).toEqual([]);
    expect(fake.state.ipc.size).toBe(0);
    expect(fake.state.app.handlers.size).toBe(0);
    expect(fake.state.exits).toEqual([]);
  });

  it('exits with 1 and says why when the engine cannot start (no stackdeck.json)', async () => {
    useStack({ 'README.md': 'not a stack' });
    await launch();
    await waitFor(() => fake.state.exits.length > 0, 'app.exit', TIMEOUT);
    expect(fake.state.exits).toEqual([1]);
    expect(fake.state.windows).toEqual([]);
    expect(fake.state.ipc.size).toBe(0);
    expect(errors.some((args) => String(args[0]).includes('could not start') && String(args[1]).includes('stackdeck.json'))).toBe(true);
  });
});
