import { writeSync } from 'node:fs';

// Why: the CLI's output, written to its file descriptor at once, as Node's own stdout and stderr do for files, pipes and
// terminals on Linux and macOS, without building process.stdout: its stream classes (node:stream, and node:net for a pipe)
// cost ~5-10 ms of every start, `--help` included. A reader that is gone (EPIPE, EIO: a closed terminal, a killed wrapper) is
// not an error: the stack must still stop cleanly. A descriptor left non-blocking by another process (EAGAIN: a pipe it
// shares with us and has filled) gets the rest through Node's stream, which waits for it; later writes follow it, in order.
// On Windows, where a console wants UTF-16 and the stream converts, the stream writes everything.
export function syncOutput(fd: 1 | 2): (text: string) => void {
  let stream: NodeJS.WriteStream | undefined = process.platform === 'win32' ? guardedStream(fd) : undefined;
  return (text) => {
    if (stream) {
      stream.write(text);
      return;
    }
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        stream = guardedStream(fd);
        stream.write(bytes.subarray(written));
      } else if (code !== 'EPIPE' && code !== 'EIO') {
        throw error;
      }
    }
  };
}

// Why: process.stdout or process.stderr for what must be a stream (a question at the terminal, the fallback above), made to
// ignore a reader that is gone as syncOutput does.
export function guardedStream(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    });
  }
  return stream;
}

const guarded = new Set<NodeJS.WriteStream>();

// Why: a process about to end at once (process.exit) first lets the streams above write what they still hold (the EAGAIN
// fallback queues it); without them nothing is pending, and process.stdout is not built to ask.
export async function outputWritten(): Promise<void> {
  await Promise.all([...guarded].filter((stream) => stream.writableLength > 0).map((stream) => new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done);
      resolve();
    };
    stream.on('drain', done).on('close', done);
  })));
}
