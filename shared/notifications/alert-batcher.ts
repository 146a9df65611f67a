import { composeNotification, type StackNotification } from './compose-notification.ts';
import type { StackAlert } from './stack-alert.ts';

export interface AlertBatcherOptions {
  deliver(notification: StackNotification): void;
  // At most one notification per window: a crash loop or a wave of deaths is one message, never a flood.
  windowMs?: number;
  // After a quiet spell, how long to wait for the rest of a burst (one crashed service can end many runs at once).
  settleMs?: number;
  now?: () => number;
}

export interface AlertBatcher {
  add(alerts: readonly StackAlert[]): void;
  // Drops what is pending; nothing is delivered after close.
  close(): void;
}

export const ALERT_WINDOW_MS = 10_000;
const SETTLE_MS = 1_000;

// Why: the grouping both modes share (Electron's OS notifications and the browser's); only the delivery differs.
export function createAlertBatcher(options: AlertBatcherOptions): AlertBatcher {
  const windowMs = options.windowMs ?? ALERT_WINDOW_MS;
  const settleMs = options.settleMs ?? SETTLE_MS;
  const now = options.now ?? Date.now;
  let pending: StackAlert[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastDelivered = -Infinity;
  let closed = false;

  const flush = () => {
    timer = undefined;
    if (closed || pending.length === 0) return;
    const alerts = pending;
    pending = [];
    lastDelivered = now();
    options.deliver(composeNotification(alerts));
  };

  return {
    add(alerts) {
      if (closed || alerts.length === 0) return;
      pending.push(...alerts);
      if (timer !== undefined) return;
      const at = now();
      const due = Math.max(at + settleMs, lastDelivered + windowMs);
      timer = setTimeout(flush, due - at);
    },
    close() {
      closed = true;
      pending = [];
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
