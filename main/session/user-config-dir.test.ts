import { describe, expect, it } from 'vitest';
import { userConfigDir } from './user-config-dir.ts';

describe('userConfigDir', () => {
  it('follows each OS\'s convention for an app\'s settings', () => {
    expect(userConfigDir({}, 'linux', '/home/ada')).toBe('/home/ada/.config/stackdeck');
    expect(userConfigDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe('/xdg/stackdeck');
    expect(userConfigDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Stackdeck');
    expect(userConfigDir({}, 'win32', '/home/ada')).toMatch(/AppData[\\/]Roaming[\\/]Stackdeck$/);
  });

  it('ignores a relative XDG_CONFIG_HOME (the XDG spec says so) and takes STACKDECK_CONFIG_DIR first when absolute', () => {
    expect(userConfigDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/ada')).toBe('/home/ada/.config/stackdeck');
    expect(userConfigDir({ STACKDECK_CONFIG_DIR: '/tmp/sd', XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe('/tmp/sd');
    expect(userConfigDir({ STACKDECK_CONFIG_DIR: 'rel' }, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Stackdeck');
  });
});
