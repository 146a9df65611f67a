import { FIXTURES } from '../../engine/testing/test-stack.ts';

// A stack-file entry for the levelled-service fixture: an HTTP service on PORT, ready on /health, logging at each level,
// reading its env files from web/ and declaring API_TOKEN a secret (plus any variables given).
export function levelledWebService(variables: Record<string, object> = {}): object {
  return {
    command: ['node', `${FIXTURES}levelled-service.mjs`],
    envDir: 'web',
    port: { variable: 'PORT' },
    readiness: { http: '/health' },
    variables: { PORT: { type: 'port' }, API_TOKEN: { type: 'string', secret: true }, ...variables },
  };
}
