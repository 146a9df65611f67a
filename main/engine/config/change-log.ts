import { CHANGE_LOG_LIMIT, type ChangeLog, type ChangeLogEntry } from '../../../shared/api/change-log.ts';
import type { ConfigDiff } from '../../../shared/api/config-diff.ts';
import type { Finding } from '../../../shared/config/finding.ts';
import type { StackReport } from '../../../shared/config/report.ts';
import type { LiveConfig } from './live-config.ts';

export interface SessionChangeLog {
  // Compares the report after a diff with the one before; an env-file edit that changed something becomes an entry.
  record(diff: ConfigDiff, report: StackReport): ChangeLogEntry | undefined;
  view(): ChangeLog;
  // Marks regressions seen (up to an id, or all); returns the entries that changed, for the engine to announce.
  markSeen(upTo?: number): ChangeLogEntry[];
}

// Why: "what did my last edits do?" is answered by the engine, which saw every diff, so a reloaded dashboard still
// shows the session's history; bounded, as every buffer in the engine is.
export function createChangeLog(initial: StackReport, limit: number = CHANGE_LOG_LIMIT): SessionChangeLog {
  let previous = initial;
  let nextId = 1;
  const entries: ChangeLogEntry[] = [];

  return {
    record(diff, report) {
      const before = previous;
      // Every diff moves the baseline (an override, a port, a profile switch), so a later edit is charged only with its own effect.
      previous = report;
      if (diff.files.length === 0) return undefined;
      const { added, cleared } = findingsDelta(allFindings(before), allFindings(report));
      const scores = report.services.flatMap((service) => {
        const was = before.services.find((candidate) => candidate.name === service.name)?.healthScore ?? 100;
        return was === service.healthScore ? [] : [{ service: service.name, before: was, after: service.healthScore }];
      });
      if (diff.changes.length === 0 && added.length === 0 && cleared.length === 0 && scores.length === 0) return undefined;
      const regression = added.some((finding) => finding.severity === 'error') || scores.some((score) => score.after < score.before);
      const entry: ChangeLogEntry = {
        id: nextId++, at: diff.at, files: diff.files, changes: diff.changes,
        findingsAdded: added, findingsCleared: cleared, scores, regression, seen: !regression,
      };
      entries.push(entry);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
      return entry;
    },
    view: () => ({ limit, entries: [...entries] }),
    markSeen(upTo) {
      const changed: ChangeLogEntry[] = [];
      entries.forEach((entry, index) => {
        if (entry.seen || (upTo !== undefined && entry.id > upTo)) return;
        entries[index] = { ...entry, seen: true };
        changed.push(entries[index]);
      });
      return changed;
    },
  };
}

// Why: the engine and its tests hook the log to a LiveConfig the same way; `onEntry` hears each new entry.
export function attachChangeLog(config: Pick<LiveConfig, 'onDiff' | 'report'>, onEntry: (entry: ChangeLogEntry) => void, limit?: number): { log: SessionChangeLog; detach: () => void } {
  const log = createChangeLog(config.report(), limit);
  const detach = config.onDiff((diff) => {
    const entry = log.record(diff, config.report());
    if (entry) onEntry(entry);
  });
  return { log, detach };
}

function allFindings(report: StackReport): Finding[] {
  return [...report.services.flatMap((service) => service.findings), ...report.findings];
}

// A finding is the same finding after an edit when only its line moved (a line added above it), in its message too.
function identity(finding: Finding): string {
  const { line, ...rest } = finding;
  const message = rest.file && line ? rest.message.replaceAll(`${rest.file}:${line}`, rest.file) : rest.message;
  return JSON.stringify({ ...rest, message }, Object.keys(rest).sort());
}

// Compared as multisets: two identical findings cleared by one edit are two cleared.
function findingsDelta(before: readonly Finding[], after: readonly Finding[]): { added: Finding[]; cleared: Finding[] } {
  return { added: without(after, before), cleared: without(before, after) };
}

// The findings of `from` left once each finding of `taken` has used up one equal to it.
function without(from: readonly Finding[], taken: readonly Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const finding of taken) counts.set(identity(finding), (counts.get(identity(finding)) ?? 0) + 1);
  return from.filter((finding) => {
    const count = counts.get(identity(finding)) ?? 0;
    if (count > 0) counts.set(identity(finding), count - 1);
    return count === 0;
  });
}
