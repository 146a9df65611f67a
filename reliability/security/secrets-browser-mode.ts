import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_CHROMIUM_REASON, chromiumPath } from '../../e2e/support/chromium.ts';
import { REPO_ROOT, startUi } from '../../e2e/support/stackdeck-ui.ts';
import { startAgentRunInForm, overrideInForm, startAllAndSettle } from './secrets-actions.ts';
import { scanStackFiles } from './secrets-files.ts';
import type { KnownSecrets } from './secrets-known.ts';
import { revealControl, type RevealFigures } from './secrets-reveal.ts';
import type { SecretScanner } from './secrets-scanner.ts';
import { LEAKER, secretStackFiles } from './secrets-stack.ts';
import { openDashboard, type Dashboard } from './secrets-ui.ts';
import { scanEveryView, type ViewFigures } from './secrets-views.ts';
import { engineRequest, scanEngineQueries, scanServiceHealth, stackState, watchEventStream, type EventStream } from './secrets-web.ts';

const SERVICES = ['auth', 'backend', LEAKER];
const SETTLED = { auth: 'ready', backend: 'ready', [LEAKER]: 'crashed' } as const;
const EVENT_WAIT_MS = 20_000;

export interface BrowserModeFigures {
  eventMessages: number;
  apiQueries: number;
  // Masks in the leaker's log backlog and crash records: evidence that it printed its secrets and the launcher redacted them.
  masksInLeakerLog: number;
  masksInLeakerCrashes: number;
  // Why the dashboard was not scanned, when it was not (no Chromium, no built dashboard).
  uiSkipped: string | null;
  views: ViewFigures | null;
  reveal: RevealFigures | null;
}

// Why: `stackdeck ui` is where every output meets: the HTTP API, the event stream, the dashboard, the files the launcher
// writes while the stack runs. The stack is started from the dashboard, a secret overridden in its form, a file rotated.
export async function scanBrowserMode(scanner: SecretScanner, secrets: KnownSecrets): Promise<BrowserModeFigures> {
  const { files, rotation } = secretStackFiles(secrets);
  const ui = await startUi(files);
  let stream: EventStream | undefined;
  let dashboard: Dashboard | undefined;
  const uiSkipped = dashboardMissing();
  try {
    stream = await watchEventStream(ui);
    dashboard = uiSkipped ? undefined : await openDashboard(ui);
    await startAllAndSettle(dashboard?.page, ui, SETTLED);
    if (dashboard) await overrideInForm(dashboard.page, 'backend', 'GOOGLE_CLIENT_SECRET', secrets.override);
    else await engineRequest(ui, 'command', { type: 'setOverride', service: 'backend', key: 'GOOGLE_CLIENT_SECRET', value: secrets.override });
    writeFileSync(join(ui.root, rotation.path), rotation.text);
    await waitForMessage(stream, '"configChanged"', 'OAUTH_HMAC_SECRET');
    if (dashboard) await startAgentRunInForm(dashboard.page, 'secrets-scan-agent');
    else await engineRequest(ui, 'command', { type: 'startAgentRun', agent_name: 'secrets-scan-agent', scenario: 'normal', count: 1 });

    const views = dashboard ? await scanEveryView(scanner, dashboard.page, SERVICES) : null;
    const reveal = dashboard ? await revealControl(scanner, ui, dashboard.page, { service: 'auth', key: 'JWT_SECRET_KEY', value: secrets.jwt }) : null;
    const answers = await scanEngineQueries(scanner, ui, SERVICES);
    const masks = (output: string) => (answers.get(output) ?? '').split('***').length - 1;
    await scanServiceHealth(scanner, await stackState(ui));
    await scanStackFiles(scanner, ui.root, 'ui (running)');
    await stream.close();
    scanEventStream(scanner, stream);
    return {
      eventMessages: stream.messages.length,
      apiQueries: answers.size,
      masksInLeakerLog: masks(`api query logBacklog ${LEAKER}`),
      masksInLeakerCrashes: masks(`api query crashRecords ${LEAKER}`),
      uiSkipped,
      views,
      reveal,
    };
  } finally {
    await stream?.close();
    await dashboard?.close();
    await ui.stop();
    scanner.scan('cli stackdeck ui --no-open (stdout and stderr)', ui.output());
  }
}

function dashboardMissing(): string | null {
  if (!chromiumPath()) return NO_CHROMIUM_REASON;
  if (!existsSync(join(REPO_ROOT, 'dist/renderer/index.html'))) return 'the dashboard is not built (npm run build:renderer)';
  return null;
}

// Why: the stream is scanned by event type, so a leak names the kind of event that carried it.
function scanEventStream(scanner: SecretScanner, stream: EventStream): void {
  const byType = new Map<string, string[]>();
  for (const message of stream.messages) {
    const type = /^\{"type":"([^"]+)"/.exec(message)?.[1] ?? 'other';
    const messages = byType.get(type) ?? [];
    messages.push(message);
    byType.set(type, messages);
  }
  for (const [type, messages] of byType) scanner.scan(`websocket ${type} events (${messages.length})`, messages.join('\n'));
}

async function waitForMessage(stream: EventStream, ...parts: string[]): Promise<void> {
  const deadline = Date.now() + EVENT_WAIT_MS;
  while (!stream.messages.some((message) => parts.every((part) => message.includes(part)))) {
    if (Date.now() > deadline) throw new Error(`no event with ${parts.join(' and ')} within ${EVENT_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
