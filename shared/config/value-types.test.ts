import { describe, expect, it } from 'vitest';
import { boolean, databaseName, host, integer, logLevel, port, seconds, url } from './value-types.ts';

describe('value types', () => {
  it('parses ports and refuses what is not one', () => {
    expect(port().parse('8081')).toBe(8081);
    for (const bad of ['0', '65536', '80.5', 'http', '']) expect(port().safeParse(bad).success).toBe(false);
  });

  it('parses fractional seconds so tests can run short timings', () => {
    expect(seconds().parse('0.25')).toBe(0.25);
    expect(seconds().safeParse('0').success).toBe(false);
    expect(seconds().safeParse('-1').success).toBe(false);
    expect(seconds().safeParse('2s').error?.issues[0]?.message).toBe('must be a number of seconds, e.g. 2 or 0.5');
  });

  // Found by the database URL round-trip property: a database named '.' vanished from the URL built with it.
  it('refuses database names a URL cannot carry', () => {
    expect(databaseName().parse('app.v2')).toBe('app.v2');
    for (const bad of ['.', '..', '']) expect(databaseName().safeParse(bad).success).toBe(false);
    expect(databaseName().safeParse('.').error?.issues[0]?.message).toMatch(/cannot name a database/);
  });

  it('parses booleans in the usual spellings', () => {
    expect(['true', 'YES', '1', 'on'].map((word) => boolean().parse(word))).toEqual([true, true, true, true]);
    expect(['false', 'no', '0', 'off'].map((word) => boolean().parse(word))).toEqual([false, false, false, false]);
    expect(boolean().safeParse('maybe').success).toBe(false);
  });

  it('checks URL schemes and hosts', () => {
    expect(url(['redis', 'rediss']).safeParse('redis://:pw@cache:6379/0').success).toBe(true);
    expect(url(['redis']).safeParse('http://cache').success).toBe(false);
    expect(url(['http']).safeParse('not a url').success).toBe(false);
    expect(host().safeParse('/cloudsql/proj:us-central1:db').success).toBe(true);
    expect(host().safeParse('db.internal').success).toBe(true);
    expect(host().safeParse('bad host!').success).toBe(false);
  });

  it('bounds integers and names log levels', () => {
    expect(integer(1, 10).safeParse('11').error?.issues[0]?.message).toBe('must be at most 10');
    expect(logLevel().safeParse('verbose').success).toBe(false);
  });

  it('never quotes the value in its messages', () => {
    const secretish = 'hunter2-not-a-port';
    for (const schema of [port(), seconds(), boolean(), url(['https']), host(), logLevel()]) {
      const issues = schema.safeParse(secretish).error?.issues ?? [];
      for (const issue of issues) expect(issue.message).not.toContain(secretish);
    }
  });
});
