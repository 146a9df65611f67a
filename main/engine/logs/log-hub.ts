import { LOG_LEVELS, type LogChunk, type LogLevel } from '../../../shared/api/logs.ts';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, textToBlock } from './line-splitter.ts';
import { logFilePath } from './log-file-path.ts';
import { NO_LEVEL, type LevelCode } from './log-level.ts';
import { createRedactor, type Redactor } from './redact-secrets.ts';
import { DEFAULT_RING_BYTES, LINE_OVERHEAD_BYTES, RingBuffer, type LogStream } from './ring-buffer.ts';
import { RotatingFile, type RotatingFileOptions } from './rotating-file.ts';
import { SubscriberCursor, type SubscriberLimits } from './subscriber-cursor.ts';
import { encodeUtf8 } from './utf8-encode.ts';

// About 30 deliveries a second: smooth for a person, a handful of messages for the transport.
export const DEFAULT_FLUSH_INTERVAL_MS = 33;
// How launcher messages read in a service's log file, beside the service's own lines.
export const SYSTEM_LINE_PREFIX = '[stackdeck] ';

export type OutputStream = 'stdout' | 'stderr';
export type LogListener = (chunk: LogChunk) => void;

export interface LogHubOptions {
  // Log files go to <stateDir>/logs/<service>.log; without it nothing is written to disk.
  stateDir?: string;
  maxLineBytes?: number;
  // Raised to hold at least one line of maxLineBytes.
  ringBytes?: number;
  file?: RotatingFileOptions;
  subscriber?: SubscriberLimits;
  flushIntervalMs?: number;
  now?: () => number;
}

export interface SubscribeOptions {
  // Only these services (all when absent).
  services?: string[];
  // Delivery waits while this says false (a websocket whose send buffer is full); meanwhile nothing is copied for it, and
  // when it can take lines again it gets the newest within its limits and a count of the ones it skipped.
  canDeliver?: () => boolean;
}

export interface ServiceLogStats {
  lines: number;
  ringLines: number;
  ringBytes: number;
  droppedFromRing: number;
  fileLinesNotWritten: number;
  fileErrors: number;
  fileLastError: string | null;
}

interface ServiceLog {
  readonly ring: RingBuffer;
  readonly splitters: Record<OutputStream, LineSplitter>;
  readonly file: RotatingFile | null;
  redactor: Redactor;
}

interface Subscription {
  readonly listener: LogListener;
  readonly services: ReadonlySet<string> | null;
  readonly canDeliver: (() => boolean) | null;
  readonly cursor: SubscriberCursor;
  active: boolean;
}

const NO_SECRETS = createRedactor([]);

// Why: every line a service prints goes through one place: split into lines, levels read, secrets redacted, kept in a bounded
// ring, written to a rotating file, and pushed to subscribers in batches, each subscriber's backlog bounded.
// Under a flood the work is per chunk, not per line, and nothing per line outlives the chunk: memory stays flat.
export class LogHub {
  private readonly options: LogHubOptions;
  private readonly logs = new Map<string, ServiceLog>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private listenerErrorCount = 0;

  constructor(options: LogHubOptions = {}) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  // Why: the supervisor hands over every chunk it reads from a child's stdout or stderr, as read.
  ingest(service: string, stream: OutputStream, chunk: Buffer): void {
    if (this.closed || chunk.length === 0) return;
    this.serviceLog(service).splitters[stream].push(chunk);
  }

  // Why: when a child's stream ends its last line has no newline; the supervisor says so and the line is kept.
  endOfStream(service: string, stream: OutputStream): void {
    if (this.closed) return;
    this.logs.get(service)?.splitters[stream].flush();
  }

  // Why: the launcher's own words about a service (starting, exited with code 1, restarting in 2 s) appear in its log.
  system(service: string, text: string, level: LogLevel | null = null): void {
    if (this.closed) return;
    const log = this.serviceLog(service);
    // Redacted before a long message is cut into lines, as the splitters do for a child's output.
    this.accept(log, 'system', textToBlock(log.redactor.redact(text), log.splitters.stdout.maxLineBytes), level === null ? NO_LEVEL : LOG_LEVELS.indexOf(level) + 1);
  }

  // Why: the UI, the CLI and the web transport follow logs live; returns the way to stop.
  subscribe(listener: LogListener, options: SubscribeOptions = {}): () => void {
    const subscription: Subscription = {
      listener,
      services: options.services ? new Set(options.services) : null,
      canDeliver: options.canDeliver ?? null,
      cursor: new SubscriberCursor(this.options.subscriber),
      active: true,
    };
    for (const [service, log] of this.logs) subscription.cursor.startAt(service, log.ring.nextSeq);
    this.subscriptions.add(subscription);
    return () => {
      subscription.active = false;
      this.subscriptions.delete(subscription);
    };
  }

  // Why: a log view opens with the recent past; skipped says how many earlier lines the ring no longer holds.
  backlog(service: string, limit: number): LogChunk {
    const log = this.logs.get(service);
    if (!log) return { service, lines: [], skipped: 0 };
    return { service, lines: log.ring.last(limit), skipped: log.ring.dropped };
  }

