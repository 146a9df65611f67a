// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { handleShortcut, SHORTCUTS, type ShortcutHandlers } from './shortcuts.ts';

function recorder() {
  const calls: string[] = [];
  const handlers: ShortcutHandlers = {
    showView: (view) => calls.push(`view:${view}`),
    startAll: () => calls.push('start'),
    stopAll: () => calls.push('stop'),
    restartAll: () => calls.push('restart'),
    toggleHelp: () => calls.push('help'),
    focusSearch: () => calls.push('search'),
  };
  return { calls, handlers };
}

const press = (init: KeyboardEventInit, target: EventTarget = document.body) => {
  const event = new KeyboardEvent('keydown', init);
  Object.defineProperty(event, 'target', { value: target });
  return event;
};

describe('handleShortcut', () => {
  it('maps Alt+digit (by key code, as on a Mac) and Shift+letters to actions', () => {
    const { calls, handlers } = recorder();
    expect(handleShortcut(press({ key: '™', code: 'Digit2', altKey: true }), handlers)).toBe(true);
    handleShortcut(press({ key: 'S', shiftKey: true }), handlers);
    handleShortcut(press({ key: 'X', shiftKey: true }), handlers);
    handleShortcut(press({ key: 'R', shiftKey: true }), handlers);
    handleShortcut(press({ key: '?', shiftKey: true }), handlers);
    handleShortcut(press({ key: '/' }), handlers);
    expect(calls).toEqual(['view:logs', 'start', 'stop', 'restart', 'help', 'search']);
  });

  it('leaves typing alone, and key combinations it does not own', () => {
    const { calls, handlers } = recorder();
    const input = document.createElement('input');
    expect(handleShortcut(press({ key: 'S', shiftKey: true }, input), handlers)).toBe(false);
    expect(handleShortcut(press({ key: 's', ctrlKey: true, shiftKey: true }), handlers)).toBe(false);
    expect(handleShortcut(press({ key: '9', code: 'Digit9', altKey: true }), handlers)).toBe(false);
    expect(handleShortcut(press({ key: 's' }), handlers)).toBe(false);
    // Alt+digit works even from a field: it never types anything there.
    expect(handleShortcut(press({ key: '1', code: 'Digit1', altKey: true }, input), handlers)).toBe(true);
    expect(calls).toEqual(['view:services']);
  });

  it('lists every shortcut it handles', () => {
    expect(SHORTCUTS.map((shortcut) => shortcut.keys)).toEqual(['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Shift+S', 'Shift+X', 'Shift+R', '/', '?', 'Esc']);
  });
});
