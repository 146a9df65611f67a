import { useState, type FormEvent } from 'react';
import { AGENT_SCENARIOS, type AgentScenario } from '../../shared/api/agent-events.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';

const SCENARIO_HINTS: Record<AgentScenario, string> = {
  normal: 'normal: beats and completes',
  slow: 'slow: beats, takes long',
  hang: 'hang: stops beating',
  crash: 'crash: fails with an error',
  silent: 'silent: stops without a word',
  mute: 'mute: never beats',
};

// Why: QA starts runs that behave well or badly (hang, slow, crash, silent) and watches what the monitor makes of them.
export function StartRunsForm({ disabled }: { disabled: boolean }) {
  const start = useEngineCommand();
  const [agent, setAgent] = useState('qa-agent');
  const [scenario, setScenario] = useState<AgentScenario>('normal');
  // Kept as typed, so the field can be emptied and retyped; read (and bounded) on submit.
  const [count, setCount] = useState('1');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ type: 'startAgentRun', agent_name: agent.trim(), scenario, count: runCount(count) });
  };
  return (
    <form className="start-runs" aria-label="Start agent runs" onSubmit={submit}>
      <label className="field field--inline">
        <span className="field__label">Agent name</span>
        <input className="input" value={agent} onChange={(event) => setAgent(event.target.value)} required maxLength={100} />
      </label>
      <label className="field field--inline">
        <span className="field__label">Scenario</span>
        <select className="select" value={scenario} onChange={(event) => setScenario(event.target.value as AgentScenario)}>
          {AGENT_SCENARIOS.map((candidate) => <option key={candidate} value={candidate}>{SCENARIO_HINTS[candidate]}</option>)}
        </select>
      </label>
      <label className="field field--inline">
        <span className="field__label">Count</span>
        <input className="input input--narrow" type="number" min={1} max={50} value={count} onChange={(event) => setCount(event.target.value)} />
      </label>
      <button type="submit" className="button button--primary button--small" disabled={disabled || start.isPending || agent.trim() === ''}>Start runs</button>
    </form>
  );
}

// Why: the contract takes 1 to 50 runs; anything else typed is brought into range rather than refused.
export function runCount(typed: string): number {
  const value = Math.round(Number(typed));
  return Number.isFinite(value) ? Math.min(50, Math.max(1, value)) : 1;
}
