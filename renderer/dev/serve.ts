import { fileURLToPath } from 'node:url';
import { startWebServer } from '../../main/web/server.ts';
import { createDemoStack } from './demo-stack.ts';

// Serves the built dashboard (npx vite build) against the in-memory demo stack, for looking at it in a browser:
//   node renderer/dev/serve.ts [port]
const rendererDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const demo = await createDemoStack();
const server = await startWebServer({ engine: demo.engine, rendererDir, port: Number(process.argv[2] ?? 0) });
console.log(`Stackdeck demo dashboard: ${server.url}`);

const stop = () => {
  demo.stop();
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
