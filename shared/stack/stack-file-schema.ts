import { z } from 'zod';
import { RULE_IDS } from '../config/finding.ts';
import { VariablesFileSchema } from '../config/schema-file/variables-file.ts';
import { parseArgument } from './command-variables.ts';
import { EnvDialectSchema } from '../config/env-file/dialect.ts';

// The declarative stack file (stackdeck.json): what to run, in what order, and how to tell it is ready.
export const serviceName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a service name is lower-case letters, digits and dashes');
const variableKey = z.string().regex(/^[A-Za-z_][\w.-]*$/, 'a variable name is letters, digits, _ . -');

export const PortSpecSchema = z.object({
  variable: variableKey.default('PORT').describe('The variable the chosen port reaches the service in'),
  preferred: z.number().int().min(1, 'a port is 1 to 65535').max(65_535, 'a port is 1 to 65535').optional().describe('Used when free'),
  ifTaken: z.enum(['another', 'fail']).default('another').describe("'another': a free port and a warning; 'fail': a port-conflict error"),
}).strict();

export const ReadinessSchema = z.object({
  http: z.string().startsWith('/', 'an HTTP path starts with /').optional().describe('Ready when GET of this path answers 2xx'),
  log: z.string().optional().describe('Ready when a log line matches this regular expression'),
  timeoutSeconds: z.number().positive().max(600).default(30),
}).strict().refine((readiness) => readiness.http !== undefined || readiness.log !== undefined, 'readiness needs `http` or `log` (or both)');

export const RestartPolicySchema = z.object({
  policy: z.enum(['on-failure', 'always', 'never']).default('on-failure'),
  maxRestarts: z.number().int().min(0).max(1_000).default(5),
  initialDelayMs: z.number().int().min(0).max(600_000).default(500),
  factor: z.number().min(1).max(10).default(2),
  maxDelayMs: z.number().int().min(0).max(3_600_000).default(15_000),
  // Running this long without a crash forgives earlier restarts.
  resetAfterSeconds: z.number().positive().max(86_400).default(30),
}).strict();

export const StackServiceSpecSchema = z.object({
  command: z.array(z.string().min(1)).min(1, 'command needs at least the program').describe("Program and arguments, no shell involved; 'node' is the project's own Node. An argument may use the service's resolved variables: ${PORT} or $PORT (e.g. [\"uvicorn\", \"app:app\", \"--port\", \"${PORT}\"]), substituted per argument before the start; $$ is a literal $"),
  cwd: z.string().default('.').describe('Relative to the stack root'),
  envDir: z.string().min(1).describe("Folder of the service's own .env files, relative to the stack root"),
  schema: z.string().min(1).optional().describe("The service's variables schema: a variables file (JSON, see stackdeck.variables.schema.json) or a varlock-style .env.schema, relative to the stack root"),
  variables: VariablesFileSchema.shape.variables.optional().describe('Variables declared inline instead of (or on top of) a schema file'),
  // The service serves agent runs (GET/POST /api/agents/runs, events on /ws); tokens come from a dev login of `loginFrom`.
  agents: z.object({
    loginFrom: serviceName.optional().describe('The service whose POST /auth/dev/login issues a token for the monitor'),
  }).strict().optional().describe('This service tracks agent runs: the launcher watches them for QA'),
  envDialect: EnvDialectSchema.default('node-dotenv').describe(
    "How the service reads its .env files: 'node-dotenv' (npm dotenv), 'python-dotenv' (load_dotenv, expands ${VAR}), 'dotenv-expand' (dotenv + dotenv-expand), 'compose' (docker compose env_file)",
  ),
  port: PortSpecSchema.optional(),
  dependsOn: z.record(serviceName, z.enum(['started', 'healthy'])).default({}),
  // Variables set to a peer's URL once it has a port, e.g. USERS_SERVICE_URL: users.
  peers: z.record(variableKey, serviceName).default({}),
  readiness: ReadinessSchema.optional(),
  healthCheck: z.object({ http: z.string().startsWith('/'), intervalSeconds: z.number().positive().max(3_600).default(5) }).strict().optional(),
  restart: RestartPolicySchema.default({ policy: 'on-failure', maxRestarts: 5, initialDelayMs: 500, factor: 2, maxDelayMs: 15_000, resetAfterSeconds: 30 }),
  // The service exits when its stdin closes (the launcher went away).
  exitWithStdin: z.boolean().default(false),
  stopGraceSeconds: z.number().positive().max(300).default(5),
  mcp: z.boolean().default(true).describe('false: `stackdeck mcp` neither shows nor controls this service (its state, logs, variables and findings stay out of reach of AI agents)'),
}).strict();

export const StackFileSchema = z.object({
  $schema: z.string().optional(),
  name: z.string().optional(),
  services: z.record(serviceName, StackServiceSpecSchema),
  rules: z.partialRecord(z.enum(RULE_IDS), z.enum(['off', 'info', 'warning', 'error'])).default({}).describe('Severity per rule for this stack, over the profile defaults'),
}).strict().superRefine((stack, context) => {
  const names = Object.keys(stack.services);
  for (const [name, service] of Object.entries(stack.services)) {
    service.command.forEach((argument, index) => {
      const parsed = parseArgument(argument);
      if (!parsed.ok) context.addIssue({ code: 'custom', path: ['services', name, 'command', index], message: parsed.problem });
    });
    for (const dependency of Object.keys(service.dependsOn)) {
      if (!names.includes(dependency)) context.addIssue({ code: 'custom', path: ['services', name, 'dependsOn', dependency], message: `no service '${dependency}' in this stack (services: ${names.join(', ')})` });
      if (dependency === name) context.addIssue({ code: 'custom', path: ['services', name, 'dependsOn', dependency], message: 'a service cannot depend on itself' });
    }
    if (service.agents?.loginFrom !== undefined && !names.includes(service.agents.loginFrom)) {
      context.addIssue({ code: 'custom', path: ['services', name, 'agents', 'loginFrom'], message: `no service '${service.agents.loginFrom}' in this stack` });
    }
    for (const [key, peer] of Object.entries(service.peers)) {
      if (!names.includes(peer)) context.addIssue({ code: 'custom', path: ['services', name, 'peers', key], message: `no service '${peer}' in this stack` });
      else if (!stack.services[peer]?.port) context.addIssue({ code: 'custom', path: ['services', name, 'peers', key], message: `'${peer}' has no port, so it has no URL to give` });
    }
  }
  const cycle = findCycle(Object.fromEntries(Object.entries(stack.services).map(([name, service]) => [name, Object.keys(service.dependsOn)])));
  if (cycle) context.addIssue({ code: 'custom', path: ['services', cycle[0] ?? ''], message: `dependsOn forms a cycle: ${cycle.join(' -> ')}` });
});

export type StackFile = z.output<typeof StackFileSchema>;
export type StackServiceSpec = z.output<typeof StackServiceSpecSchema>;

// A dependency cycle as a path (a -> b -> a), or undefined.
export function findCycle(edges: Record<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of edges[node] ?? []) {
      if (!Object.hasOwn(edges, next)) continue;
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of Object.keys(edges)) {
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

// Start order: every service after what it depends on (the file is already free of cycles).
export function startOrder(stack: StackFile): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (name: string) => {
    if (placed.has(name)) return;
    placed.add(name);
    for (const dependency of Object.keys(stack.services[name]?.dependsOn ?? {})) place(dependency);
    order.push(name);
  };
  for (const name of Object.keys(stack.services)) place(name);
  return order;
}
