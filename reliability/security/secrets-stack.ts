import { e2eStackFiles } from '../../e2e/support/stackdeck-ui.ts';
import type { KnownSecrets } from './secrets-known.ts';

// Where the leaker's env files and script live in the temp stack root.
export const LEAKER = 'leaker';
// The leaker's restarts: it crashes three times (the first run and two restarts), then stays crashed.
export const LEAKER_MAX_RESTARTS = 2;

// A service that does what no service should: prints its secrets (whole, split across writes, straddling the cut of a
// line too long to keep whole, inside its whole environment) to stdout and stderr, then exits 1.
const LEAKER_SCRIPT = `
const env = process.env;
const secrets = ['LEAKY_API_TOKEN', 'JWT_SECRET_KEY', 'POSTGRES_PASSWORD', 'SERVICE_SECRET'].map((key) => env[key] ?? '');
for (const stream of [process.stdout, process.stderr]) {
  stream.write('leaker: my token is ' + env.LEAKY_API_TOKEN + ' and my JWT key ' + env.JWT_SECRET_KEY + '\\n');
  stream.write('leaker: connecting to ' + env.REDIS_URL + ' and ' + env.DATABASE_URL + ' as ' + env.POSTGRES_PASSWORD + '\\n');
}
process.stderr.write('leaker: environment ' + JSON.stringify(env) + '\\n');
// One secret in two writes, the second a moment later: the launcher sees it in two chunks.
const split = secrets[0];
process.stdout.write('leaker: split ' + split.slice(0, 20));
setTimeout(() => {
  process.stdout.write(split.slice(20) + ' done\\n');
  // A line longer than the launcher keeps whole (64 KiB): a secret across the place where it is cut.
  process.stderr.write('x'.repeat(64 * 1024 - 30) + secrets[3] + ' end of long line\\n');
  process.stderr.write('fatal: leaker gives up with ' + secrets[2] + '\\n');
  setTimeout(() => process.exit(1), 100);
}, 150);
`;

export interface SecretStackFiles {
  files: Record<string, string>;
  // The file and text the scan writes while the stack runs, rotating auth's OAUTH_HMAC_SECRET.
  rotation: { path: string; text: string };
}

// Why: the real auth and backend (as the end-to-end tests run them) plus the leaker, every secret of their schemas set
// to a known value: in the services' files, in the stack root's (shadowed by the services' own JWT key), and in URLs.
export function secretStackFiles(secrets: KnownSecrets): SecretStackFiles {
  const base = e2eStackFiles();
  const stack = JSON.parse(base['stackdeck.json'] ?? '{}') as { services: Record<string, object> };
  stack.services[LEAKER] = {
    command: ['node', `${LEAKER}/leak.mjs`],
    envDir: LEAKER,
    restart: { policy: 'on-failure', maxRestarts: LEAKER_MAX_RESTARTS, initialDelayMs: 200, factor: 1, maxDelayMs: 200, resetAfterSeconds: 60 },
  };
  const authEnv = (hmac: string) => `${base['services/auth/.env'] ?? ''}JWT_SECRET_KEY=${secrets.jwt}\nOAUTH_HMAC_SECRET=${hmac}\n` +
    `OAUTH_GOOGLE_CLIENT_SECRET_DEVELOPMENT=${secrets.oauthGoogleDevelopment}\n${secrets.strayLine}\n`;
  return {
    files: {
      'stackdeck.json': JSON.stringify(stack, null, 2),
      '.env': `JWT_SECRET_KEY=${secrets.jwtShadowed}\nSERVICE_SECRET=${secrets.serviceSecret}\nPOSTGRES_HOST=127.0.0.1\nPOSTGRES_PORT=1\n` +
        `POSTGRES_USER=app\nPOSTGRES_DB=app\nPOSTGRES_PASSWORD=${secrets.postgresPassword}\nREDIS_URL=redis://:${secrets.redisPassword}@127.0.0.1:1/0\n`,
      'services/auth/.env': authEnv(secrets.oauthHmac),
      'services/backend/.env': `${base['services/backend/.env'] ?? ''}JWT_SECRET_KEY=${secrets.jwt}\nSECRET_KEY=${secrets.secretKey}\n` +
        `GOOGLE_CLIENT_SECRET=${secrets.googleClientSecret}\nCLICKHOUSE_URL=http://analytics:${secrets.clickhousePassword}@127.0.0.1:1\n` +
        `DATABASE_URL=postgresql://app:${secrets.databaseUrlPassword}@127.0.0.1:1/app\n`,
      [`${LEAKER}/.env`]: `LEAKY_API_TOKEN=${secrets.leakerToken}\n`,
      [`${LEAKER}/leak.mjs`]: LEAKER_SCRIPT,
    },
    rotation: { path: 'services/auth/.env', text: authEnv(secrets.rotated) },
  };
}

// Why: the CLI runs with a launcher environment of its own: a declared secret comes from the OS, a foreign one must stay there.
export function cliEnvironment(root: string, secrets: KnownSecrets): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: root,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    GOOGLE_CLIENT_SECRET: secrets.osGoogleClientSecret,
    AWS_SECRET_ACCESS_KEY: secrets.osForeignCredential,
  };
}
