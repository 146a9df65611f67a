import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetstatListen } from './netstat-listen.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');

describe('parseNetstatListen', () => {
  it('reads the listening TCP lines of an English Windows netstat -ano, IPv4 and IPv6, not connections or UDP', () => {
    expect(parseNetstatListen(fixture('netstat-ano-windows-en.txt'))).toEqual([
      { address: '0.0.0.0', port: 135, pid: 1052 },
      { address: '0.0.0.0', port: 445, pid: 4 },
      { address: '127.0.0.1', port: 9200, pid: 15320 },
      { address: '[::]', port: 135, pid: 1052 },
      { address: '[::1]', port: 8000, pid: 15388 },
      { address: '[fe80::1c2d:3e4f:5a6b:7c8d%12]', port: 49670, pid: 3340 },
    ]);
  });

  it('reads a German one the same way: the translated state column is not relied on', () => {
    expect(parseNetstatListen(fixture('netstat-ano-windows-de.txt'))).toEqual([
      { address: '0.0.0.0', port: 135, pid: 1052 },
      { address: '127.0.0.1', port: 9200, pid: 15320 },
      { address: '[::1]', port: 8000, pid: 15388 },
    ]);
  });
});
