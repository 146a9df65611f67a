import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { errorText } from './probe.ts';
import { closedPort } from './testing/connect-fixtures.ts';

describe('errorText', () => {
  it('gives the driver\'s own words through the wrappers: a cause, an AggregateError\'s errors, a bare code', async () => {
    const port = await closedPort();
    const refused = await new Promise<Error>((resolve) => connect(port, '127.0.0.1').once('error', resolve));
    expect(errorText(new TypeError('fetch failed', { cause: refused }))).toBe(`fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(errorText(new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], ''))).toBe('connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
    expect(errorText(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(errorText('plain text')).toBe('plain text');
  });

  it('does not repeat a cause the message already quotes', () => {
    expect(errorText(new Error('timeout: socket hang up', { cause: new Error('socket hang up') }))).toBe('timeout: socket hang up');
  });
});
