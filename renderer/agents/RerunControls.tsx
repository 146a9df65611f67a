import { useState } from 'react';
import { AGENT_SCENARIOS, type AgentScenario } from '../../shared/api/agent-events.ts';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';

// Why: QA reproduces a failure by running the same agent again, as it was or under another scenario; the drawer
// follows the new run.
export function RerunControls({ run, disabled, onStarted }: { run: AgentRunView; disabled: boolean; onStarted: (runId: string) => void }) {
  const rerun = useEngineCommand();
  const [scenario, setScenario] = useState<AgentScenario>(run.scenario);
  const send = (chosen: AgentScenario | undefined) => rerun.mutate(
    { type: 'rerunAgentRun', run_id: run.run_id, ...(chosen ? { scenario: chosen } : {}) },
    { onSuccess: (result) => { if (result.runIds?.[0]) onStarted(result.runIds[0]); } },
  );
  return (
    <div className="rerun" role="group" aria-label="Rerun">
      <button type="button" className="button button--primary button--small" disabled={disabled || rerun.isPending} onClick={() => send(undefined)}>
        Rerun ({run.scenario})
      </button>
      <label className="field field--inline">
        <span className="field__label">or as</span>
        <select className="select" aria-label="Rerun scenario" value={scenario} onChange={(event) => setScenario(event.target.value as AgentScenario)}>
          {AGENT_SCENARIOS.map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
        </select>
      </label>
      <button type="button" className="button button--small" disabled={disabled || rerun.isPending} onClick={() => send(scenario)}>Rerun as {scenario}</button>
    </div>
  );
}
