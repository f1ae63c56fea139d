import { mkdtemp, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadTranslator } from './checkpoints';
import { main, reportError } from './cli';
import { translateLine, MAX_LINE_CHARS } from './commands/translate';
import { attentionText } from './attention-text';
import { defaultModelDir } from './models';
import { formatProgress } from './progress';

/** Runs the CLI in-process and captures what it writes. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(argv).catch((e: unknown) => reportError(e));
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'translate-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('terminal output', () => {
  it('draws the attention heatmap through @seq2seq/viz, the strongest cell of each row darkest', () => {
    const text = attentionText({ attention: [[0.9, 0.1], [0.2, 0.8]], sourceTokens: ['a'], tokens: ['x'] });
    const [, row1, row2] = text.split('\n');
    expect(row1).toMatch(/^ +x ██ /);
    expect(row2).toBe('<eos> ░░ ██ ');
    expect(text).toContain('0=a  1=<eos>');
    // Decoding stopped at the length limit: no <eos> step, so no <eos> row.
    const cut = attentionText({ attention: [[0.9, 0.1]], sourceTokens: ['a'], tokens: ['x', 'y'] }).split('\n');
    expect(cut).toHaveLength(1 + 1 + 2);
    // A long sentence in a 60-column terminal fits it.
    const words = Array.from({ length: 25 }, (_, i) => `w${i}`);
    const wide = attentionText({ attention: [Array.from({ length: 26 }, () => 1 / 26)], sourceTokens: words, tokens: [] }, 60);
    for (const line of wide.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });
  it('formats progress with a bar, loss, speed and ETA', () => {
    const line = formatProgress({ epoch: 0, epochs: 10, batch: 49, batches: 100, loss: 2.3456, tokensPerSecond: 1234.5, etaSeconds: 75, step: 50 });
    expect(line).toMatch(/^epoch 1\/10 \[=+> +\]  50% loss 2\.346 \| 1,235 tok\/s \| ETA 1:15 \| step 50$/);
  });
});

describe('seq2seq-translate', () => {
  it('shows help that credits Tatoeba, and rejects unknown commands', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Tatoeba \(tatoeba\.org\)/);
    expect(help.stdout).toMatch(/CC-BY 2\.0 FR/);
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('translates dates with the shipped model', async () => {
    await tf.setBackend('wasm');
    const { translator } = await loadTranslator(defaultModelDir('dates'));
    try {
      const o = { beam: 1, 'length-penalty': 0.6 };
      expect(translateLine(translator, 'Jan 23, 2015', 1, o)).toBe('2015-01-23');
      expect(translateLine(translator, '01/02/1999', 2, o)).toBe('1999-01-02');
      expect(translateLine(translator, '   ', 3, o)).toBe('');
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      expect(translateLine(translator, 'x'.repeat(MAX_LINE_CHARS + 1), 4, o)).toBe('');
      expect(String(err.mock.calls[0]![0])).toMatch(/line 4 has 2001 characters \(limit 2000\); left untranslated/);
      err.mockRestore();
    } finally {
      translator.dispose();
    }
  });

  it('drops control characters instead of copying them, and says so', async () => {
    await tf.setBackend('wasm');
    const { translator } = await loadTranslator(defaultModelDir('dates'));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const o = { beam: 1, 'length-penalty': 0.6 };
      const out = translateLine(translator, 'Jan 23,\u0000 2015\r', 5, o);
      expect(out).toBe('2015-01-23');
      expect(out).not.toMatch(/[\u0000-\u001f]/);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/note: line 5: removed 2 control characters \(U\+0000, U\+000D\)/);
    } finally {
      err.mockRestore();
      translator.dispose();
    }
  });

  it('rejects a numeric option outside its range with a usage error naming the range', async () => {
    const zero = await run(['translate', 'hello', '--beam', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/error: --beam must be an integer from 1 to 100, got '0'/);
    const steps = await run(['train', '--task', 'dates', '--out', join(dir, 'never'), '--max-steps', '-3']);
    expect(steps.code).toBe(2);
    expect(steps.stderr).toMatch(/--max-steps needs a value/);
    const dropout = await run(['train', '--task', 'dates', '--out', join(dir, 'never'), '--dropout=1.5']);
    expect(dropout.stderr).toMatch(/--dropout must be a number from 0 to 0.95, got '1.5'/);
  });

  it('explains a missing or foreign model directory without a stack trace', async () => {
    const missing = await run(['translate', 'hello', '--model', join(dir, 'nope'), '--backend', 'cpu']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error: no checkpoint in '.*nope': expected a directory with checkpoint\.json and model\.safetensors/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const foreign = join(dir, 'foreign');
    await mkdir(foreign, { recursive: true });
    await writeFile(join(foreign, 'checkpoint.json'), JSON.stringify({ modelTopology: {} }));
    const f = await run(['translate', 'hello', '--model', foreign, '--backend', 'cpu']);
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(/is not a seq2seq checkpoint/);
    const badBackend = await run(['translate', 'hello', '--backend', 'tpu']);
    expect(badBackend.code).toBe(2);
    expect(badBackend.stderr).toMatch(/--backend must be one of webgpu, wasm, cpu; got 'tpu'/);
  });

  it('trains, resumes, evaluates and exports a tiny dates model', async () => {
    const out = join(dir, 'dates');
    const common = ['--task', 'dates', '--count', '300', '--out', out, '--embedding', '8', '--hidden', '8', '--decoder-hidden', '16', '--dev-bleu', '0', '--batch-size', '32', '--backend', 'wasm'];
    const wallStart = performance.now();
    const first = await run(['train', ...common, '--epochs', '1']);
    const wallSeconds = (performance.now() - wallStart) / 1000;
    expect(first.code).toBe(0);
    // Training time is counted once, however many times the checkpoint was saved.
    const saved = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8'));
    expect(saved.training.elapsedSeconds).toBeGreaterThan(0);
    expect(saved.training.elapsedSeconds).toBeLessThan(wallSeconds);
    expect(first.stderr).toMatch(/backend: wasm/);
    expect(first.stderr).toMatch(/epoch 1: train loss [\d.]+, dev loss [\d.]+/);
    expect(first.stderr).toMatch(/attention \(teacher-forced, \d+ target steps\): entropy [\d.]+, max weight [\d.]+, coverage [\d.]+/);
    // The learning curve is in the checkpoint, one entry per epoch.
    const history = saved.training.history;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ epoch: 1, step: 10, trainLoss: expect.any(Number), devLoss: expect.any(Number) });
    expect(history[0].attentionEntropy).toBeGreaterThan(0);
    expect(history[0].attentionEntropy).toBeLessThanOrEqual(1);
    const best = JSON.parse(await readFile(join(out, 'best', 'checkpoint.json'), 'utf8'));
    expect(best.metrics).toMatchObject({ epoch: 1, devLoss: history[0].devLoss });
    const resumed = await run(['train', '--resume', '--out', out, '--epochs', '2', '--backend', 'wasm']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming at epoch 2, step 10/);
    expect(resumed.stderr).toMatch(/saved .* \(epoch 2, step 20/);
    const after = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8'));
    expect(after.training.history.map((h: { step: number }) => h.step)).toEqual([10, 20]);
    expect(after.training.elapsedSeconds).toBeGreaterThan(saved.training.elapsedSeconds);
    const evaluated = await run(['eval', '--task', 'dates', '--model', join(out, 'best'), '--backend', 'wasm', '--limit', '8']);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/\| greedy   \| +[\d.]+ \| +[\d.]+% \|/);
    expect(evaluated.stdout).toMatch(/\| beam 5   \|/);
    expect(evaluated.stdout).toMatch(/attention \(teacher-forced, \d+ target steps\): entropy/);
    const exported = await run(['export', '--model', join(out, 'best'), '--out', join(dir, 'shipped'), '--float16']);
    expect(exported.code).toBe(0);
    const { translator } = await loadTranslator(join(dir, 'shipped'));
    expect(translator.model.countParameters()).toBeGreaterThan(0);
    translator.dispose();
    // Continue the shipped (optimiser-free) model: same architecture and splits, new optimiser.
    const continued = await run(['train', '--init-from', join(dir, 'shipped'), '--out', join(dir, 'continued'), '--epochs', '1', '--dev-bleu', '0', '--backend', 'wasm']);
    expect(continued.code).toBe(0);
    expect(continued.stderr).toMatch(/train: \d+ pairs .*vocab \d+ -> \d+/);
    expect(continued.stderr).not.toMatch(/resuming/);
  });

  it('trains on 2 workers, stops, resumes to the in-process result; rejects a bad --workers', async () => {
    const common = ['--task', 'dates', '--count', '300', '--embedding', '8', '--hidden', '8', '--decoder-hidden', '16', '--dev-bleu', '0', '--batch-size', '32', '--dropout', '0', '--epochs', '1', '--backend', 'wasm'];
    const single = await run(['train', ...common, '--out', join(dir, 'single')]);
    expect(single.code).toBe(0);
    const out = join(dir, 'workers');
    const stopped = await run(['train', ...common, '--out', out, '--workers', '2', '--max-steps', '4']);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/parameters; 2 workers/);
    expect(JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')).training.trainer).toMatchObject({ step: 4, epoch: 0 });
    const resumed = await run(['train', '--resume', '--out', out, '--workers', '2', '--max-steps', '100', '--backend', 'wasm']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming at epoch 1, step 4/);
    const a = JSON.parse(await readFile(join(dir, 'single', 'checkpoint.json'), 'utf8')).training.history;
    const b = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')).training.history;
    expect(b.map((h: { step: number }) => h.step)).toEqual(a.map((h: { step: number }) => h.step));
    expect(b[0].devLoss).toBeCloseTo(a[0].devLoss, 3); // the same global batches: the same training, up to float rounding
    const { translator } = await loadTranslator(join(out, 'best'));
    expect(translator.model.countParameters()).toBeGreaterThan(0);
    translator.dispose();
    const bad = await run(['train', ...common, '--out', join(dir, 'never'), '--workers', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--workers must be a positive integer or 'auto', got 'many'/);
  }, 180_000);
});
