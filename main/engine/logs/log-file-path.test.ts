import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logFilePath } from './log-file-path.ts';

describe('logFilePath', () => {
  it('puts a service log under <stateDir>/logs', () => {
    expect(logFilePath('/state', 'backend')).toBe(join('/state', 'logs', 'backend.log'));
    expect(logFilePath('/state', 'auth-v2')).toBe(join('/state', 'logs', 'auth-v2.log'));
  });

  it('never lets a name leave the logs folder', () => {
    for (const name of ['../../etc/passwd', '..', '.', '', 'a/b', 'a\\b', '.hidden']) {
      const path = logFilePath('/state', name);
      expect(path.startsWith(join('/state', 'logs') + '/'), name).toBe(true);
      expect(path.slice(join('/state', 'logs').length + 1)).not.toContain('/');
      expect(path).not.toMatch(/\/\.[^/]*$/);
    }
  });
});
