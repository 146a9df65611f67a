import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import type { CrashRecord } from '../../shared/api/service-status.ts';
import type { Finding } from '../../shared/config/finding.ts';
import type { ServiceReport, StackReport, VariableReport } from '../../shared/config/report.ts';
import type { Source } from '../../shared/config/source.ts';

// A stack report shaped like the real engine's for the two services of ARCHITECTURE.md: chains several sources
// deep, secrets masked, and one finding of most rules. Tests and the visual demo share it.

const file = (path: string, line: number): Source => ({ kind: 'file', file: path, line });
const AUTH_ENV = 'services/auth/.env';
const BACKEND_ENV = 'services/backend/.env';
const ROOT_ENV = '.env';

function variable(key: string, value: string | null, source: Source | null, extra: Partial<VariableReport> = {}): VariableReport {
  return { key, value, secret: false, declared: true, source, shadowed: [], valid: true, ...extra };
}

const JWT_MISMATCH: Finding = {
  rule: 'cross-service-mismatch', severity: 'error', services: ['auth', 'backend'], key: 'JWT_SECRET_KEY',
  message: 'JWT_SECRET_KEY differs between auth and backend: tokens signed by auth will be rejected by backend',
  suggestion: 'set JWT_SECRET_KEY once in the stack root .env and remove it from services/backend/.env',
  file: BACKEND_ENV, line: 2,
};

const AUTH_FINDINGS: Finding[] = [
  { rule: 'secret-too-short', severity: 'warning', service: 'auth', key: 'SERVICE_SECRET', message: 'SERVICE_SECRET is 12 characters long; secrets need at least 32', suggestion: 'generate one with `openssl rand -base64 48`', file: 'services/auth/.env.local', line: 2 },
  { rule: 'unknown-key', severity: 'warning', service: 'auth', key: 'JWT_SECRT_KEY', message: 'JWT_SECRT_KEY is not declared by any service', suggestion: 'did you mean JWT_SECRET_KEY?', file: AUTH_ENV, line: 12 },
  { rule: 'fallback-used', severity: 'info', service: 'auth', key: 'OAUTH_HMAC_SECRET', message: 'OAUTH_HMAC_SECRET comes from a generated development fallback', suggestion: 'set it in services/auth/.env.local to keep sessions across machines' },
];

const BACKEND_FINDINGS: Finding[] = [
  { rule: 'invalid-value', severity: 'error', service: 'backend', key: 'MAX_CONCURRENT_AGENTS', message: 'MAX_CONCURRENT_AGENTS must be an integer between 1 and 1000', suggestion: 'write a number, e.g. MAX_CONCURRENT_AGENTS=10', file: BACKEND_ENV, line: 9 },
  { rule: 'database-url-direct', severity: 'warning', service: 'backend', key: 'DATABASE_URL', message: 'DATABASE_URL is set directly; the POSTGRES_* components are ignored', suggestion: 'remove DATABASE_URL and set POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB', file: BACKEND_ENV, line: 6 },
  { rule: 'oauth-naming', severity: 'warning', service: 'backend', key: 'GOOGLE_CLIENT_ID', message: 'OAuth credentials exist as OAUTH_GOOGLE_CLIENT_ID_DEVELOPMENT (auth) but backend reads GOOGLE_CLIENT_ID', suggestion: 'add GOOGLE_CLIENT_ID to services/backend/.env.local' },
  { rule: 'fallback-used', severity: 'info', service: 'backend', key: 'SECRET_KEY', message: 'SECRET_KEY comes from a generated development fallback', suggestion: 'set SECRET_KEY in services/backend/.env.local' },
];

const AUTH: ServiceReport = {
  name: 'auth',
  healthScore: 82,
  findings: AUTH_FINDINGS,
  variables: [
    variable('ENVIRONMENT', 'development', file(ROOT_ENV, 1), { shadowed: [{ value: 'development', source: { kind: 'default' } }] }),
    variable('PORT', '4101', { kind: 'launcher' }, { shadowed: [{ value: '8001', source: file(AUTH_ENV, 2) }, { value: '8000', source: { kind: 'default' } }] }),
    variable('SERVICE_ID', 'auth', file(AUTH_ENV, 3)),
    variable('SERVICE_SECRET', '***', file('services/auth/.env.local', 2), { secret: true, shadowed: [{ value: '***', source: file(AUTH_ENV, 4) }] }),
    variable('JWT_SECRET_KEY', '***', file(AUTH_ENV, 5), { secret: true, valid: false }),
    variable('POSTGRES_HOST', 'localhost', file(ROOT_ENV, 4)),
    variable('POSTGRES_PORT', '5432', { kind: 'default' }),
    variable('POSTGRES_USER', 'stackdeck', file(ROOT_ENV, 5)),
    variable('POSTGRES_PASSWORD', '***', { kind: 'os' }, { secret: true, shadowed: [{ value: '***', source: file(ROOT_ENV, 6) }] }),
    variable('POSTGRES_DB', 'auth_dev', file(AUTH_ENV, 8)),
    variable('REDIS_URL', 'redis://:***@localhost:6379/0', file(ROOT_ENV, 3)),
    variable('LOG_LEVEL', 'debug', { kind: 'os' }, { shadowed: [{ value: 'info', source: file(AUTH_ENV, 10) }, { value: 'info', source: { kind: 'default' } }] }),
    variable('OAUTH_GOOGLE_CLIENT_ID_DEVELOPMENT', '1234-dev.apps.googleusercontent.com', file('services/auth/.env.development', 1)),
    variable('OAUTH_GOOGLE_CLIENT_SECRET_DEVELOPMENT', '***', file('services/auth/.env.development', 2), { secret: true }),
    variable('OAUTH_HMAC_SECRET', '***', { kind: 'fallback', file: '.stackdeck/fallbacks.json' }, { secret: true }),
    variable('ACCESS_TOKEN_TTL_SECONDS', '900', { kind: 'default' }),
    variable('JWT_SECRT_KEY', '***', file(AUTH_ENV, 12), { secret: true, declared: false }),
  ],
};

