import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { shownState } from './agent-model.ts';

// The columns of an export, in order: the run as the host reported it, then the monitor's reading on its own clock.
export const EXPORT_COLUMNS = [
  'run_id', 'agent_name', 'scenario', 'state', 'shown_state', 'cause', 'started_at', 'ended_at', 'last_heartbeat_at', 'heartbeats',
  'death_cause', 'error', 'seen_at', 'beat_received_at', 'state_since',
] as const;
type ExportColumn = (typeof EXPORT_COLUMNS)[number];

function row(run: AgentRunView): Record<ExportColumn, string | number | null> {
  return {
    run_id: run.run_id, agent_name: run.agent_name, scenario: run.scenario, state: run.state, shown_state: shownState(run), cause: run.cause,
    started_at: run.started_at, ended_at: run.ended_at, last_heartbeat_at: run.last_heartbeat_at, heartbeats: run.heartbeats,
    death_cause: run.death_cause, error: run.error, seen_at: run.seen_at, beat_received_at: run.beat_received_at, state_since: run.state_since,
  };
}

// RFC 4180: a field with a comma, a quote, a line break or edge spaces is quoted, its quotes doubled; null is empty.
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// Why: QA hands a failed run's table to someone else; spreadsheets read RFC 4180 CSV (CRLF between records).
export function runsToCsv(runs: readonly AgentRunView[]): string {
  const lines = [EXPORT_COLUMNS.join(','), ...runs.map((run) => {
    const values = row(run);
    return EXPORT_COLUMNS.map((column) => csvField(values[column])).join(',');
  })];
  return `${lines.join('\r\n')}\r\n`;
}

// Why: the same table for programs: every field of every run, with when it was exported.
export function runsToJson(runs: readonly AgentRunView[], exportedAt: Date): string {
  return `${JSON.stringify({ exported_at: exportedAt.toISOString(), count: runs.length, runs: runs.map(row) }, null, 2)}\n`;
}

// Why: a file name that sorts by time and never collides with the previous export.
export function exportFileName(extension: 'csv' | 'json', at: Date): string {
  return `agent-runs-${at.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.${extension}`;
}

// Why: the browser and Electron both save a Blob offered through a download link; nothing leaves the machine.
export function downloadText(fileName: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
