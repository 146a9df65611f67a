import { describe, expect, it } from 'vitest';
import type { LogChunk, LogLine } from '../../shared/api/logs.ts';
import { stripAnsi } from './format-log-entry.ts';
import { createLogSession, type TerminalSink } from './log-session.ts';

// A terminal that is a string, and frames the test runs by hand.
function harness(services = ['auth'], combined = false) {
  let screen = '';
  let writes = 0;
  let queue: (() => void)[] = [];
  const held: number[] = [];
  const sink: TerminalSink = {
    write: (text, done) => { screen += text; writes++; done(); },
    reset: () => { screen = ''; },
    scrollToBottom: () => {},
  };
  const session = createLogSession({
    sink, services, combined, onHeldChange: (count) => held.push(count),
    schedule: (callback) => queue.push(callback), cancel: () => { queue = []; },
  });
  const frame = () => {
    const due = queue;
    queue = [];
    for (const callback of due) callback();
  };
  return { session, frame, held, text: () => stripAnsi(screen).replace(/^\S+ {1,2}/gm, ''), writes: () => writes };
}

let time = 1_000;
const line = (service: string, seq: number, text: string, level: LogLine['level'] = null): LogLine => ({ service, seq, time: time++, stream: 'stdout', text, level });
const chunk = (service: string, lines: LogLine[], skipped = 0): LogChunk => ({ service, lines, skipped });

describe('createLogSession', () => {
  it('holds live lines until the backlog is loaded, then writes each line once (by sequence number)', () => {
    const { session, frame, text } = harness();
    session.ingest(chunk('auth', [line('auth', 2, 'two'), line('auth', 3, 'three')]));
    frame();
    expect(text()).toBe('');
    session.loadBacklog([chunk('auth', [line('auth', 0, 'zero'), line('auth', 1, 'one'), line('auth', 2, 'two')])]);
    session.ingest(chunk('auth', [line('auth', 3, 'three'), line('auth', 4, 'four')]));
    frame();
    expect(text()).toBe('zero\r\none\r\ntwo\r\nthree\r\nfour\r\n');
  });

  it('writes a flood in one write per frame', () => {
    const { session, frame, writes, text } = harness();
    session.loadBacklog([chunk('auth', [])]);
    frame();
    const before = writes();
    for (let seq = 0; seq < 5_000; seq++) session.ingest(chunk('auth', [line('auth', seq, `line ${seq}`)]));
    frame();
    expect(writes() - before).toBe(1);
    expect(text().split('\r\n')).toHaveLength(5_001);
  });

  it('shows skipped lines as a marker, never silently', () => {
    const { session, frame, text } = harness();
    session.loadBacklog([chunk('auth', [line('auth', 0, 'first')])]);
    session.ingest(chunk('auth', [line('auth', 43, 'after the gap')], 42));
    frame();
    // (the helper strips each line's first word: the time, or the marker's opening rule)
    expect(text()).toContain('first\r\n42 lines skipped (auth) ──\r\nafter the gap');
  });

  it('marks holes in the backlog and the lines the ring no longer holds', () => {
    const { session, frame, text } = harness();
    session.loadBacklog([chunk('auth', [line('auth', 40, 'oldest kept'), line('auth', 41, 'next'), line('auth', 45, 'after a hole')], 40)]);
    frame();
    expect(text()).toBe('40 earlier lines no longer kept (auth) ──\r\noldest kept\r\nnext\r\n3 lines skipped (auth) ──\r\nafter a hole\r\n');
  });

  it('in the combined view prefixes each service and merges backlogs by time', () => {
    const { session, frame, text } = harness(['auth', 'backend'], true);
    const a = line('auth', 0, 'a0');
    const b = line('backend', 0, 'b0');
    const a1 = line('auth', 1, 'a1');
    session.loadBacklog([chunk('auth', [a, a1]), chunk('backend', [b])]);
    session.ingest(chunk('stackdeck', [line('stackdeck', 0, 'launcher says hi')]));
    frame();
    expect(text()).toBe('auth    │  a0\r\nbackend │  b0\r\nauth    │  a1\r\nstackdeck │  launcher says hi\r\n');
  });

  it('a one-service pane ignores other services', () => {
    const { session, frame, text } = harness(['auth']);
    session.loadBacklog([]);
    session.ingest(chunk('backend', [line('backend', 0, 'not mine')]));
    frame();
    expect(text()).toBe('');
  });

  it('filters by level and redraws from what it kept', () => {
    const { session, frame, text } = harness();
    session.loadBacklog([chunk('auth', [line('auth', 0, 'dbg', 'debug'), line('auth', 1, 'plain'), line('auth', 2, 'bad', 'error')])]);
    frame();
    session.setLevel('warn');
    frame();
    expect(text()).toBe('plain\r\nbad\r\n');
    session.setLevel('all');
    frame();
    expect(text()).toBe('dbg\r\nplain\r\nbad\r\n');
  });

  it('holds lines while paused, counts them, and writes them on resume', () => {
    const { session, frame, text, held } = harness();
    session.loadBacklog([chunk('auth', [line('auth', 0, 'before')])]);
    frame();
    session.setPaused(true);
    session.ingest(chunk('auth', [line('auth', 1, 'during 1'), line('auth', 2, 'during 2')]));
    frame();
    expect(text()).toBe('before\r\n');
    expect(held.at(-1)).toBe(2);
    session.setPaused(false);
    frame();
    expect(text()).toBe('before\r\nduring 1\r\nduring 2\r\n');
    expect(held.at(-1)).toBe(0);
  });

  it('clears the pane, and copies the kept lines as plain text', () => {
    const { session, frame, text } = harness();
    session.loadBacklog([chunk('auth', [line('auth', 0, '\x1b[31mred\x1b[0m', null), line('auth', 1, 'dbg', 'debug')])]);
    session.setLevel('info');
    expect(session.visibleText()).toMatch(/^\S+ auth red$/);
    session.clear();
    frame();
    expect(text()).toBe('');
    expect(session.visibleText()).toBe('');
  });

  it('says which backlogs could not be loaded', () => {
    const { session, frame, text } = harness(['auth', 'backend'], true);
    session.loadBacklog([chunk('auth', [line('auth', 0, 'ok')])], ['backend']);
    frame();
    expect(text()).toContain('the earlier lines of backend could not be loaded');
  });
});
