import { describe, expect, it } from 'vitest';
import { windowGeometry } from './window-options.ts';
import { DEFAULT_BOUNDS } from './window-state.ts';

describe('windowGeometry', () => {
  it('opens at the remembered size and place, hidden until the first paint, with a minimum size', () => {
    expect(windowGeometry({ x: 40, y: 60, width: 1400, height: 900 })).toEqual({
      x: 40, y: 60, width: 1400, height: 900, minWidth: 720, minHeight: 480, title: 'Stackdeck', show: false, backgroundColor: '#111418',
    });
  });

  it('leaves the position to the window manager unless both coordinates are known', () => {
    for (const bounds of [DEFAULT_BOUNDS, { x: 10, width: 1000, height: 700 }, { y: 10, width: 1000, height: 700 }]) {
      const options = windowGeometry(bounds);
      expect(options, JSON.stringify(bounds)).not.toHaveProperty('x');
      expect(options, JSON.stringify(bounds)).not.toHaveProperty('y');
    }
    expect(windowGeometry({ x: 0, y: 0, width: 800, height: 600 })).toMatchObject({ x: 0, y: 0 });
    expect(windowGeometry({ x: -1920, y: 0, width: 800, height: 600 })).toMatchObject({ x: -1920, y: 0 });
  });

  it('says nothing about security: those settings are written out in main.ts, so no spread can override them', () => {
    const options = windowGeometry({ width: 1000, height: 700, maximized: true });
    expect(options).not.toHaveProperty('webPreferences');
    expect(options).not.toHaveProperty('maximized');
    expect(Object.keys(options).sort()).toEqual(['backgroundColor', 'height', 'minHeight', 'minWidth', 'show', 'title', 'width']);
  });

  it('keeps the default size above the minimum size', () => {
    const options = windowGeometry(DEFAULT_BOUNDS);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
  });
});
