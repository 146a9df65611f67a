import type { Probe } from './probe.ts';

// How much of a reply is read: enough for a status text, never a whole page.
const BODY_LIMIT = 200;

export type HttpExpectation = 'any-answer' | 'success' | 'clickhouse-ok';

// Why: a peer's health path must answer 2xx, ClickHouse's /ping must say "Ok.", and any other HTTP address proves it is
// reachable by answering at all. Credentials in the URL go in an Authorization header, as fetch refuses them in URLs.
export function httpProbe(expectation: HttpExpectation): Probe {
  return async (address, options) => {
    const url = new URL(address);
    const headers: Record<string, string> = {};
    if (url.username !== '' || url.password !== '') {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]) });
    const body = (await response.text()).slice(0, BODY_LIMIT).trim();
    const answer = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (expectation === 'any-answer') return answer;
    if (expectation === 'clickhouse-ok' && response.status === 200 && body === 'Ok.') return `${answer}: ${body}`;
    if (expectation === 'success' && response.ok) return answer;
    throw new Error(`${answer}${body === '' ? '' : `: ${body.split('\n')[0] ?? ''}`}`);
  };
}
