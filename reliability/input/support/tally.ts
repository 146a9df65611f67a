// What a batch of hostile requests got back, counted by outcome for the reliability figures.
export interface Tally {
  sent: number;
  refused4xx: number;
  // Answered 200 with `{ ok: false, error }`: the engine contract's in-band refusal (unknown service, conflict).
  refusedInBand: number;
  status5xx: number;
  // Anything else (a 2xx acceptance, a dropped connection, a body without error and message), described for the assertion.
  unexpected: string[];
}

// Why: every input test counts the same way, so its one-line figure reads the same in RELIABILITY.md.
export function createTally(): Tally {
  return { sent: 0, refused4xx: 0, refusedInBand: 0, status5xx: 0, unexpected: [] };
}

// Why: a refusal only counts when it is clear: a 4xx whose JSON body has an error code and a message.
export function recordHttpRefusal(tally: Tally, what: string, status: number, text: string): void {
  tally.sent++;
  if (status >= 500) {
    tally.status5xx++;
    tally.unexpected.push(`${what}: ${status} ${text.slice(0, 200)}`);
    return;
  }
  if (status >= 400 && status < 500 && hasErrorAndMessage(text)) {
    tally.refused4xx++;
    return;
  }
  tally.unexpected.push(`${what}: ${status} ${text.slice(0, 200)}`);
}

// Why: the engine contract answers a well-formed request it cannot honour (unknown service) with 200 and
// `{ ok: false, error: { code } }`; such a refusal counts only with the expected code.
export function recordInBandRefusal(tally: Tally, what: string, status: number, text: string, code: string): void {
  tally.sent++;
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { ok?: unknown; error?: { code?: unknown; message?: unknown } }).error;
  } catch {
    error = undefined;
  }
  if (status === 200 && error?.code === code && typeof error.message === 'string' && error.message !== '') tally.refusedInBand++;
  else if (status >= 500) {
    tally.status5xx++;
    tally.unexpected.push(`${what}: ${status} ${text.slice(0, 200)}`);
  } else tally.unexpected.push(`${what}: ${status} ${text.slice(0, 200)}`);
}

// Why: the one-line figure each test prints, e.g. "[reliability] engine HTTP: 812 sent, 812 refused 4xx, 0 5xx, still serving".
export function summaryLine(label: string, tally: Tally, after: string): string {
  const inBand = tally.refusedInBand > 0 ? `, ${tally.refusedInBand} refused in-band (200 ok:false)` : '';
  return `[reliability] ${label}: ${tally.sent} bad requests, ${tally.refused4xx} refused 4xx${inBand}, ${tally.status5xx} 5xx, ` +
    `${tally.unexpected.length} unexpected, ${after}`;
}

function hasErrorAndMessage(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    return typeof body.error === 'string' && body.error !== '' && typeof body.message === 'string' && body.message !== '';
  } catch {
    return false;
  }
}
