import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { readScanOutput, scanElectron } from './electronegativity-scan.ts';

const FINDING = { check: 'CSP_GLOBAL_CHECK', severity: 'LOW', confidence: 'TENTATIVE', file: 'main.ts', location: '109:17', sample: '' };

describe('readScanOutput', () => {
  it('reads the findings the runner wrote', () => {
    expect(readScanOutput(JSON.stringify({ parseErrors: [], findings: [FINDING] }), 'src')).toEqual([FINDING]);
  });

  // Regression: the CLI's CSV (header and rows written by two racing writes) was now and then garbled, and could be
  // truncated to nothing: a report is now read whole from the library API and checked before it is believed.
  it('refuses output that is not a report, or a finding of no known severity', () => {
    expect(() => readScanOutput('issue, severity, confidence', 'src')).toThrow();
    expect(() => readScanOutput(JSON.stringify({ findings: [FINDING] }), 'src')).toThrow(/parseErrors/);
    expect(() => readScanOutput(JSON.stringify({ parseErrors: [], findings: [{ ...FINDING, severity: 'it may not be valid."' }] }), 'src')).toThrow(/severity/);
  });

  it('refuses a scan in which a file could not be parsed: its findings would go unseen', () => {
    expect(() => readScanOutput(JSON.stringify({ parseErrors: ['main.ts: Unexpected token (3:4)'], findings: [] }), 'src'))
      .toThrow('electronegativity could not parse src: main.ts: Unexpected token (3:4)');
  });
});

// The real electronegativity, offline (a --require'd shim fails every DNS lookup, so it skips its update checks),
// pinned to the installed Electron's version.
describe('scanElectron (the real tool)', () => {
  it('reports no finding of MEDIUM or higher in main/electron: the two lines reviewed say so inline', () => {
    const { findings, blocking } = scanElectron();
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    // The scan really read main.ts: its CSP is parsed and reported (LOW), and the reviewed lines carry their marks.
    expect(findings.some((finding) => finding.file === 'main.ts')).toBe(true);
    const main = readFileSync(join(import.meta.dirname, 'main.ts'), 'utf8');
    expect(main).toMatch(/shell\.openExternal\(url\); \/\/ eng-disable OPEN_EXTERNAL_JS_CHECK/);
    expect(main).toMatch(/preload: join\(HERE, 'preload\.cjs'\), \/\/ eng-disable PRELOAD_JS_CHECK/);
  }, 120_000);

  it('blocks a risky pattern that carries no review mark, and honours a mark only on its own line', () => {
    const { dir, cleanup } = makeTempDir({
      'window.ts': [
        "import { BrowserWindow, shell } from 'electron';",
        "export const open = () => new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });",
        '// eng-disable OPEN_EXTERNAL_JS_CHECK (on the line above the call: covers nothing)',
        'export const visit = (url: string) => shell.openExternal(url);',
        'export const reviewed = (url: string) => shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK',
      ].join('\n'),
    });
    try {
      const { blocking } = scanElectron([dir]);
      const checks = new Set(blocking.map((finding) => finding.check));
      expect(checks.has('NODE_INTEGRATION_JS_CHECK') || checks.has('CONTEXT_ISOLATION_JS_CHECK'), [...checks].join(', ')).toBe(true);
      expect(blocking.filter((finding) => finding.check === 'OPEN_EXTERNAL_JS_CHECK').map((finding) => finding.location.split(':')[0])).toEqual(['4']);
    } finally {
      cleanup();
    }
  }, 120_000);
});
