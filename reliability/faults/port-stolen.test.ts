import { expect, it } from 'vitest';
import { stealPortBeforeBind } from './port-stolen.ts';

it('a port stolen between allocation and bind: the crash says so, and the service comes up on another port', async () => {
  const figures = await stealPortBeforeBind();
  console.log(`[reliability] port stolen before bind: ${JSON.stringify(figures)}`);
  expect(figures.finalState).toBe('ready');
  expect(figures.finalPort).not.toBe(figures.stolenPort);
  expect(figures.peerUrlGiven).toBe(`http://127.0.0.1:${figures.finalPort}`);
  expect(figures.crashReason).toMatch(new RegExp(`port ${figures.stolenPort} was taken by pid \\d+ .* before api could listen on it`));
  expect(figures.notes.join('\n')).toMatch(new RegExp(`port ${figures.stolenPort} was taken by pid \\d+`));
});
