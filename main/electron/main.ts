// The Electron shell: one window over the same engine as browser mode, hardened per the Electron security checklist.
import { BrowserWindow, Menu, Notification, app, dialog, ipcMain, protocol, session, shell } from 'electron';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profileNamed } from '../../shared/config/profile.ts';
import type { EngineCommand } from '../../shared/api/engine-contract.ts';
import { RECENT_STACKS_FILE } from '../session/recent-stacks-store.ts';
import { startStackSession } from '../session/start-stack-session.ts';
import type { StackSession } from '../session/stack-session.ts';
import { userConfigDir } from '../session/user-config-dir.ts';
import { notFound, serveRendererFile } from './app-protocol.ts';
import { EVENT_CHANNEL, PICK_FOLDER_CHANNEL, REQUEST_CHANNEL } from './bridge-contract.ts';
import { createPickFolderHandler, createRequestHandler, forwardEvents } from './ipc-bridge.ts';
import { menuTemplate } from './menu-template.ts';
import { notifyFromSession } from './os-notifications.ts';
import { APP_HOST, APP_SCHEME, APP_URL, CONTENT_SECURITY_POLICY, isAllowedExternalUrl, isAppUrl } from './navigation-policy.ts';
import { windowGeometry } from './window-options.ts';
import { loadWindowBounds, saveWindowBounds } from './window-state.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(process.env.STACKDECK_ROOT ?? process.cwd());
const STATE_DIR = join(ROOT, '.stackdeck');
// The dashboard ships with the app (dist/renderer next to dist/electron), whatever stack it runs.
const RENDERER_DIR = resolve(process.env.STACKDECK_RENDERER_DIR ?? join(HERE, '..', 'renderer'));
const QUIT_BOUND_MS = 15_000;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let engine: StackSession | undefined;
  let window: BrowserWindow | undefined;
  let quitting = false;
  const log = (message: string, error: unknown) => console.error(`stackdeck: ${message}:`, error);

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Reviewed for electronegativity: the URL passed isAllowedExternalUrl (http(s) only, no credentials, parsed with URL).
      if (isAllowedExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return { action: 'deny' };
    });
  });

  const createWindow = () => {
    const boundsFile = join(STATE_DIR, 'window-state.json');
    const bounds = loadWindowBounds(boundsFile);
    window = new BrowserWindow({
      ...windowGeometry(bounds),
      // The Electron security checklist: isolation, sandbox, no Node in the page, no remote content, no middle-click windows.
      webPreferences: {
        // Reviewed for electronegativity: the preload exposes one object (request, onEvent) on two IPC channels; the
        // main process checks each sender frame and validates every payload with zod (ipc-bridge.ts).
        preload: join(HERE, 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        disableBlinkFeatures: 'Auxclick',
        spellcheck: false,
        safeDialogs: true,
      },
    });
    if (bounds.maximized) window.maximize();
    window.once('ready-to-show', () => window?.show());
    // Saved once the window has been still for a moment, not on every pixel of a drag.
    let saveTimer: NodeJS.Timeout | undefined;
    const save = () => {
      clearTimeout(saveTimer);
      if (window && !window.isDestroyed()) saveWindowBounds(boundsFile, { ...window.getNormalBounds(), maximized: window.isMaximized() });
    };
    const remember = () => {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(save, 500);
    };
    window.on('resize', remember);
    window.on('move', remember);
    window.on('close', save);
    // A crashed or reloaded page never touches the services: the engine lives here, the page just reconnects.
    // A page that keeps crashing is reloaded at most three times a minute, never in a loop.
    const crashes: number[] = [];
    window.webContents.on('render-process-gone', (_event, details) => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && (crashes[0] ?? now) < now - 60_000) crashes.shift();
      const reload = !quitting && crashes.length <= 3;
      log(reload ? 'the dashboard page crashed; reloading it' : 'the dashboard page keeps crashing; not reloading it again (the services keep running; restart Stackdeck)', new Error(details.reason));
      if (reload) window?.webContents.reload();
    });
    void window.loadURL(APP_URL);
  };

  // Windows shows an app's notifications only under its AppUserModelID (electron-builder.yml's appId).
  if (process.platform === 'win32') app.setAppUserModelId('dev.stackdeck.app');

  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    // The app:// handler sends the CSP already; this puts it on every response the session sees, whatever serves it.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    protocol.handle(APP_SCHEME, (request) => (new URL(request.url).host === APP_HOST ? serveRendererFile(RENDERER_DIR, request.url) : notFound()));

    const profile = profileNamed(process.env.ENVIRONMENT ?? 'development') ?? 'development';
    // One session for the app's life; "Open stack" swaps the engine inside it. Every stack keeps its state in its own root.
    const opened = await startStackSession({
      root: ROOT,
      engineOptions: (root) => ({ root, profile, stateDir: join(root, '.stackdeck'), parentEnv: process.env }),
      recentStacksFile: join(userConfigDir(process.env, process.platform, homedir()), RECENT_STACKS_FILE),
      log,
    });
    engine = opened;
    const sendEvent = (event: Parameters<Parameters<StackSession['subscribe']>[0]>[0]) => {
      if (!window || window.isDestroyed() || window.webContents.isLoading()) return false;
      window.webContents.send(EVENT_CHANNEL, event);
      return true;
    };
    const showFolderDialog = async (): Promise<string | null> => {
      const options = { title: 'Open stack', buttonLabel: 'Open stack', defaultPath: opened.current.root, properties: ['openDirectory' as const] };
      const chosen = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return chosen.canceled ? null : chosen.filePaths[0] ?? null;
    };
    ipcMain.handle(REQUEST_CHANNEL, createRequestHandler(opened, () => window?.webContents.id, log));
    ipcMain.handle(PICK_FOLDER_CHANNEL, createPickFolderHandler(() => window?.webContents.id, showFolderDialog, log));
    forwardEvents(opened, sendEvent);
    // Agent deaths, crashes and configuration regressions as desktop notifications, grouped per 10 s; a click shows the window.
    notifyFromSession(opened, Notification, () => {
      if (window?.isMinimized()) window.restore();
      window?.show();
      window?.focus();
    });
    // A menu command has no page waiting for its answer: a refusal (a folder without a stackdeck.json) is shown as an alert.
    const run = (command: EngineCommand) => void opened.command(command).catch((error: unknown) => {
      if (!sendEvent({ type: 'engineError', message: error instanceof Error ? error.message : String(error) })) log('command failed', error);
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
      openStack: () => {
        void showFolderDialog().then((root) => {
          if (root !== null) run({ type: 'openStack', root });
        }, (error: unknown) => log('the folder dialog failed', error));
      },
      startAll: () => run({ type: 'start' }),
      stopAll: () => run({ type: 'stop' }),
      restartAll: () => run({ type: 'restart' }),
      // The dashboard already knows Alt+1..4; the menu presses them for the user.
      showView: (view) => window?.webContents.sendInputEvent({ type: 'keyDown', keyCode: String(['services', 'logs', 'configuration', 'agents'].indexOf(view) + 1), modifiers: ['alt'] }),
      reload: () => window?.webContents.reload(),
      quit: () => app.quit(),
    }, process.platform === 'darwin')));
    createWindow();
  }).catch((error: unknown) => {
    log('could not start', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());

  // Quitting stops the stack gracefully, within a bound, and leaves no process behind.
  app.on('before-quit', (event) => {
    if (quitting || !engine) return;
    event.preventDefault();
    quitting = true;
    const bound = setTimeout(() => app.exit(0), QUIT_BOUND_MS);
    void engine.close().finally(() => {
      clearTimeout(bound);
      app.exit(0);
    });
  });
}
