import type { ChangeLogEntry } from '../../api/change-log.ts';
import type { EngineEvent } from '../../api/engine-contract.ts';
import type { ServiceStatus } from '../../api/service-status.ts';

// Engine events as the real engine sends them, for the notification tests of both modes.

export function deathEvent(agent: string, runId: string, at = new Date().toISOString()): EngineEvent {
  return {
    type: 'agentEvent',
    event: {
      type: 'agent_death', run_id: runId, agent_name: agent, timestamp: at, last_heartbeat_at: null,
      payload: { status: 'dead', death_cause: 'no_heartbeat', message: 'no heartbeat for 10 s', recovery_action: 'restart the run' },
    },
  };
}

export function crashEvent(service: string, at: string, reason = 'exited with code 1'): EngineEvent {
  const status: ServiceStatus = {
    name: service, state: 'crashed', pid: null, port: null, url: null, startedAt: null, restarts: 1, dependsOn: [], stats: null, staleKeys: [],
    lastCrash: { service, at, exitCode: 1, signal: null, reason, lastStderr: [], findings: [], restartAt: null },
    message: null, probe: null, listening: null, portWarning: null,
  };
  return { type: 'serviceState', status };
}

export function regressionEntry(id: number, patch: Partial<ChangeLogEntry> = {}): ChangeLogEntry {
  return {
    id, at: new Date().toISOString(), files: ['services/auth/.env'],
    changes: [{
      service: 'auth', key: 'JWT_SECRET_KEY',
      before: null, after: { value: '***', source: { kind: 'file', file: 'services/auth/.env', line: 3 } },
    }],
    findingsAdded: [{ rule: 'secret-too-short', severity: 'error', service: 'auth', key: 'JWT_SECRET_KEY', message: 'JWT_SECRET_KEY is 12 characters; at least 32', suggestion: 'use a longer secret', file: 'services/auth/.env', line: 3 }],
    findingsCleared: [], scores: [{ service: 'auth', before: 100, after: 80 }], regression: true, seen: false, ...patch,
  };
}
