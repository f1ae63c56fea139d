// vitest's JSON reporter, writing to $SEQ2SEQ_VITEST_REPORT without announcing the file, so that
// the default reporter's summary stays the last thing vitest prints (see test-all.sh).
import { writeFileSync } from 'node:fs';
import { JsonReporter } from 'vitest/reporters';

export default class QuietJsonReporter extends JsonReporter {
  async writeReport(report) {
    const file = process.env.SEQ2SEQ_VITEST_REPORT;
    if (!file) throw new Error('vitest-quiet-json-reporter: set SEQ2SEQ_VITEST_REPORT to the file to write');
    writeFileSync(file, report, 'utf8');
  }
}
