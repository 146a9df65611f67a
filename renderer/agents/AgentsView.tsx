import { useCallback, useState } from 'react';
import { useAgentRuns } from '../data/engine-queries.ts';
import { shownState, SHOWN_STATES, sortRuns, type ShownState } from './agent-model.ts';
import { AgentRunsTable } from './AgentRunsTable.tsx';
import { ExportRuns } from './ExportRuns.tsx';
import { MonitorStatus } from './MonitorStatus.tsx';
import { RunDrawer } from './RunDrawer.tsx';
import { StartRunsForm } from './StartRunsForm.tsx';
import { StateCounts } from './StateCounts.tsx';

// Why: QA's view: the monitor's status, counts by state, a form to start runs, the live table, its export, and one
// run's drawer.
export function AgentsView() {
  const { data, isPending, isError, refetch } = useAgentRuns();
  const [filter, setFilter] = useState<ShownState | 'all'>('all');
  const [openRun, setOpenRun] = useState<string | null>(null);
  const close = useCallback(() => setOpenRun(null), []);
  const runs = sortRuns(data?.runs ?? []).filter((run) => filter === 'all' || shownState(run) === filter);
  return (
    <div className={`view agents-view${openRun ? ' agents-view--drawer' : ''}`}>
      <div className="toolbar">
        <h2 className="view-title">Agents</h2>
        {data && <MonitorStatus status={data.status} message={data.message} />}
        <div className="toolbar__end">
          <StartRunsForm disabled={data?.status === 'disabled'} />
        </div>
      </div>
      {isPending && <p className="empty">Loading agent runs…</p>}
      {isError && <p className="empty">The agent runs could not be loaded. <button type="button" className="button button--small" onClick={() => void refetch()}>Try again</button></p>}
      {data && (
        <>
          <div className="subbar">
            <StateCounts runs={data.runs} />
            <label className="field field--inline">
              <span className="field__label">State</span>
              <select className="select" value={filter} onChange={(event) => setFilter(event.target.value as ShownState | 'all')} aria-label="Filter runs by state">
                <option value="all">All states</option>
                {SHOWN_STATES.map((state) => <option key={state} value={state}>{state}</option>)}
              </select>
            </label>
            <ExportRuns runs={runs} />
          </div>
          {data.runs.length === 0 ? (
            <p className="empty">{data.status === 'disabled' ? 'The agent monitor is off in this launcher.' : 'No agent runs yet. Start some with the form above.'}</p>
          ) : runs.length === 0 ? (
            <p className="empty">No run is {filter}.</p>
          ) : (
            <AgentRunsTable runs={runs} selected={openRun} onOpen={setOpenRun} />
          )}
        </>
      )}
      {openRun && <RunDrawer runId={openRun} rerunDisabled={data?.status !== 'connected'} onOpen={setOpenRun} onClose={close} />}
    </div>
  );
}
