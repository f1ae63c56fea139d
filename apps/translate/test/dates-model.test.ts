/**
 * The shipped dates model reads every format the date task writes, and the README lists exactly
 * those formats: one example of each (its table, written for 1999-07-04, a Sunday) and a second,
 * varied date per format, decoded greedily on the CPU backend.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ALL_DATE_FORMATS, DATE_FORMATS, type DateFormat } from '@seq2seq/datasets';
import { loadCheckpoint, Translator, type Seq2SeqConfig, type TranslationData } from '@seq2seq/seq2seq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MODEL_DIR = new URL('../models/dates', import.meta.url).pathname;
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** Rows `| \`FORMAT\` | EXAMPLE |` of the README's table of date formats. */
function readmeFormats(): Map<string, string> {
  const section = README.split('### Date formats')[1]?.split('\n## ')[0] ?? '';
  const rows = [...section.matchAll(/^\| `([^`]+)` \| ([^|]+?) \|/gm)];
  return new Map(rows.map((r) => [r[1]!, r[2]!]));
}

describe('shipped dates model', () => {
  let translator: Translator;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    translator = Translator.fromCheckpoint(await loadCheckpoint<Seq2SeqConfig, TranslationData>(MODEL_DIR, { kind: 'seq2seq' }));
  });
  afterAll(() => translator?.dispose());

  it('lists every format of the date task in the README, with its example for 1999-07-04', () => {
    const listed = readmeFormats();
    expect([...listed.keys()]).toEqual(ALL_DATE_FORMATS);
    for (const [format, example] of listed) expect(example, format).toBe(DATE_FORMATS[format as DateFormat](1999, 7, 4));
  });

  it('translates one example of each format, greedily', () => {
    // 1999-07-04 in every format, then one other day per format, spread over 1950..2049.
    const cases: { format: DateFormat; source: string; target: string }[] = [];
    for (const [i, format] of ALL_DATE_FORMATS.entries()) {
      const day = new Date(Date.UTC(1950, 0, 1) + ((i * 1109 + 13) % 36_524) * 86_400_000);
      const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
      cases.push({ format, source: DATE_FORMATS[format](1999, 7, 4), target: '1999-07-04' });
      cases.push({ format, source: DATE_FORMATS[format](y, m, d), target: DATE_FORMATS['YYYY-MM-DD'](y, m, d) });
    }
    const outputs = translator.translate(cases.map((c) => c.source), { method: 'greedy' }).map((t) => t.text);
    const wrong = cases.filter((c, i) => outputs[i] !== c.target).map((c) => `${c.format}: ${c.source} -> ${outputs[cases.indexOf(c)]}`);
    expect(wrong).toEqual([]);
    expect(outputs[cases.findIndex((c) => c.source === '4 July 1999')]).toBe('1999-07-04');
  });
});
