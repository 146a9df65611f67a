import type { PostgresSettings } from '../common/database-url-from-config.ts';

// What the backend's code reads of its configuration, each value parsed by the type
// services/backend/stackdeck.variables.json declares (that file is the one source of names, types and rules).
export interface BackendConfig extends PostgresSettings {
  HOST?: string;
  PORT?: number;
  LOG_LEVEL?: string;
  SERVICE_ID?: string;
  SERVICE_SECRET?: string;
  JWT_SECRET_KEY?: string;
  AUTH_SERVICE_URL?: string;
  MAX_CONCURRENT_AGENTS?: number;
  AGENT_HEARTBEAT_INTERVAL?: number;
  AGENT_HEARTBEAT_TIMEOUT?: number;
  AGENT_EXECUTION_TIMEOUT?: number;
  EXECUTION_CLEANUP_INTERVAL?: number;
  WEBSOCKET_HEARTBEAT_INTERVAL?: number;
  REDIS_URL?: string;
}
