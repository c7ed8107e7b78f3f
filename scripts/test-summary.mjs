// Prints vitest's JSON report as the plain closing line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`no test report at ${file}: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// Per project, when scripts/project-counts-reporter.mjs ran too (one line each, before the total).
try {
  const projects = JSON.parse(
    readFileSync(new URL('projects.json', new URL(file, `file://${process.cwd()}/`)), 'utf8'),
  );
  for (const [name, c] of Object.entries(projects)) {
    console.log(
      `  ${name}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''} (${c.files} files)`,
    );
  }
} catch {
  // no per-project counts
}
const passed = report.numPassedTests ?? 0;
// A test file that fails to load has no test results: count each such file as one failure.
const brokenFiles = (report.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0);
const failed = (report.numFailedTests ?? 0) + brokenFiles.length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
