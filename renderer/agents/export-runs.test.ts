import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { demoRuns } from '../testing/fixtures.ts';
import { EXPORT_COLUMNS, exportFileName, runsToCsv, runsToJson } from './export-runs.ts';

// Python's csv module, a reference reader of RFC 4180 CSV: what it reads back is what a spreadsheet would. One
// process reads many files (a JSON list of their texts), so a few hundred cases stay quick.
function pythonReads(files: string[]): string[][][] | undefined {
  const script = 'import csv,io,sys,json; print(json.dumps([list(csv.reader(io.StringIO(text, newline=""))) for text in json.load(sys.stdin)]))';
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(files), encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return JSON.parse(result.stdout) as string[][][];
}
const hasPython = pythonReads(['a\r\n']) !== undefined;

const expectedCells = (run: AgentRunView) => [
  run.run_id, run.agent_name, run.scenario, run.state, run.known ? run.state : 'unknown', run.cause ?? '', run.started_at, run.ended_at ?? '',
  run.last_heartbeat_at ?? '', String(run.heartbeats), run.death_cause ?? '', run.error ?? '', run.seen_at, run.beat_received_at ?? '', run.state_since,
];

describe('exporting the runs table', () => {
  it('writes a header and one CRLF record a run, quoting only what needs it', () => {
    const [run] = demoRuns(Date.parse('2025-01-01T00:10:00Z'));
    if (!run) throw new Error('fixture');
    const csv = runsToCsv([{ ...run, agent_name: 'say "hi", then\nleave', error: ' padded' }]);
    const [header, record] = csv.split('\r\n');
    expect(header).toBe(EXPORT_COLUMNS.join(','));
    expect(record).toContain('"say ""hi"", then\nleave"');
    expect(record).toContain('," padded",');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it.skipIf(!hasPython)('reads back field for field with Python\'s csv module, whatever the names and errors hold (differential, 200 tables)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', ';', 'é', '\t', '='), maxLength: 12 });
    const runs = demoRuns(Date.parse('2025-01-01T00:10:00Z'));
    const tables = fc.sample(fc.array(fc.tuple(fc.nat(runs.length - 1), text, fc.option(text)), { maxLength: 6 }), { numRuns: 200, seed: 13 })
      .map((picks) => picks.map(([index, name, error]) => ({ ...(runs[index] as AgentRunView), agent_name: name, error })));
    const read = pythonReads(tables.map(runsToCsv));
    expect(read).toHaveLength(200);
    tables.forEach((table, index) => expect(read?.[index]).toEqual([[...EXPORT_COLUMNS], ...table.map(expectedCells)]));
  });

  it('writes JSON with every column of every run and when it was exported', () => {
    const runs = demoRuns(Date.parse('2025-01-01T00:10:00Z'));
    const parsed = JSON.parse(runsToJson(runs, new Date('2025-01-01T00:11:00Z'))) as { exported_at: string; count: number; runs: Record<string, unknown>[] };
    expect(parsed.exported_at).toBe('2025-01-01T00:11:00.000Z');
    expect(parsed.count).toBe(runs.length);
    expect(parsed.runs.map((entry) => Object.keys(entry))).toEqual(runs.map(() => [...EXPORT_COLUMNS]));
    expect(parsed.runs.find((entry) => entry.run_id === 'run_a6')).toMatchObject({ state: 'RUNNING', shown_state: 'unknown' });
  });

  it('names files by the time of export', () => {
    expect(exportFileName('csv', new Date('2025-01-01T00:11:02.345Z'))).toBe('agent-runs-2025-01-01T00-11-02Z.csv');
  });
});
