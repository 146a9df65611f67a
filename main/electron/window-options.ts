import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

// Where and how big the window opens (its security settings are written out where it is created, in main.ts,
// so that static checkers such as electronegativity can read them).
export function windowGeometry(bounds: WindowBounds): BrowserWindowConstructorOptions {
  return {
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: 720,
    minHeight: 480,
    title: 'Stackdeck',
    show: false,
    backgroundColor: '#111418',
  };
}
