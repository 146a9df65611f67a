import { randomBytes } from 'node:crypto';
import websocket from '@fastify/websocket';
import { createApp } from '../common/create-app.ts';
import type { LoadedServiceConfig } from '../common/load-service-config.ts';
import { sampleEventLoopDelay } from '../common/event-loop-delay.ts';
import { serviceHealth } from '../common/service-health.ts';
import { registerAgentRoutes } from './agents/routes.ts';
import { AgentTracker } from './agents/tracker.ts';
import { createEventHub } from './agents/ws-hub.ts';
import { createAuthClient } from './auth-client.ts';
import type { BackendConfig } from './config.ts';
import { bearerToken, verifiedUser } from './require-user.ts';

const seconds = (value: number | undefined, fallback: number) => Math.round((value ?? fallback) * 1000);

// The backend: who am I (through auth), agent runs with heartbeats and deaths, their events on /ws, health.
export async function buildBackendApp(loaded: LoadedServiceConfig<BackendConfig>) {
  const { config, profile } = loaded;
  const app = createApp({ service: 'backend', logLevel: config.LOG_LEVEL ?? 'info' });
  await app.register(websocket, { options: { maxPayload: 4096 } });

  const auth = createAuthClient({ baseUrl: config.AUTH_SERVICE_URL ?? '', serviceId: config.SERVICE_ID ?? 'backend', serviceSecret: config.SERVICE_SECRET ?? '' });
  const tracker = new AgentTracker({
    maxConcurrent: config.MAX_CONCURRENT_AGENTS ?? 10,
    timings: {
      heartbeatIntervalMs: seconds(config.AGENT_HEARTBEAT_INTERVAL, 2),
      heartbeatTimeoutMs: seconds(config.AGENT_HEARTBEAT_TIMEOUT, 10),
      executionTimeoutMs: seconds(config.AGENT_EXECUTION_TIMEOUT, 30),
      cleanupIntervalMs: seconds(config.EXECUTION_CLEANUP_INTERVAL, 60),
    },
  });
  const hub = createEventHub({ pingIntervalMs: seconds(config.WEBSOCKET_HEARTBEAT_INTERVAL, 15), silentFailureThreshold: config.WEBSOCKET_SILENT_FAILURE_THRESHOLD ?? 5 });
  tracker.subscribe((event) => hub.broadcast(event));
  tracker.subscribe((event) => {
    if (event.type === 'agent_death' || event.type === 'agent_failed' || event.type === 'agent_state') app.log.warn({ run_id: event.run_id, event: event.type, payload: event.payload }, `agent ${event.agent_name}: ${event.type}`);
    // Start and end too, so a run's own log lines (those carrying its run_id) tell its whole story.
    else if (event.type === 'agent_started' || event.type === 'agent_completed') app.log.info({ run_id: event.run_id, event: event.type, payload: event.payload }, `agent ${event.agent_name}: ${event.type}`);
  });
  const loopSamples = sampleEventLoopDelay();
  tracker.startWatching();

  const health = serviceHealth({
    service: 'backend',
    profile,
    config,
    extraDependencies: { auth: () => auth.reachability() },
    details: () => ({ agents: tracker.summary(), websocket_clients: hub.count(), websocket_silent_failures: hub.silentFailures() }),
  });

  app.get('/health', async () => health.report());
  app.get('/api/me', async (request, reply) => {
    const user = await verifiedUser(auth, bearerToken(request), reply);
    return user ? { user_id: user.user_id, email: user.email, permissions: user.permissions } : reply;
  });
  registerAgentRoutes(app, tracker, hub, auth, {
    info: {
      instance: randomBytes(8).toString('hex'),
      pid: process.pid,
      timings: {
        heartbeat_interval_ms: tracker.timings.heartbeatIntervalMs,
        heartbeat_timeout_ms: tracker.timings.heartbeatTimeoutMs,
        execution_timeout_ms: tracker.timings.executionTimeoutMs,
      },
    },
    loopSamples: (afterSeq) => loopSamples.since(afterSeq),
  });

  return {
    app,
    beforeClose: () => {
      tracker.shutdown('the backend is shutting down');
      hub.close();
      health.stop();
      loopSamples.stop();
    },
  };
}
