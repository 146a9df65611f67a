import { scanBrowserMode, type BrowserModeFigures } from './secrets-browser-mode.ts';
import { scanOneShotCommands, scanUpJson } from './secrets-cli.ts';
import { makeKnownSecrets } from './secrets-known.ts';
import { createSecretScanner, type OutputScan } from './secrets-scanner.ts';

export interface SecretsScanFigures {
  secretsPlanted: number;
  outputs: number;
  bytes: number;
  raw: number;
  encoded: number;
  partial: number;
  jwts: number;
  // Outputs where anything was found, with the first few hits each (goal: none).
  leaks: Pick<OutputScan, 'output' | 'raw' | 'encoded' | 'partial' | 'jwts' | 'hits'>[];
  // Every output with its size and raw occurrences (goal 0 each).
  perOutput: { output: string; bytes: number; raw: number }[];
  leakerCrashesSeenByUp: number;
  browserMode: BrowserModeFigures;
}

// Why: the whole scan, one stack run at a time (the machine is shared): the CLI's one-shot commands, `up --json`, then
// browser mode with its API, event stream, dashboard and files; every output goes through one scanner.
export async function runSecretsScan(): Promise<SecretsScanFigures> {
  const secrets = makeKnownSecrets();
  const scanner = createSecretScanner(secrets);
  await scanOneShotCommands(scanner, secrets);
  const { leakerCrashes } = await scanUpJson(scanner, secrets);
  const browserMode = await scanBrowserMode(scanner, secrets);
  const results = scanner.results;
  const sum = (field: 'bytes' | 'raw' | 'encoded' | 'partial' | 'jwts') => results.reduce((total, result) => total + result[field], 0);
  return {
    secretsPlanted: Object.keys(secrets).length,
    outputs: results.length,
    bytes: sum('bytes'),
    raw: sum('raw'),
    encoded: sum('encoded'),
    partial: sum('partial'),
    jwts: sum('jwts'),
    leaks: results.filter((result) => result.hits.length > 0).map(({ output, raw, encoded, partial, jwts, hits }) => ({ output, raw, encoded, partial, jwts, hits: hits.slice(0, 3) })),
    perOutput: results.map(({ output, bytes, raw }) => ({ output, bytes, raw })),
    leakerCrashesSeenByUp: leakerCrashes,
    browserMode,
  };
}

// Why: the one line the suite prints, e.g. "[reliability] secrets: 14 outputs, 3.2 MB scanned, 0 raw occurrences; ...".
export function secretsSummaryLine(figures: SecretsScanFigures): string {
  const reveal = figures.browserMode.reveal;
  const revealed = reveal
    ? reveal.inPage === reveal.inCell && reveal.inCell > 0 && reveal.afterHide === 0
      ? 'revealed value seen only where revealed'
      : `revealed value seen ${reveal.inPage} times in the page, ${reveal.inCell} in its cell, ${reveal.afterHide} after hiding`
    : `dashboard not scanned (${figures.browserMode.uiSkipped})`;
  return `[reliability] secrets: ${figures.secretsPlanted} secrets planted, ${figures.outputs} outputs, ${(figures.bytes / 1e6).toFixed(1)} MB scanned, ` +
    `${figures.raw} raw occurrences, ${figures.encoded} encoded, ${figures.partial} partial, ${figures.jwts} bearer tokens; ${revealed}`;
}
