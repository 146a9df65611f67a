import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  // The native folder dialog, then the chosen folder opened in place of the current stack.
  openStack: () => void;
  startAll: () => void;
  stopAll: () => void;
  restartAll: () => void;
  showView: (view: 'services' | 'logs' | 'configuration' | 'agents') => void;
  reload: () => void;
  quit: () => void;
}

// The native menu with the main actions; the same shortcuts as the dashboard's own.
export function menuTemplate(actions: MenuActions, isMac: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Stack',
      submenu: [
        { label: 'Open stack…', accelerator: 'CmdOrCtrl+O', click: actions.openStack },
        { type: 'separator' },
        // Shown, not registered: a native Shift+S would fire while typing a capital S in a field (electron#21815);
        // the page handles these keys itself, outside text fields.
        { label: 'Start all', accelerator: 'Shift+S', registerAccelerator: false, click: actions.startAll },
        { label: 'Stop all', accelerator: 'Shift+X', registerAccelerator: false, click: actions.stopAll },
        { label: 'Restart all', click: actions.restartAll },
        { type: 'separator' },
        { label: 'Quit', accelerator: isMac ? 'Cmd+Q' : 'Ctrl+Q', click: actions.quit },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Services', accelerator: 'Alt+1', click: () => actions.showView('services') },
        { label: 'Logs', accelerator: 'Alt+2', click: () => actions.showView('logs') },
        { label: 'Configuration', accelerator: 'Alt+3', click: () => actions.showView('configuration') },
        { label: 'Agents', accelerator: 'Alt+4', click: () => actions.showView('agents') },
        { type: 'separator' },
        { label: 'Reload window', accelerator: 'CmdOrCtrl+R', click: actions.reload },
        { role: 'togglefullscreen' },
      ],
    },
  ];
}
