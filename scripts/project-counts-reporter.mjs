// A vitest reporter that writes test-results/projects.json: passed, failed and skipped tests per
// project (vitest's JSON report does not say which project a file ran in). Read by
// scripts/test-summary.mjs. Use it next to the others: --reporter=./scripts/project-counts-reporter.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export default class ProjectCountsReporter {
  onTestRunEnd(testModules) {
    const counts = {};
    for (const module of testModules) {
      const entry = (counts[module.project.name] ??= { passed: 0, failed: 0, skipped: 0, files: 0 });
      entry.files++;
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === 'passed') entry.passed++;
        else if (state === 'failed') entry.failed++;
        else entry.skipped++;
      }
      // A file that fails to load has no tests: count it as one failure, as test-summary.mjs does.
      if (tests === 0 && module.state() === 'failed') entry.failed++;
    }
    const file = path.resolve('test-results/projects.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(counts, null, 2)}\n`);
  }
}
