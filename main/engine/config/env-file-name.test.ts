import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../shared/config/profile.ts';
import { envFileNames } from '../../../shared/config/stack.ts';
import { isEnvFileName } from './env-file-name.ts';

describe('isEnvFileName', () => {
  it('accepts every name the resolver reads, in every profile', () => {
    for (const profile of PROFILES) {
      for (const name of envFileNames(profile)) expect(isEnvFileName(name), name).toBe(true);
    }
  });

  it('accepts other .env.* siblings', () => {
    expect(isEnvFileName('.env.example')).toBe(true);
    expect(isEnvFileName('.env.swp')).toBe(true);
  });

  it('rejects look-alikes and other files', () => {
    for (const name of ['.envrc', '.env.', 'env', '.environment', 'x.env', '.ENV', 'README.md', '.env/x', '']) {
      expect(isEnvFileName(name), name).toBe(false);
    }
  });
});
