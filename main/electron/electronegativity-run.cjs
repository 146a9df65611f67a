// Runs electronegativity through its library API (the package's main) and writes its findings as JSON to OUTPUT.
// Its CLI writes a CSV with two racing writes (header, then rows) that can garble the first row or truncate the
// report to nothing; the API hands the findings over whole, written here in one synchronous write. (Its stdout carries
// the tool's own progress messages.) Usage: node electronegativity-run.cjs INPUT ELECTRON_VERSION OUTPUT
const { writeFileSync } = require('node:fs');
const run = require('@doyensec/electronegativity');

const [input, electronVersion, output] = process.argv.slice(2);
run({
  input,
  customScan: [],
  excludeFromScan: [],
  isRelative: true,
  isVerbose: false,
  isSarif: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
}, false).then((result) => {
  writeFileSync(output, JSON.stringify({
    // Files the tool could not parse: a finding there would go unseen, so the caller refuses the scan.
    parseErrors: result.errors.filter((error) => !error.tolerable).map((error) => `${error.file}: ${error.message}`),
    findings: result.issues.map((issue) => ({
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      location: `${issue.location.line}:${issue.location.column}`,
      sample: issue.sample ?? '',
    })),
  }));
}, (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
