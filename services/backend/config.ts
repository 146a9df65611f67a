import type { CommonServiceConfig } from '../common/common-config.ts';

// What the backend's code reads of its configuration beyond the common variables, parsed by the types
// services/backend/stackdeck.variables.json declares.
export interface BackendConfig extends CommonServiceConfig {
  AUTH_SERVICE_URL?: string;
  MAX_CONCURRENT_AGENTS?: number;
  AGENT_HEARTBEAT_INTERVAL?: number;
  AGENT_HEARTBEAT_TIMEOUT?: number;
  AGENT_EXECUTION_TIMEOUT?: number;
  EXECUTION_CLEANUP_INTERVAL?: number;
  WEBSOCKET_HEARTBEAT_INTERVAL?: number;
  WEBSOCKET_SILENT_FAILURE_THRESHOLD?: number;
}
