// Why: a duration reads the same everywhere (uptime, countdowns, "4s ago"): two units at most, never "0.0 h".
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

// Why: memory in the unit a developer reads at a glance.
export function formatBytes(bytes: number): string {
  if (bytes < 1_024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1_024;
  let unit = 0;
  while (value >= 1_024 && unit < units.length - 1) {
    value /= 1_024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

// Why: CPU as processes report it (may pass 100 % on several cores).
export function formatPercent(percent: number): string {
  return `${percent.toFixed(percent < 10 ? 1 : 0)}%`;
}

// Why: a wall-clock time for logs and the action line, local and to the second.
export function formatClock(time: number, withMilliseconds = false): string {
  const date = new Date(time);
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return withMilliseconds ? `${clock}.${String(date.getMilliseconds()).padStart(3, '0')}` : clock;
}

// Why: "how long ago" for an ISO time, or "never" when there is none: the honest answer (temporal #3358).
export function formatAgo(iso: string | null, now: number): string {
  if (iso === null) return 'never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown';
  return `${formatDuration(now - time)} ago`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
