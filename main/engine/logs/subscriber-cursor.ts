import type { LogChunk } from '../../../shared/api/logs.ts';
import type { RingBuffer } from './ring-buffer.ts';

// What one delivery to a subscriber (a dashboard, `up`) may carry per service: a person reads a few screens a second, and
// ~30 deliveries a second of this (15,000 lines, 4 MB) is more than a terminal view renders; under a flood the rest is counted
// as skipped, so a 20 MB/s flood cannot swamp a page.
export const DEFAULT_SUBSCRIBER_MAX_LINES = 500;
export const DEFAULT_SUBSCRIBER_MAX_BYTES = 128 * 1024;

export interface SubscriberLimits {
  maxLines?: number;
  maxBytes?: number;
}

// Why: a subscriber's pending lines are the lines of each service's ring after the last one it was given: a number per service,
// not a copy. So a slow subscriber (a busy renderer, a websocket that cannot send) costs no memory; when it is given lines
// again it gets the newest ones within its limits, and `skipped` counts every line it never saw.
export class SubscriberCursor {
  private readonly maxLines: number;
  private readonly maxBytes: number;
  private readonly nextSeqByService = new Map<string, number>();

  constructor(limits: SubscriberLimits = {}) {
    this.maxLines = limits.maxLines ?? DEFAULT_SUBSCRIBER_MAX_LINES;
    this.maxBytes = limits.maxBytes ?? DEFAULT_SUBSCRIBER_MAX_BYTES;
  }

  // Why: a new subscriber starts from now: what a service printed before is the backlog's business.
  startAt(service: string, nextSeq: number): void {
    this.nextSeqByService.set(service, nextSeq);
  }

  // Lines of the ring this subscriber has not been given yet (including ones it will find skipped).
  pending(ring: RingBuffer): number {
    return Math.max(0, ring.nextSeq - (this.nextSeqByService.get(ring.service) ?? 1));
  }

  // Why: one delivery for one service: the newest pending lines within the limits, and how many before them were skipped.
  take(ring: RingBuffer): LogChunk | null {
    // Null when there is nothing new.
    const to = ring.nextSeq;
    const wanted = this.nextSeqByService.get(ring.service) ?? 1;
    if (wanted >= to) return null;
    let from = Math.max(wanted, ring.oldestSeq, to - this.maxLines);
    let bytes = 0;
    for (let seq = to - 1; seq >= from; seq--) {
      bytes += ring.lineBytes(seq);
      if (bytes > this.maxBytes && seq < to - 1) {
        from = seq + 1;
        break;
      }
    }
    this.nextSeqByService.set(ring.service, to);
    return { service: ring.service, lines: ring.range(from, to), skipped: from - wanted };
  }
}
