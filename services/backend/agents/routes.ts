import type { FastifyInstance } from 'fastify';
import { StartAgentRunSchema } from '../../../shared/api/agent-events.ts';
import type { AgentHostInfo, HostLoopSamples } from '../../../shared/api/agent-host.ts';
import { describeIssues } from '../../common/create-app.ts';
import type { AuthClient } from '../auth-client.ts';
import { bearerToken, verifiedUser } from '../require-user.ts';
import { runSimulatedAgent } from './simulated-agent.ts';
import type { AgentTracker } from './tracker.ts';
import type { createEventHub } from './ws-hub.ts';

export interface AgentHost {
  info: AgentHostInfo;
  loopSamples: (afterSeq: number) => HostLoopSamples['samples'];
}

// Agent runs over HTTP (start, list, one), this host's event-loop delay, and the events over /ws; every caller shows a token first.
export function registerAgentRoutes(app: FastifyInstance, tracker: AgentTracker, hub: ReturnType<typeof createEventHub>, auth: AuthClient, host: AgentHost): void {
  app.post('/api/agents/runs', async (request, reply) => {
    if (!(await verifiedUser(auth, bearerToken(request), reply))) return reply;
    const body = StartAgentRunSchema.safeParse(request.body);
    if (!body.success) return reply.status(400).send({ error: 'invalid_request', message: describeIssues(body.error.issues) });
    const run = tracker.start(body.data.agent_name, body.data.scenario);
    if (!run) {
      return reply.status(429).send({ error: 'too_many_agents', message: `${tracker.activeCount()} runs are active; MAX_CONCURRENT_AGENTS is ${tracker.maxConcurrent}` });
    }
    runSimulatedAgent(tracker, run, body.data.scenario);
    return reply.status(202).send({ run_id: run.run_id });
  });

  app.get('/api/agents/runs', async (request, reply) => {
    if (!(await verifiedUser(auth, bearerToken(request), reply))) return reply;
    return { runs: tracker.list(), summary: tracker.summary(), host: host.info };
  });

  app.get<{ Querystring: { after?: string } }>('/api/agents/loop-delay', async (request, reply) => {
    if (!(await verifiedUser(auth, bearerToken(request), reply))) return reply;
    const after = Number(request.query.after ?? 0);
    const answer: HostLoopSamples = { instance: host.info.instance, samples: host.loopSamples(Number.isFinite(after) ? after : 0) };
    return answer;
  });

  app.get<{ Params: { id: string } }>('/api/agents/runs/:id', async (request, reply) => {
    if (!(await verifiedUser(auth, bearerToken(request), reply))) return reply;
    const run = tracker.get(request.params.id);
    return run ?? reply.status(404).send({ error: 'not_found', message: `no run ${request.params.id} (finished runs are swept after EXECUTION_CLEANUP_INTERVAL)` });
  });

  app.get<{ Querystring: { token?: string } }>('/ws', {
    websocket: true,
    preValidation: async (request, reply) => {
      const token = typeof request.query.token === 'string' ? request.query.token : undefined;
      if (!(await verifiedUser(auth, token, reply))) return reply;
    },
  }, (socket) => hub.add(socket));
}
