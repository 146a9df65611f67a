import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readEnvFile } from '../../shared/config/node/read-env-file.ts';
import { parseEnvText } from '../../shared/config/env-file/parse-env-text.ts';
import { parseEnvTextAs } from '../../shared/config/env-file/parse-env-text-as.ts';
import { outsideOf, referenceFileText } from '../../shared/config/env-file/testing/dialect-arbitraries.ts';
import { dotenv, envFileText, lastValues } from '../../shared/config/env-file/testing/env-text-arbitraries.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';

export interface ParserFuzzFigures {
  inputs: number;
  byKind: Record<string, number>;
  throws: number;
  // Inputs whose values differ from dotenv's (goal 0), with the first such input kept to reproduce.
  disagreements: number;
  firstDisagreement: string | null;
  slowestInputMs: number;
  totalSeconds: number;
}

// Texts that stress the one regular expression the grammar is: long runs of quotes, escapes and separators.
const backtrackBait = fc.array(fc.constantFrom('"', "'", '`', '\\', '=', '#', ' ', 'A', '\n', '\r'), { minLength: 100, maxLength: 4000 }).map((parts) => `K=${parts.join('')}`);

// Why: the parser reads whatever a developer's disk holds; across a hundred thousand inputs it must never throw, never
// stall, and read every value as dotenv (the grammar's reference) does.
export function fuzzEnvParser(total: number, seed?: number): ParserFuzzFigures {
  const figures: ParserFuzzFigures = { inputs: 0, byKind: {}, throws: 0, disagreements: 0, firstDisagreement: null, slowestInputMs: 0, totalSeconds: 0 };
  const started = performance.now();
  const kinds: [string, fc.Arbitrary<string>, number][] = [
    ['grammar-shaped files', envFileText(40), 0.5],
    ['full-unicode strings', fc.string({ unit: 'grapheme', maxLength: 400 }), 0.3],
    ['binary decoded as UTF-8', fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('utf8')), 0.15],
    ['backtracking bait', backtrackBait, 0.05],
  ];
  for (const [kind, arbitrary, share] of kinds) {
    const runs = Math.round(total * share);
    fc.assert(fc.property(arbitrary, (text) => {
      figures.inputs++;
      figures.byKind[kind] = (figures.byKind[kind] ?? 0) + 1;
      const before = performance.now();
      let ours: Record<string, string>;
      try {
        parseEnvText(text, '.env');
        ours = lastValues(text);
      } catch {
        figures.throws++;
        return;
      }
      figures.slowestInputMs = Math.max(figures.slowestInputMs, performance.now() - before);
      if (JSON.stringify(ours) !== JSON.stringify(dotenv.parse(text))) {
        figures.disagreements++;
        figures.firstDisagreement ??= JSON.stringify(text);
      }
    }), { numRuns: runs, seed, endOnFailure: true });
  }
  figures.totalSeconds = (performance.now() - started) / 1000;
  return figures;
}

// Why: bytes reach the parser through the file reader, which must turn binary, NULs and broken UTF-8 into findings.
export async function fuzzEnvFileReader(runs: number): Promise<{ files: number; throws: number; findings: number }> {
  const { dir, cleanup } = makeTempDir();
  const figures = { files: 0, throws: 0, findings: 0 };
  try {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
      const path = join(dir, '.env');
      writeFileSync(path, bytes);
      figures.files++;
      try {
        figures.findings += (await readEnvFile(path)).problems.length;
      } catch {
        figures.throws++;
      }
    }), { numRuns: runs });
  } finally {
    cleanup();
  }
  return figures;
}

export interface DialectFuzzFigures {
  inputs: number;
  // Per dialect: inputs read, throws (goal 0), findings that say the loader would never finish, slowest input.
  dialects: Record<string, { throws: number; neverSettles: number; slowestInputMs: number; firstThrow: string | null }>;
  totalSeconds: number;
}

// Texts that stress the expanding dialects: piles of `${`, `$`, `:-` and escapes, and references that feed each other.
const expansionBait = fc.array(fc.constantFrom('${', '}', '$', ':-', ':', '-', '+', '?', '\\', '$&', 'A', 'B', '=', '\n', '"', "'", ' #'), { minLength: 100, maxLength: 4000 })
  .map((parts) => `A=\${B}\nB=${parts.join('')}\nC=${parts.join('')}`);

// Why: every dialect reads the same hostile disk contents as dotenv does; none may throw or stall, whatever it expands.
export function fuzzDialectParsers(total: number, seed?: number): DialectFuzzFigures {
  const dialects = ['python-dotenv', 'dotenv-expand', 'compose'] as const;
  const figures: DialectFuzzFigures = { inputs: 0, dialects: {}, totalSeconds: 0 };
  for (const dialect of dialects) figures.dialects[dialect] = { throws: 0, neverSettles: 0, slowestInputMs: 0, firstThrow: null };
  const outside = outsideOf({ A: '${B}', OS_ONLY: 'x$&' });
  const started = performance.now();
  const kinds: [fc.Arbitrary<string>, number][] = [
    [envFileText(40), 0.35],
    [referenceFileText(20), 0.2],
    [fc.string({ unit: 'grapheme', maxLength: 400 }), 0.25],
    [fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('utf8')), 0.1],
    [backtrackBait, 0.05],
    [expansionBait, 0.05],
  ];
  for (const [arbitrary, share] of kinds) {
    fc.assert(fc.property(arbitrary, (text) => {
      figures.inputs++;
      for (const dialect of dialects) {
        const counts = figures.dialects[dialect] as DialectFuzzFigures['dialects'][string];
        const before = performance.now();
        try {
          const parsed = parseEnvTextAs(text, '.env', dialect, outside);
          if (parsed.problems.some((problem) => /never settles|does not settle/.test(problem.message))) counts.neverSettles++;
        } catch {
          counts.throws++;
          counts.firstThrow ??= JSON.stringify(text);
        }
        counts.slowestInputMs = Math.max(counts.slowestInputMs, performance.now() - before);
      }
    }), { numRuns: Math.round(total * share), seed, endOnFailure: true });
  }
  figures.totalSeconds = (performance.now() - started) / 1000;
  return figures;
}
