import { VIEWS, type ViewId } from './views.ts';

export interface ShortcutHandlers {
  showView(view: ViewId): void;
  startAll(): void;
  stopAll(): void;
  restartAll(): void;
  toggleHelp(): void;
  focusSearch(): void;
}

// What the help popover lists: the same table the key handler reads.
export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  ...VIEWS.map((view, index) => ({ keys: `Alt+${index + 1}`, action: `Show ${view.label}` })),
  { keys: 'Shift+S', action: 'Start all services' },
  { keys: 'Shift+X', action: 'Stop all services' },
  { keys: 'Shift+R', action: 'Restart all services' },
  { keys: '/', action: 'Search in this view' },
  { keys: '?', action: 'Show or hide these shortcuts' },
  { keys: 'Esc', action: 'Close this list' },
];

// Why: a key press is matched in one place; typing in a field never triggers a single-key shortcut.
export function handleShortcut(event: KeyboardEvent, handlers: ShortcutHandlers): boolean {
  if (event.ctrlKey || event.metaKey) return false;
  if (event.altKey && !event.shiftKey) {
    // event.code: Alt+1 types '¡' on a Mac keyboard, but the key is still Digit1.
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
    const view = digit ? VIEWS[Number(digit) - 1] : undefined;
    if (!view) return false;
    handlers.showView(view.id);
    return true;
  }
  if (event.altKey || isTyping(event.target)) return false;
  const key = event.key;
  if (event.shiftKey && (key === 'S' || key === 's')) handlers.startAll();
  else if (event.shiftKey && (key === 'X' || key === 'x')) handlers.stopAll();
  else if (event.shiftKey && (key === 'R' || key === 'r')) handlers.restartAll();
  else if (key === '?') handlers.toggleHelp();
  else if (key === '/' && !event.shiftKey) handlers.focusSearch();
  else return false;
  return true;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  // xterm's hidden textarea counts too: the terminal is read-only here, but its keys are the terminal's.
  return target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}
