import { expect, it } from 'vitest';
import { fuzzDialectParsers, fuzzEnvFileReader, fuzzEnvParser } from './env-parser-fuzz.ts';

it('the env parser on 100,000 generated inputs: no throw, no stall, the same values as dotenv', () => {
  const figures = fuzzEnvParser(100_000);
  console.log(`[reliability] env parser fuzz: ${JSON.stringify(figures)}`);
  expect(figures.inputs).toBe(100_000);
  expect(figures.throws).toBe(0);
  expect(figures.disagreements).toBe(0);
  // A stall would be seconds; the figure is printed, and only an absurd one fails.
  expect(figures.slowestInputMs).toBeLessThan(2_000);
});

it('the env file reader on 2,000 random byte files: no throw', async () => {
  const figures = await fuzzEnvFileReader(2_000);
  console.log(`[reliability] env file reader fuzz: ${JSON.stringify(figures)}`);
  expect(figures.files).toBe(2_000);
  expect(figures.throws).toBe(0);
  expect(figures.findings).toBeGreaterThan(0);
});

it('the python-dotenv, dotenv-expand and compose readers on 100,000 generated inputs each: no throw, no stall', () => {
  const figures = fuzzDialectParsers(100_000);
  console.log(`[reliability] env dialect fuzz: ${JSON.stringify(figures)}`);
  expect(figures.inputs).toBe(100_000);
  for (const counts of Object.values(figures.dialects)) {
    expect(counts.throws, counts.firstThrow ?? '').toBe(0);
    expect(counts.slowestInputMs).toBeLessThan(2_000);
  }
}, 600_000);
