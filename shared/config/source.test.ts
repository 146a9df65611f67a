import { describe, expect, it } from 'vitest';
import { describeSource, precedenceReason } from './source.ts';

describe('describeSource', () => {
  it('reads like a compiler location for files and in plain words otherwise', () => {
    expect(describeSource({ kind: 'file', file: '/s/services/auth/.env', line: 3 }, (file) => file.replace('/s/', ''))).toBe('services/auth/.env:3');
    expect(describeSource({ kind: 'os' })).toBe('OS environment');
    expect(describeSource({ kind: 'fallback', file: '.stackdeck/fallback-secrets.json' })).toBe('generated fallback (.stackdeck/fallback-secrets.json)');
    expect(describeSource({ kind: 'default' })).toBe('schema default');
  });
});

describe('precedenceReason', () => {
  it('explains a win by source kind', () => {
    expect(precedenceReason({ kind: 'os' }, { kind: 'file', file: '.env', line: 1 })).toMatch(/^the OS environment beats an env file/);
  });

  it('explains a win within one file, across folders and across file names', () => {
    expect(precedenceReason({ kind: 'file', file: '/s/.env', line: 4 }, { kind: 'file', file: '/s/.env', line: 2 })).toBe('the later line (4) of the same file wins over line 2');
    expect(precedenceReason({ kind: 'file', file: '/s/auth/.env', line: 1 }, { kind: 'file', file: '/s/.env', line: 1 })).toMatch(/service's own file \/s\/auth\/\.env comes before the stack root's/);
    expect(precedenceReason({ kind: 'file', file: 'C:\\s\\.env.local', line: 1 }, { kind: 'file', file: 'C:\\s\\.env', line: 1 })).toMatch(/^\.env\.local is more specific than \.env/);
  });
});
