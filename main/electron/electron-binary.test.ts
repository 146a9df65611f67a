import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { electronBinary, fetchElectronBinary } from './electron-binary.ts';

const cleanups: (() => void)[] = [];
// A project root with a fake node_modules/electron holding the given files.
function fakeRoot(electronFiles: Record<string, string> = {}): string {
  const { dir, cleanup } = makeTempDir(Object.fromEntries(Object.entries(electronFiles).map(([path, content]) => [join('node_modules', 'electron', path), content])));
  cleanups.push(cleanup);
  return dir;
}

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

// An installer as the electron package has one: a CommonJS script run by Node in the package folder's project.
const installer = (body: string) => `'use strict';\nconst fs = require('node:fs');\nconst path = require('node:path');\n${body}\n`;

describe('electronBinary', () => {
  it('is undefined without the electron package', () => {
    expect(electronBinary(fakeRoot())).toBeUndefined();
  });

  it('is undefined when the package never fetched its binary (no path.txt)', () => {
    expect(electronBinary(fakeRoot({ 'package.json': '{"name":"electron"}', 'index.js': '' }))).toBeUndefined();
  });

  it('is undefined when path.txt names a binary that is not there', () => {
    expect(electronBinary(fakeRoot({ 'path.txt': 'electron', 'dist/other': '' }))).toBeUndefined();
  });

  it('is the binary path.txt names inside dist, whitespace trimmed', () => {
    const root = fakeRoot({ 'path.txt': 'electron\n', 'dist/electron': '#!/bin/sh\n' });
    expect(electronBinary(root)).toBe(join(root, 'node_modules', 'electron', 'dist', 'electron'));
  });

  it('follows a nested path such as the macOS bundle', () => {
    const root = fakeRoot({ 'path.txt': 'Electron.app/Contents/MacOS/Electron', 'dist/Electron.app/Contents/MacOS/Electron': '' });
    expect(electronBinary(root)).toBe(join(root, 'node_modules', 'electron', 'dist', 'Electron.app', 'Contents', 'MacOS', 'Electron'));
  });

  it('answers for this repository without throwing (the binary may or may not be here)', () => {
    const root = join(import.meta.dirname, '..', '..');
    const binary = electronBinary(root);
    if (binary !== undefined) expect(binary.startsWith(join(root, 'node_modules', 'electron', 'dist'))).toBe(true);
  });
});

describe('fetchElectronBinary', () => {
  it('gives a reason when the electron package (its installer) is missing', () => {
    expect(fetchElectronBinary(fakeRoot())).toEqual({ ok: false, reason: 'the electron package is not installed (run npm ci)' });
    expect(fetchElectronBinary(fakeRoot({ 'package.json': '{"name":"electron"}' }))).toEqual({ ok: false, reason: 'the electron package is not installed (run npm ci)' });
  });

  it('gives the installer\'s last error line when the download fails', () => {
    const root = fakeRoot({
      'install.js': installer(`console.log('Downloading Electron...');\nconsole.error('RequestError: getaddrinfo ENOTFOUND github.com\\n\\n');\nprocess.exit(1);`),
    });
    expect(fetchElectronBinary(root)).toEqual({ ok: false, reason: 'its download failed: RequestError: getaddrinfo ENOTFOUND github.com' });
  });

  it('falls back on stdout, and says only that the download failed when the installer was silent', () => {
    const noisy = fakeRoot({ 'install.js': installer(`console.log('no network here');\nprocess.exit(2);`) });
    expect(fetchElectronBinary(noisy)).toEqual({ ok: false, reason: 'its download failed: no network here' });
    const silent = fakeRoot({ 'install.js': installer('process.exit(1);') });
    expect(fetchElectronBinary(silent)).toEqual({ ok: false, reason: 'its download failed' });
  });

  it('keeps the reason short', () => {
    const root = fakeRoot({ 'install.js': installer(`console.error('E'.repeat(5000));\nprocess.exit(1);`) });
    const outcome = fetchElectronBinary(root);
    expect(outcome).toEqual({ ok: false, reason: `its download failed: ${'E'.repeat(200)}` });
  });

  it('gives up at its time bound and says so', () => {
    const root = fakeRoot({ 'install.js': installer('setInterval(() => {}, 1000);') });
    const started = Date.now();
    const outcome = fetchElectronBinary(root, 300);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(/^its download failed: .*ETIMEDOUT/);
  });

  it('returns the binary the installer fetched, running it without ELECTRON_SKIP_BINARY_DOWNLOAD', () => {
    const root = fakeRoot({
      'install.js': installer([
        "fs.writeFileSync(path.join(__dirname, 'skip-seen.txt'), JSON.stringify(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? null));",
        "fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });",
        "fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');",
        "fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');",
      ].join('\n')),
    });
    const previous = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
    try {
      expect(fetchElectronBinary(root)).toEqual({ ok: true, binary: join(root, 'node_modules', 'electron', 'dist', 'electron') });
    } finally {
      if (previous === undefined) delete process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
      else process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = previous;
    }
    expect(JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'skip-seen.txt'), 'utf8'))).toBe('');
  });
});
