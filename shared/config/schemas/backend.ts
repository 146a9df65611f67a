import { ALWAYS, DEPLOYED, defineServiceSchema, variable } from '../variable.ts';
import { integer, seconds, text, url } from '../value-types.ts';
import { AUTH_DEFAULT_PORT } from './auth.ts';
import { SIGNING_SECRET_MIN_LENGTH, commonVariables } from './common.ts';

export const BACKEND_DEFAULT_PORT = 8000;

const timing = (description: string, fallbackSeconds: number, breaksWithout: string) =>
  variable(seconds(), { description, breaksWithout, secret: false, requiredIn: [], default: String(fallbackSeconds) });

export const backendSchema = defineServiceSchema('backend', {
  ...commonVariables(BACKEND_DEFAULT_PORT),
  SECRET_KEY: variable(text(), {
    description: 'Signs the backend\'s own sessions and cookies',
    breaksWithout: 'Sessions cannot be signed: every request is anonymous',
    secret: true,
    requiredIn: ALWAYS,
    fallback: { generated: true },
    minSecretLength: SIGNING_SECRET_MIN_LENGTH,
  }),
  AUTH_SERVICE_URL: variable(url(['http', 'https']), {
    description: 'Where the auth service answers (the launcher sets it from discovery)',
    breaksWithout: 'Token validation fails: every authenticated request gets 503',
    secret: false,
    requiredIn: ALWAYS,
    fallback: { value: `http://127.0.0.1:${AUTH_DEFAULT_PORT}` },
    connection: true,
    network: true,
  }),
  FRONTEND_URL: variable(url(['http', 'https']), {
    description: 'Origin of the web frontend, for CORS and OAuth redirects',
    breaksWithout: 'Browsers are refused by CORS and OAuth redirects go nowhere',
    secret: false,
    requiredIn: DEPLOYED,
    fallback: { value: 'http://localhost:3000' },
    network: true,
  }),
  CLICKHOUSE_URL: variable(url(['http', 'https', 'clickhouse']), {
    description: 'ClickHouse analytics URL (a remote cluster in staging and production)',
    breaksWithout: 'Analytics writes fail: "Connection refused localhost:8123"',
    requiredIn: DEPLOYED,
    connection: true,
    network: true,
  }),
  GOOGLE_CLIENT_ID: variable(text(), {
    description: 'Google OAuth client id the backend uses',
    breaksWithout: 'Google sign-in from the backend fails',
    secret: false,
    requiredIn: [],
  }),
  GOOGLE_CLIENT_SECRET: variable(text(), {
    description: 'Google OAuth client secret the backend uses',
    breaksWithout: 'Google sign-in from the backend fails',
    secret: true,
    requiredIn: [],
  }),
  AGENT_HEARTBEAT_INTERVAL: timing('Seconds between an agent run\'s heartbeats', 2, 'Heartbeats every 2 s (the default)'),
  AGENT_HEARTBEAT_TIMEOUT: timing('Seconds without a heartbeat before a run is declared dead', 10, 'Runs are declared dead after 10 s (the default)'),
  AGENT_EXECUTION_TIMEOUT: timing('Seconds a run may take before it is timed out', 30, 'Runs time out after 30 s (the default)'),
  EXECUTION_CLEANUP_INTERVAL: timing('Seconds between sweeps that remove finished runs', 60, 'Finished runs are swept every 60 s (the default)'),
  MAX_CONCURRENT_AGENTS: variable(integer(1, 100_000), {
    description: 'Agent runs allowed at once; more get 429',
    breaksWithout: 'At most 10 runs at once (the default)',
    secret: false,
    requiredIn: [],
    default: '10',
  }),
  WEBSOCKET_HEARTBEAT_INTERVAL: timing('Seconds between pings on the /ws socket', 15, 'Sockets are pinged every 15 s (the default)'),
});
