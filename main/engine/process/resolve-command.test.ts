import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { resolveNodeBinary, resolveProgram } from './resolve-command.ts';

const tempDir = tempDirsForEachTest();

// A stack root whose node_modules/.bin/node is the project's own Node (as the `node` package installs it).
function rootWithLocalNode(): { root: string; local: string } {
  const root = tempDir({ 'package.json': '{}' });
  mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
  const local = join(root, 'node_modules', '.bin', 'node');
  symlinkSync(process.execPath, local);
  return { root, local };
}

describe('resolveNodeBinary', () => {
  it("is the root's node_modules/.bin/node when there is one", () => {
    const { root, local } = rootWithLocalNode();
    expect(resolveNodeBinary(root, '/usr/bin:/bin')).toBe(local);
  });

  it("is the launcher's own Node (outside Electron) when the root has none", () => {
    expect(process.versions.electron).toBeUndefined();
    const root = tempDir({ 'package.json': '{}' });
    // A node on PATH does not matter: outside Electron the launcher's Node is the one.
    const bin = tempDir({ node: '#!/bin/sh\nexit 0\n' });
    chmodSync(join(bin, 'node'), 0o755);
    expect(resolveNodeBinary(root, bin)).toBe(process.execPath);
    expect(resolveNodeBinary(root, undefined)).toBe(process.execPath);
  });

  it('does not take a dangling node_modules/.bin/node', () => {
    const root = tempDir();
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join(root, 'missing-node'), join(root, 'node_modules', '.bin', 'node'));
    expect(resolveNodeBinary(root, '/usr/bin:/bin')).toBe(process.execPath);
  });
});

describe('resolveProgram', () => {
  it("resolves 'node' as resolveNodeBinary does", () => {
    const { root, local } = rootWithLocalNode();
    expect(resolveProgram('node', root)).toBe(local);
    expect(resolveProgram('node', tempDir())).toBe(process.execPath);
  });

  it('resolves a relative program path against the stack root', () => {
    const root = tempDir();
    expect(resolveProgram('./bin/serve', root)).toBe(join(root, 'bin', 'serve'));
    expect(resolveProgram('bin/serve', root)).toBe(join(root, 'bin', 'serve'));
    expect(resolveProgram('../tools/run.sh', root)).toBe(join(root, '..', 'tools', 'run.sh'));
  });

  it('leaves an absolute path as it is', () => {
    expect(resolveProgram('/usr/bin/env', tempDir())).toBe('/usr/bin/env');
  });

  it('leaves a bare name for the PATH lookup of the OS', () => {
    const root = tempDir({ python3: 'not this one' });
    expect(resolveProgram('python3', root)).toBe('python3');
    expect(resolveProgram('npx', root)).toBe('npx');
  });
});
