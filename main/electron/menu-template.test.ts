import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuActions } from './menu-template.ts';

function recordingActions() {
  const actions = {
    openStack: vi.fn(), startAll: vi.fn(), stopAll: vi.fn(), restartAll: vi.fn(), showView: vi.fn(), reload: vi.fn(), quit: vi.fn(),
  } satisfies MenuActions;
  return actions;
}

function submenuOf(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label);
  if (!menu || !Array.isArray(menu.submenu)) throw new Error(`no ${label} menu with items`);
  return menu.submenu;
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((candidate) => candidate.label === label);
  if (!found) throw new Error(`no menu item ${label}`);
  return found;
}

// Electron calls click(menuItem, window, event); the handlers here ignore their arguments.
function click(entry: MenuItemConstructorOptions): void {
  if (!entry.click) throw new Error(`${entry.label ?? 'the item'} has no click handler`);
  (entry.click as () => void)();
}

describe('menuTemplate', () => {
  it('binds the dashboard\'s own shortcuts: Shift+S, Shift+X, Alt+1..4', () => {
    const template = menuTemplate(recordingActions(), false);
    const stack = submenuOf(template, 'Stack');
    expect(item(stack, 'Start all').accelerator).toBe('Shift+S');
    expect(item(stack, 'Stop all').accelerator).toBe('Shift+X');
    const view = submenuOf(template, 'View');
    expect(['Services', 'Logs', 'Configuration', 'Agents'].map((label) => item(view, label).accelerator)).toEqual(['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4']);
    expect(item(view, 'Reload window').accelerator).toBe('CmdOrCtrl+R');
  });

  it('calls the matching action from every click handler, and only that one', () => {
    const actions = recordingActions();
    const template = menuTemplate(actions, false);
    const stack = submenuOf(template, 'Stack');
    const view = submenuOf(template, 'View');

    click(item(stack, 'Open stack…'));
    expect(actions.openStack).toHaveBeenCalledTimes(1);
    expect(item(stack, 'Open stack…').accelerator).toBe('CmdOrCtrl+O');
    click(item(stack, 'Start all'));
    expect(actions.startAll).toHaveBeenCalledTimes(1);
    click(item(stack, 'Stop all'));
    expect(actions.stopAll).toHaveBeenCalledTimes(1);
    click(item(stack, 'Restart all'));
    expect(actions.restartAll).toHaveBeenCalledTimes(1);
    click(item(view, 'Reload window'));
    expect(actions.reload).toHaveBeenCalledTimes(1);
    click(item(stack, 'Quit'));
    expect(actions.quit).toHaveBeenCalledTimes(1);

    for (const [label, id] of [['Services', 'services'], ['Logs', 'logs'], ['Configuration', 'configuration'], ['Agents', 'agents']] as const) {
      click(item(view, label));
      expect(actions.showView).toHaveBeenLastCalledWith(id);
    }
    expect(actions.showView).toHaveBeenCalledTimes(4);
    for (const action of [actions.openStack, actions.startAll, actions.stopAll, actions.restartAll, actions.reload, actions.quit]) expect(action).toHaveBeenCalledTimes(1);
  });

  it('has no accelerator twice', () => {
    for (const isMac of [false, true]) {
      const accelerators = menuTemplate(recordingActions(), isMac)
        .flatMap((entry) => (Array.isArray(entry.submenu) ? entry.submenu : []))
        .map((entry) => entry.accelerator)
        .filter((accelerator): accelerator is string => typeof accelerator === 'string');
      expect(new Set(accelerators).size, accelerators.join(' ')).toBe(accelerators.length);
    }
  });

  it('follows each platform: the app menu and Cmd+Q on macOS, Ctrl+Q elsewhere', () => {
    const mac = menuTemplate(recordingActions(), true);
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(item(submenuOf(mac, 'Stack'), 'Quit').accelerator).toBe('Cmd+Q');

    const linux = menuTemplate(recordingActions(), false);
    expect(linux.some((entry) => entry.role === 'appMenu')).toBe(false);
    expect(linux[0]?.label).toBe('Stack');
    expect(item(submenuOf(linux, 'Stack'), 'Quit').accelerator).toBe('Ctrl+Q');
    expect(linux.map((entry) => entry.label ?? entry.role)).toEqual(['Stack', 'editMenu', 'View']);
  });

  // Regression: a native Shift+S/Shift+X fired while typing in a field (electron#21815); the page handles them.
  it('does not register single-letter accelerators that would fire while typing in a field', () => {
    const stack = submenuOf(menuTemplate(recordingActions(), false), 'Stack');
    for (const label of ['Start all', 'Stop all']) {
      const entry = item(stack, label);
      expect(entry.registerAccelerator, label).toBe(false);
    }
  });

  it('keeps the standard edit menu, so copy and paste work in the page\'s fields', () => {
    expect(menuTemplate(recordingActions(), false)).toContainEqual({ role: 'editMenu' });
  });
});
