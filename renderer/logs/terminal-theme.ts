import type { ITheme } from '@xterm/xterm';

// ANSI palettes tuned for contrast on each background (yellow on white is unreadable with the default palette).
const LIGHT: ITheme = {
  background: '#fbfcfd', foreground: '#1f2328', cursor: '#fbfcfd', cursorAccent: '#fbfcfd',
  selectionBackground: '#b6d3ff', selectionForeground: '#1f2328',
  black: '#24292f', red: '#c4232e', green: '#116329', yellow: '#7d4e00', blue: '#0550ae', magenta: '#8250df', cyan: '#1b6f76', white: '#57606a',
  brightBlack: '#57606a', brightRed: '#a40e26', brightGreen: '#1a7f37', brightYellow: '#633c01', brightBlue: '#0969da', brightMagenta: '#6e40c9', brightCyan: '#1b7c83', brightWhite: '#6e7781',
};

const DARK: ITheme = {
  background: '#0d1117', foreground: '#d1d9e0', cursor: '#0d1117', cursorAccent: '#0d1117',
  selectionBackground: '#264f78', selectionForeground: '#ffffff',
  black: '#484f58', red: '#ff7b72', green: '#7ee787', yellow: '#e3b341', blue: '#79c0ff', magenta: '#d2a8ff', cyan: '#56d4dd', white: '#b1bac4',
  brightBlack: '#8b949e', brightRed: '#ffa198', brightGreen: '#a5f0b0', brightYellow: '#f2cc60', brightBlue: '#a5d6ff', brightMagenta: '#e2c5ff', brightCyan: '#7ce3ea', brightWhite: '#ffffff',
};

// Why: the terminal follows the OS theme like the rest of the page.
export function terminalTheme(dark: boolean): ITheme {
  return dark ? DARK : LIGHT;
}

// Why: search matches must stand out on either background.
export function searchDecorations(dark: boolean) {
  return dark
    ? { matchBackground: '#5a4a1a', matchOverviewRuler: '#e3b341', activeMatchBackground: '#b8860b', activeMatchColorOverviewRuler: '#ffd33d' }
    : { matchBackground: '#fff1a8', matchOverviewRuler: '#d4a72c', activeMatchBackground: '#ffc83d', activeMatchColorOverviewRuler: '#bf8700' };
}
