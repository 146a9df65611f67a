import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder.yml, at the repository root, read as electron-builder reads it.
const ROOT = join(import.meta.dirname, '..', '..');
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  appId?: string;
  productName?: string;
  asar?: boolean;
  asarUnpack?: string | string[];
  files?: string[];
  directories?: { output?: string; buildResources?: string };
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; icon?: string; maintainer?: string };
  mac?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
};
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };

// What electron-builder packs: a file is in when a positive pattern matches it and no later '!' pattern excludes it.
function packed(path: string, patterns: readonly string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesGlob(path, pattern.slice(1))) included = false;
    } else if (matchesGlob(path, pattern)) {
      included = true;
    }
  }
  return included;
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex'), `${file} has the PNG signature`).toBe('89504e470d0a1a0a');
  // The first chunk is IHDR: length (4), type (4), then width and height as big-endian 32-bit integers.
  expect(bytes.subarray(12, 16).toString('latin1'), `${file} starts with IHDR`).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('is a valid configuration for the installed electron-builder (its own schema and checks)', async () => {
    const require = createRequire(join(ROOT, 'package.json'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration: (config: unknown, logger: unknown) => Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    // The validation is real: a misspelt fuse is refused.
    await expect(validateConfiguration({ ...structuredClone(config), electronFuses: { runAsnode: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('names the app', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/);
    expect(config.appId).toBe('dev.stackdeck.app');
    expect(config.productName).toBe('Stackdeck');
  });

  it('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows', () => {
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux?.maintainer).toMatch(/<[^>@\s]+@[^>\s]+>/);
    expect(config.mac?.target).toEqual(expect.arrayContaining(['dmg']));
    expect(config.win?.target).toEqual(expect.arrayContaining(['nsis']));
  });

  it('packs the app into an asar', () => {
    expect(config.asar).toBe(true);
  });

  it('sets the fuses: no Node mode, no NODE_OPTIONS, asar only, but inspect arguments on for Playwright', () => {
    const fuses = config.electronFuses ?? {};
    expect(fuses.runAsNode).toBe(false);
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    // Playwright's _electron.launch passes --inspect=0 to the main process: with this fuse off it cannot attach.
    expect(fuses.enableNodeCliInspectArguments).toBe(true);
    expect(fuses.onlyLoadAppFromAsar).toBe(true);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses.enableCookieEncryption).toBe(true);
    expect(fuses.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('packs package.json\'s main, the preload and keeper next to it, and the built dashboard', () => {
    const files = config.files ?? [];
    expect(packageJson.main).toBe('dist/electron/main.mjs');
    for (const path of [packageJson.main, 'dist/electron/preload.cjs', 'dist/electron/keeper.ts', 'dist/renderer/index.html', 'dist/renderer/assets/index-3f2a.js', 'package.json']) {
      expect(packed(path, files), path).toBe(true);
    }
  });

  it('packs no sources, tests, state or secrets', () => {
    const files = config.files ?? [];
    for (const path of ['main/electron/main.ts', 'main/electron/main.test.ts', 'dist/electron/main.test.ts', 'renderer/main.tsx', '.stackdeck/window-state.json', 'services/auth/.env', 'node_modules/.bin/node', 'electron-builder.yml']) {
      expect(packed(path, files), path).toBe(false);
    }
  });

  it('has an icon for every platform: an existing PNG of at least 512x512', () => {
    const icons = new Set([config.linux?.icon, config.mac?.icon, config.win?.icon]);
    expect(icons.has(undefined)).toBe(false);
    for (const icon of icons) {
      const file = join(ROOT, icon ?? '');
      expect(existsSync(file), file).toBe(true);
      const { width, height } = pngSize(file);
      expect(width, icon).toBeGreaterThanOrEqual(512);
      expect(height, icon).toBeGreaterThanOrEqual(512);
      expect(width, `${icon} is square`).toBe(height);
    }
  });

  it('keeps the installers out of the packed folders', () => {
    const output = config.directories?.output ?? 'dist';
    expect(packed(`${output}/Stackdeck-0.1.0.AppImage`, config.files ?? [])).toBe(false);
  });

  // Regression: packed in app.asar, keeper.ts was unreadable for the outside Node that runs it.
  it('unpacks keeper.ts from the asar, since an external Node runs it', () => {
    const unpack = config.asarUnpack === undefined ? [] : [config.asarUnpack].flat();
    expect(unpack.some((pattern) => matchesGlob('dist/electron/keeper.ts', pattern))).toBe(true);
  });
});
