import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { useNow } from '../data/use-now.ts';
import { useAgentNotes, useHeartbeatLog } from '../data/use-live-data.ts';
import { AgentRunRow } from './AgentRunRow.tsx';

// Past this many rows only those in view (and a few either side) are rendered: 10,000 runs scroll like 50.
export const VIRTUALISE_FROM = 100;
// Rows of a long table are one line each, this high (agents.css), so the window needs no measuring.
const ROW_PX = 37;

// Why: the live table of runs; "time since last heartbeat" ticks every second; a long table renders only its visible rows.
export function AgentRunsTable({ runs, selected, onOpen }: { runs: readonly AgentRunView[]; selected: string | null; onOpen: (runId: string) => void }) {
  const now = useNow();
  const beats = useHeartbeatLog();
  const notes = useAgentNotes();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = runs.length > VIRTUALISE_FROM;
  const virtualizer = useVirtualizer({
    count: virtual ? runs.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    getItemKey: (index) => runs[index]?.run_id ?? index,
    overscan: 12,
  });
  const items = virtual ? virtualizer.getVirtualItems() : undefined;
  const padTop = items?.[0]?.start ?? 0;
  const padBottom = items ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const shown = items ? items.flatMap((item) => (runs[item.index] ? [{ run: runs[item.index] as AgentRunView, index: item.index }] : [])) : runs.map((run, index) => ({ run, index }));
  return (
    <div className={`table-wrap${virtual ? ' runs-scroller' : ''}`} ref={scroller}>
      <table className="table runs" aria-label="Agent runs" aria-rowcount={runs.length + 1}>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Run</th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col">Last heartbeat</th>
            <th scope="col" className="numeric">Beats</th>
            <th scope="col">Last minute</th>
            <th scope="col">Cause</th>
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && <tr className="runs__pad" aria-hidden="true" style={{ height: padTop }} />}
          {shown.map(({ run, index }) => (
            <AgentRunRow
              key={run.run_id}
              index={index}
              run={run}
              beats={beats[run.run_id] ?? []}
              note={notes[run.run_id]}
              now={now}
              selected={run.run_id === selected}
              onOpen={onOpen}
            />
          ))}
          {padBottom > 0 && <tr className="runs__pad" aria-hidden="true" style={{ height: padBottom }} />}
        </tbody>
      </table>
    </div>
  );
}
