import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { watchStopSignals, type StopSignals } from './stop-signals.ts';

const settledWithin = <T>(promise: Promise<T>, ms: number) => Promise.race([promise.then((value) => ({ value })), new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

let watch: StopSignals | undefined;
afterEach(() => watch?.dispose());

function setUp(options: { parentPid?: () => number; stdin?: PassThrough; exitWithStdin?: boolean } = {}) {
  const signals = new EventEmitter();
  watch = watchStopSignals({ signals: signals as unknown as NodeJS.Process, parentPollMs: 10, parentPid: options.parentPid ?? (() => 100), stdin: options.stdin, exitWithStdin: options.exitWithStdin });
  return { signals, watch };
}

describe('watchStopSignals', () => {
  it.each([['SIGTERM', 'SIGTERM'], ['SIGINT', 'SIGINT'], ['SIGHUP', 'SIGHUP (the terminal closed)']])('stops on %s', async (signal, reason) => {
    const { signals, watch } = setUp();
    signals.emit(signal);
    expect(await settledWithin(watch.stopSignal, 100)).toEqual({ value: reason });
    expect(await settledWithin(watch.forceStop, 50)).toBe('pending');
  });

  it('a second Ctrl+C forces the stop; a second SIGTERM does not', async () => {
    const { signals, watch } = setUp();
    signals.emit('SIGTERM');
    signals.emit('SIGTERM');
    expect(await settledWithin(watch.forceStop, 50)).toBe('pending');
    signals.emit('SIGINT');
    expect(await settledWithin(watch.forceStop, 100)).toEqual({ value: undefined });
    expect(await watch.stopSignal).toBe('SIGTERM');
  });

  it('stops when its parent changes (the wrapper that started it died and it was reparented)', async () => {
    let parent = 4242;
    const { watch } = setUp({ parentPid: () => parent });
    expect(await settledWithin(watch.stopSignal, 60)).toBe('pending');
    parent = 1;
    expect(await settledWithin(watch.stopSignal, 200)).toEqual({ value: 'its parent process (pid 4242) went away' });
  });

  it('stops when stdin ends only when asked to', async () => {
    const ignored = new PassThrough();
    const first = setUp({ stdin: ignored, exitWithStdin: false }).watch;
    ignored.end();
    expect(await settledWithin(first.stopSignal, 60)).toBe('pending');
    first.dispose();

    const held = new PassThrough();
    const { watch } = setUp({ stdin: held, exitWithStdin: true });
    expect(await settledWithin(watch.stopSignal, 30)).toBe('pending');
    held.end();
    expect(await settledWithin(watch.stopSignal, 200)).toEqual({ value: 'stdin closed (whatever started it went away)' });
  });

  it('removes its listeners when disposed', () => {
    const { signals, watch } = setUp();
    expect(signals.listenerCount('SIGINT')).toBe(1);
    watch.dispose();
    expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => signals.listenerCount(signal))).toEqual([0, 0, 0]);
  });
});
