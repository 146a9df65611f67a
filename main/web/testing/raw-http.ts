import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { within } from './bounded-wait.ts';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

// Why: fetch will not send a forged Host header; node:http sends exactly the headers a test gives, as an attacker's page or script could.
export function rawRequest(options: { port: number; path: string; method?: string; headers?: OutgoingHttpHeaders; body?: string; address?: string }): Promise<RawResponse> {
  return within(new Promise<RawResponse>((resolve, reject) => {
    const request = httpRequest({
      host: options.address ?? '127.0.0.1',
      port: options.port,
      path: options.path,
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  }), `${options.method ?? 'GET'} ${options.path.split('?')[0]}`);
}