  // Why: the resolved config names the secret values; set again whenever the config changes. Lines already kept stay as they were.
  setSecrets(service: string, values: Iterable<string>): void {
    this.serviceLog(service).redactor = createRedactor(values);
  }

  // Why: a service's keeper writes its last lines to the same file once the launcher is gone; null when nothing goes to disk.
  filePath(service: string): string | null {
    return this.options.stateDir === undefined ? null : logFilePath(this.options.stateDir, service);
  }

  // Why: shown in diagnostics: how much a service printed, what was dropped, whether its file fails.
  stats(service: string): ServiceLogStats {
    const log = this.logs.get(service);
    return {
      lines: log ? log.ring.nextSeq - 1 : 0,
      ringLines: log?.ring.size ?? 0,
      ringBytes: log?.ring.bytes ?? 0,
      droppedFromRing: log?.ring.dropped ?? 0,
      fileLinesNotWritten: log?.file?.linesNotWritten ?? 0,
      fileErrors: log?.file?.errors ?? 0,
      fileLastError: log?.file?.lastError ?? null,
    };
  }

  // Listeners that threw: a broken subscriber must not stop the others.
  get listenerErrors(): number {
    return this.listenerErrorCount;
  }

  // Why: the launcher stops: last partial lines kept, pending lines delivered, files written and closed.
  async close(): Promise<void> {
    if (this.closed) return;
    for (const log of this.logs.values()) {
      log.splitters.stdout.flush();
      log.splitters.stderr.flush();
    }
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.deliver();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([...this.logs.values()].map((log) => log.file?.close()));
  }

  private serviceLog(service: string): ServiceLog {
    let log = this.logs.get(service);
    if (!log) {
      const maxLineBytes = this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
      const ringBytes = Math.max(this.options.ringBytes ?? DEFAULT_RING_BYTES, maxLineBytes + 1 + LINE_OVERHEAD_BYTES);
      // The splitters redact (before cutting long lines, so no secret is split across two pieces); accept stores what they give.
      const splitterFor = (stream: OutputStream) => new LineSplitter((block, asLatin1, shifts) => this.accept(created, stream, block, NO_LEVEL, asLatin1, shifts), { maxLineBytes, redactor: () => created.redactor });
      const created: ServiceLog = {
        ring: new RingBuffer(service, { maxBytes: ringBytes }),
        splitters: { stdout: splitterFor('stdout'), stderr: splitterFor('stderr') },
        file: this.options.stateDir === undefined ? null : new RotatingFile(logFilePath(this.options.stateDir, service), this.options.file),
        redactor: NO_SECRETS,
      };
      this.logs.set(service, created);
      log = created;
    }
    return log;
  }

  // The block is already redacted: by the splitter for a child's output, by system() for the launcher's. Bytes (a chunk's own
  // lines) are stored and written as they are, their lines found in asLatin1 (moved by shifts) when the splitter has it; text is
  // encoded here once.
  private accept(log: ServiceLog, stream: LogStream, block: string | Buffer, level: LevelCode, asLatin1?: string, shifts?: readonly number[]): void {
    const bytes = typeof block === 'string' ? encodeUtf8(block) : block;
    const firstSeq = log.ring.append(bytes, stream, this.now(), level, asLatin1, shifts);
    if (log.file) log.file.append(stream === 'system' ? prefixLines(block.toString(), SYSTEM_LINE_PREFIX) : bytes, log.ring.nextSeq - firstSeq);
    if (this.subscriptions.size > 0) this.scheduleDelivery();
  }

  private scheduleDelivery(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.deliver();
    }, this.options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  private deliver(): void {
    let waiting = false;
    for (const subscription of [...this.subscriptions]) {
      if (subscription.canDeliver && this.hasPending(subscription) && !this.askCanDeliver(subscription.canDeliver)) {
        waiting = true;
        continue;
      }
      for (const [service, log] of this.logs) {
        if (!subscription.active) break;
        if (subscription.services && !subscription.services.has(service)) continue;
        const chunk = subscription.cursor.take(log.ring);
        if (!chunk) continue;
        try {
          subscription.listener(chunk);
        } catch {
          this.listenerErrorCount++;
        }
      }
    }
    if (waiting) this.scheduleDelivery();
  }

  private hasPending(subscription: Subscription): boolean {
    for (const [service, log] of this.logs) {
      if ((!subscription.services || subscription.services.has(service)) && subscription.cursor.pending(log.ring) > 0) return true;
    }
    return false;
  }

  private askCanDeliver(canDeliver: () => boolean): boolean {
    try {
      return canDeliver();
    } catch {
      this.listenerErrorCount++;
      return false;
    }
  }
}

function prefixLines(block: string, prefix: string): string {
  return `${block.slice(0, -1).split('\n').map((line) => prefix + line).join('\n')}\n`;
}
