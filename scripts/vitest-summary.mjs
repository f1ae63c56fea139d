#!/usr/bin/env node
// Usage: node scripts/vitest-summary.mjs <vitest-json-report>
// Prints one closing line, `tests: N passed, M failed`, from vitest's JSON reporter output.
// A test file that failed without any failing test (it did not load, or a hook threw) counts as
// one failure, so M is never 0 while vitest failed. Exits 1 when M > 0 or there is no report.
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path || !existsSync(path) || readFileSync(path, 'utf8').trim() === '') {
  console.log('tests: 0 passed, 1 failed (vitest wrote no report)');
  process.exit(1);
}

const report = JSON.parse(readFileSync(path, 'utf8'));
const brokenFiles = report.testResults.filter(
  (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
).length;
const passed = report.numPassedTests;
const failed = report.numFailedTests + brokenFiles;
const skipped = report.numPendingTests + report.numTodoTests;

console.log(`tests: ${passed} passed, ${failed} failed${skipped ? ` (${skipped} skipped)` : ''}`);
process.exit(failed > 0 ? 1 : 0);
