import { demoServices } from '../../../shared/config/testing/demo-stack.ts';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envFolderList, envFolders } from './env-folders.ts';

describe('envFolders', () => {
  it('reads the stack root and each service\'s envDir by default', () => {
    const folders = envFolders({ root: '/stack', services: demoServices() });
    expect(folders).toEqual({
      stack: resolve('/stack'),
      services: [
        { service: 'auth', dir: resolve('/stack/services/auth') },
        { service: 'backend', dir: resolve('/stack/services/backend') },
      ],
    });
  });

  it('reads DIR and DIR/<service> with --env-dir, as inspectStack does', () => {
    const folders = envFolders({ root: '/stack', envDir: '/envs', services: [{ name: 'api', envDir: 'apps/api' }] });
    expect(folders).toEqual({ stack: resolve('/envs'), services: [{ service: 'api', dir: resolve(join('/envs', 'api')) }] });
  });

  it('lists each folder once, the stack\'s first', () => {
    const folders = envFolders({ root: '/stack', services: [{ name: 'here', envDir: '.' }, { name: 'api', envDir: 'api' }] });
    expect(envFolderList(folders)).toEqual([resolve('/stack'), resolve('/stack/api')]);
  });
});