const BACKEND: ServiceReport = {
  name: 'backend',
  healthScore: 64,
  findings: BACKEND_FINDINGS,
  variables: [
    variable('ENVIRONMENT', 'development', file(ROOT_ENV, 1), { shadowed: [{ value: 'development', source: { kind: 'default' } }] }),
    variable('PORT', '4102', { kind: 'launcher' }, { shadowed: [{ value: '8000', source: { kind: 'default' } }] }),
    variable('SERVICE_ID', 'backend', file(BACKEND_ENV, 1)),
    variable('SERVICE_SECRET', '***', file(ROOT_ENV, 7), { secret: true, breaksWithout: 'Complete auth failure between services', requiredBy: [{ service: 'auth', profiles: ['development', 'test', 'staging', 'production'] }, { service: 'backend', profiles: ['development', 'test', 'staging', 'production'] }] }),
    variable('JWT_SECRET_KEY', '***', file(BACKEND_ENV, 2), { secret: true, valid: false, shadowed: [{ value: '***', source: file(ROOT_ENV, 8) }] }),
    variable('SECRET_KEY', '***', { kind: 'fallback', file: '.stackdeck/fallbacks.json' }, { secret: true }),
    variable('AUTH_SERVICE_URL', 'http://127.0.0.1:4101', { kind: 'launcher' }, { shadowed: [{ value: 'http://localhost:8001', source: file(BACKEND_ENV, 4) }] }),
    variable('FRONTEND_URL', 'http://localhost:5173', file(BACKEND_ENV, 5)),
    variable('DATABASE_URL', 'postgresql://stackdeck:***@localhost:5432/app?sslmode=disable', file(BACKEND_ENV, 6), {
      breaksWithout: 'Nothing: it is ignored when the POSTGRES_* components are set',
      requiredBy: [],
      effectiveUrl: {
        from: 'components',
        urlIgnored: true,
        components: [
          { role: 'host', key: 'POSTGRES_HOST', source: file(ROOT_ENV, 4) },
          { role: 'port', key: 'POSTGRES_PORT', source: { kind: 'default' } },
          { role: 'user', key: 'POSTGRES_USER', source: file(ROOT_ENV, 5) },
          { role: 'password', key: 'POSTGRES_PASSWORD', source: { kind: 'os' } },
          { role: 'database', key: 'POSTGRES_DB', source: file(BACKEND_ENV, 7) },
        ],
        drivers: [
          { driver: 'asyncpg', url: 'postgresql+asyncpg://stackdeck:***@localhost:5432/app' },
          { driver: 'libpq', url: 'postgresql://stackdeck:***@localhost:5432/app' },
        ],
      },
    }),
    variable('POSTGRES_HOST', 'localhost', file(ROOT_ENV, 4)),
    variable('POSTGRES_PORT', '5432', { kind: 'default' }),
    variable('POSTGRES_USER', 'stackdeck', file(ROOT_ENV, 5)),
    variable('POSTGRES_PASSWORD', '***', { kind: 'os' }, { secret: true, shadowed: [{ value: '***', source: file(ROOT_ENV, 6) }] }),
    variable('POSTGRES_DB', 'app', file(BACKEND_ENV, 7)),
    variable('REDIS_URL', 'redis://:***@localhost:6379/1', file(BACKEND_ENV, 8), { shadowed: [{ value: 'redis://:***@localhost:6379/0', source: file(ROOT_ENV, 3) }] }),
    variable('CLICKHOUSE_URL', null, null, { breaksWithout: 'Analytics writes fail: "Connection refused localhost:8123"', requiredBy: [{ service: 'backend', profiles: ['staging', 'production'] }] }),
    variable('GOOGLE_CLIENT_ID', null, null),
    variable('GOOGLE_CLIENT_SECRET', null, null, { secret: true }),
    variable('AGENT_HEARTBEAT_INTERVAL', '2', { kind: 'default' }),
    variable('AGENT_HEARTBEAT_TIMEOUT', '10', { kind: 'default' }),
    variable('AGENT_EXECUTION_TIMEOUT', '30', { kind: 'default' }),
    variable('MAX_CONCURRENT_AGENTS', 'ten', file(BACKEND_ENV, 9), { valid: false, shadowed: [{ value: '10', source: { kind: 'default' } }] }),
    variable('LOG_LEVEL', 'info', file(ROOT_ENV, 9), { shadowed: [{ value: 'info', source: { kind: 'default' } }] }),
  ],
};

