import { z } from 'zod';
import { AgentRunSchema } from './agent-events.ts';

// The launcher's view of the agent host's runs: when that service is gone, runs are "unknown", never stale green.
export const AgentMonitorStatusSchema = z.enum(['disabled', 'connecting', 'connected', 'disconnected']);
export type AgentMonitorStatus = z.infer<typeof AgentMonitorStatusSchema>;

export const AgentRunViewSchema = AgentRunSchema.extend({ known: z.boolean() });
export type AgentRunView = z.infer<typeof AgentRunViewSchema>;

export const AgentRunsViewSchema = z.object({
  status: AgentMonitorStatusSchema,
  message: z.string().nullable(),
  runs: z.array(AgentRunViewSchema),
});
export type AgentRunsView = z.infer<typeof AgentRunsViewSchema>;
