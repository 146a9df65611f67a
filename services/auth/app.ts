import { z } from 'zod';
import type { LoadedServiceConfig } from '../common/load-service-config.ts';
import { createApp, describeIssues } from '../common/create-app.ts';
import { serviceHealth } from '../common/service-health.ts';
import { SERVICE_ID_HEADER, SERVICE_ID_PATTERN, SERVICE_SECRET_HEADER, secretsMatch } from '../common/service-credentials.ts';
import type { AuthConfig } from './config.ts';
import { issueToken, verifyToken } from './tokens.ts';

// 254: the longest address SMTP carries (RFC 5321); a longer one would make a token too long for /auth/validate.
const DevLoginSchema = z.object({ email: z.email('email must be an email address').max(254, 'email is at most 254 characters') }).strict();
const ValidateSchema = z.object({ token: z.string().min(1, 'token must not be empty').max(8192, 'token is too long') }).strict();

// The auth service: dev login (development/test only), token validation for other services, health.
export function buildAuthApp(loaded: LoadedServiceConfig<AuthConfig>) {
  const { config, profile } = loaded;
  const app = createApp({ service: 'auth', logLevel: config.LOG_LEVEL ?? 'info' });
  const health = serviceHealth({ service: 'auth', profile, config });
  const signingKey = config.JWT_SECRET_KEY ?? '';

  app.get('/health', async () => health.report());

  if (profile === 'development' || profile === 'test') {
    app.post('/auth/dev/login', async (request, reply) => {
      const body = DevLoginSchema.safeParse(request.body);
      if (!body.success) return reply.status(400).send({ error: 'invalid_request', message: describeIssues(body.error.issues) });
      const token = await issueToken(body.data.email, signingKey, config.ACCESS_TOKEN_TTL_SECONDS ?? 900);
      request.log.info({ user: token.user.id }, 'dev login');
      return token;
    });
  }

  // A caller names itself with a service-like id (letters, digits, . _ -); anything else is refused, not logged whole.
  app.post('/auth/validate', async (request, reply) => {
    const caller = request.headers[SERVICE_ID_HEADER];
    const secret = request.headers[SERVICE_SECRET_HEADER];
    if (typeof caller !== 'string' || !SERVICE_ID_PATTERN.test(caller) || !secretsMatch(typeof secret === 'string' ? secret : undefined, config.SERVICE_SECRET)) {
      request.log.warn({ caller: typeof caller === 'string' ? caller.slice(0, 64) : null }, 'refused a validate call without valid service credentials');
      return reply.status(401).send({ error: 'service_unauthorized', message: `send ${SERVICE_ID_HEADER} and the stack's SERVICE_SECRET in ${SERVICE_SECRET_HEADER}` });
    }
    const body = ValidateSchema.safeParse(request.body);
    if (!body.success) return reply.status(400).send({ error: 'invalid_request', message: describeIssues(body.error.issues) });
    return verifyToken(body.data.token, signingKey);
  });

  return { app, beforeClose: () => health.stop() };
}
