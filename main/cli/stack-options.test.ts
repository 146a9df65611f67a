import { describe, expect, it } from 'vitest';
import { chooseProfile, displayPathFrom, stackOptions } from './stack-options.ts';

describe('stack options', () => {
  it('chooses the profile from --profile, then ENVIRONMENT, then development', () => {
    expect(chooseProfile({ profile: 'staging' }, { ENVIRONMENT: 'test' })).toBe('staging');
    expect(chooseProfile({}, { ENVIRONMENT: 'test' })).toBe('test');
    expect(chooseProfile({}, { ENVIRONMENT: 'testing' })).toBe('test');
    expect(chooseProfile({}, {})).toBe('development');
    expect(() => chooseProfile({}, { ENVIRONMENT: 'prod' })).toThrow(/not a profile/);
  });

  it('shows paths relative to the cwd when below it, absolute otherwise', () => {
    const display = displayPathFrom('/work/stack');
    expect(display('/work/stack/services/auth/.env')).toBe('services/auth/.env');
    expect(display('/elsewhere/.env')).toBe('/elsewhere/.env');
  });

  it('resolves --root, --env-dir and STACKDECK_STATE_DIR against the cwd', () => {
    const options = stackOptions({ root: 'r', 'env-dir': 'e' }, { cwd: '/w', env: { STACKDECK_STATE_DIR: 's' }, stdout: () => {}, stderr: () => {}, color: false });
    expect([options.root, options.envDir, options.stateDir, options.profile]).toEqual(['/w/r', '/w/e', '/w/s', 'development']);
  });
});