// Why: one realistic configuration report, the same in every test and in the demo.
export function demoStackReport(): StackReport {
  return structuredClone({ profile: 'development', healthScore: 61, services: [AUTH, BACKEND], findings: [JWT_MISMATCH] });
}

// Why: the plain secrets behind the demo's masks, for revealValue.
export const DEMO_SECRETS: Readonly<Record<string, string>> = {
  'auth/JWT_SECRET_KEY': 'dev-jwt-4a1c9f0e7b2d4c6e8f1a3b5c7d9e0f21',
  'backend/JWT_SECRET_KEY': 'dev-jwt-0000000000000000000000000000beef',
  'auth/SERVICE_SECRET': 'short-secret',
};

// Why: a crash as the supervisor records it: exit code, last stderr lines (redacted), findings, next restart.
export function demoCrashRecord(service: string, restartInMs: number | null, now = Date.now()): CrashRecord {
  return {
    service,
    at: new Date(now - 2_000).toISOString(),
    exitCode: 1,
    signal: null,
    reason: 'exited with code 1 during start-up',
    lastStderr: [
      'config: MAX_CONCURRENT_AGENTS must be an integer between 1 and 1000 (services/backend/.env:9)',
      'Error: invalid configuration for backend (1 error)',
      '    at validateConfig (services/backend/src/config.ts:41:11)',
    ],
    findings: BACKEND_FINDINGS.filter((finding) => finding.severity === 'error'),
    restartAt: restartInMs === null ? null : new Date(now + restartInMs).toISOString(),
  };
}

// Why: runs in each state a QA user must tell apart, including one the monitor no longer knows.
export function demoRuns(now = Date.now()): AgentRunView[] {
  const ago = (ms: number) => new Date(now - ms).toISOString();
  const run = (patch: Partial<AgentRunView> & Pick<AgentRunView, 'run_id' | 'agent_name' | 'state'>): AgentRunView => ({
    scenario: 'normal', started_at: ago(30_000), last_heartbeat_at: ago(1_000), heartbeats: 14, ended_at: null,
    death_cause: null, error: null, known: true,
    seen_at: ago(29_990), beat_received_at: patch.last_heartbeat_at === null ? null : ago(990), state_since: ago(5_000), cause: null, ...patch,
  });
  return [
    run({ run_id: 'run_a1', agent_name: 'summarizer', state: 'RUNNING' }),
    run({ run_id: 'run_a2', agent_name: 'crawler', scenario: 'hang', state: 'UNRESPONSIVE', last_heartbeat_at: ago(7_500), heartbeats: 9 }),
    run({
      run_id: 'run_a3', agent_name: 'crawler', scenario: 'mute', state: 'NEVER_HEARTBEATED', last_heartbeat_at: null, heartbeats: 0, ended_at: ago(3_000),
      death_cause: 'never_heartbeated', state_since: ago(2_990), cause: 'The agent started but sent no heartbeat within 10 s (recovery: check_agent_startup)',
    }),
    run({ run_id: 'run_a4', agent_name: 'indexer', scenario: 'normal', state: 'COMPLETED', heartbeats: 6, ended_at: ago(12_000), last_heartbeat_at: ago(12_500) }),
    run({ run_id: 'run_a5', agent_name: 'indexer', scenario: 'crash', state: 'FAILED', heartbeats: 3, ended_at: ago(20_000), error: 'RuntimeError: simulated crash' }),
    run({ run_id: 'run_a6', agent_name: 'summarizer', state: 'RUNNING', known: false, last_heartbeat_at: ago(40_000) }),
    run({
      run_id: 'run_a7', agent_name: 'planner', scenario: 'slow', state: 'INTERRUPTED', last_heartbeat_at: ago(50_000), started_at: ago(60_000), ended_at: ago(45_000),
      state_since: ago(45_000), cause: 'backend restarted under it: process 4242 was replaced by process 4311; its event socket closed at 10:00:01.200 UTC and backend answered again at 10:00:04.900 UTC (launcher\'s clock)',
    }),
  ];
}
