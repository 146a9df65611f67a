import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUnreachable, type AuthClient, type Verdict } from './auth-client.ts';

// The verdict of the request's token, or an answer already sent: 401 for a bad token, 503 when auth cannot be asked.
export async function verifiedUser(auth: AuthClient, token: string | undefined, reply: FastifyReply): Promise<Verdict | undefined> {
  if (!token) {
    await reply.status(401).send({ error: 'missing_token', message: 'send Authorization: Bearer <token> (POST /auth/dev/login on the auth service gives one)' });
    return undefined;
  }
  try {
    const verdict = await auth.validate(token);
    if (verdict.valid) return verdict;
    await reply.status(401).send({ error: 'invalid_token', message: `the token was refused (${verdict.reason ?? 'invalid'})` });
  } catch (error) {
    if (!(error instanceof AuthUnreachable)) throw error;
    await reply.status(503).send({ error: 'auth_unavailable', message: error.message });
  }
  return undefined;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
