/**
 * `seq2seq-draw` as a user runs it (the built command): a tiny FVSBN trained for a few steps and
 * resumed, then scored and sampled; test-pool images written and scored; clear answers for bad
 * input lines (each reported with what was expected, the good lines still scored).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng } from '@seq2seq/datasets/images';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingSplit } from '../src/data';
import { ensureBuilt } from '../../../scripts/cli/readme-check';

const APP = fileURLToPath(new URL('..', import.meta.url));
const draw = (args: string[], input = '') =>
  spawnSync(process.execPath, ['bin/seq2seq-draw.mjs', ...args, ...(args[0] === 'images' ? [] : ['--backend', 'wasm'])], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });

describe('seq2seq-draw (built command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'draw-cli-'));
  const model = join(dir, 'tiny');
  beforeAll(() => ensureBuilt(APP, '@seq2seq/draw-app'), 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes binarised test-pool images as JSON lines', () => {
    const r = draw(['images', '--count', '3']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(l.bits).toMatch(/^[01]{784}$/);
      expect(l.label).toBeGreaterThanOrEqual(0);
    }
    // The validation images are those train holds out (its default --val-size 500), in its order.
    const v = draw(['images', '--pool', 'validation']);
    expect(v.status, v.stderr).toBe(0);
    const held = v.stdout.trim().split('\n').map((l) => JSON.parse(l).bits as string);
    expect(held).toHaveLength(500);
    const { dev } = trainingSplit(500);
    for (const row of [0, 1, 499]) expect(held[row]).toBe(Array.from(dev.bits.subarray(row * 784, (row + 1) * 784)).join(''));
    const few = draw(['images', '--pool', 'validation', '--count', '50']).stdout.trim().split('\n');
    expect(few.map((l) => JSON.parse(l).bits)).toEqual(held.slice(0, 50));
  });

  it('trains a few steps, resumes, and finishes with a checkpoint the other commands read', () => {
    const first = draw(['train', '--model-out', model, '--batch', '50', '--val-size', '50', '--max-steps', '2']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ reason: 'max-steps', step: 2, epoch: 0 });
    expect(first.stderr).toMatch(/FVSBN 28x28 \(L2 0\), 615,440 parameters; 7946 training and 50 validation images; 159 batches of 50 per epoch/);
    const again = draw(['train', '--model-out', model, '--max-steps', '4', '--l2', '0.5']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resumed .* at epoch 1, batch 2, step 2/);
    expect(again.stderr).toMatch(/the model is the checkpoint's; ignoring --l2/);
    expect(JSON.parse(again.stdout)).toMatchObject({ reason: 'max-steps', step: 4 });
    const manifest = JSON.parse(readFileSync(join(model, 'checkpoint.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'fvsbn', step: 4, config: { width: 28, height: 28, l2: 0 } });
    expect(manifest.attribution).toMatch(/MNIST/);
    expect(manifest.training.extra.settings).toMatchObject({ batch: 50, 'val-size': 50 });
  }, 300_000);

  it('scores images: nats per image, exact for an FVSBN, lower for the digits than for noise', () => {
    const images = draw(['images', '--count', '20']).stdout;
    const r = draw(['score', '--model', model], images);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ images: 20, bound: false });
    // Started from the pixel frequencies: far below the 543 nats of a coin per pixel.
    expect(out.natsPerImage).toBeLessThan(300);
    const noise = Array.from({ length: 5 }, (_, i) => JSON.stringify({ bits: Array.from({ length: 784 }, (_, k) => ((k * 7 + i) % 3 === 0 ? '1' : '0')).join('') })).join('\n');
    const n = draw(['score', '--model', model], noise);
    expect(JSON.parse(n.stdout).natsPerImage).toBeGreaterThan(out.natsPerImage);
  }, 300_000);

  it('reports each bad line with what was expected and still scores every good one', () => {
    const good = draw(['images', '--count', '2']).stdout.trim().split('\n');
    const lines = [good[0], 'not json', '', JSON.stringify({ bits: '0101' }), JSON.stringify({ png: 'x' }), JSON.stringify({ bits: `${'0'.repeat(783)}2` }), JSON.stringify({ bits: 7 }), good[1]];
    const r = draw(['score', '--model', model], `${lines.join('\n')}\n`);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ images: 2, skipped: 5, bound: false });
    expect(r.stderr).toContain('line 2: skipped: expected {"bits": "<784 characters 0 or 1>"}, got text that is not JSON: "not json"');
    expect(r.stderr).toContain('line 4: skipped: expected {"bits": "<784 characters 0 or 1>"}, got 4 characters');
    expect(r.stderr).toContain('line 5: skipped: expected {"bits": "<784 characters 0 or 1>"}, got "{\\"png\\":\\"x\\"}"');
    expect(r.stderr).toContain('line 6: skipped: expected {"bits": "<784 characters 0 or 1>"}, got "2" at position 783 (row 27)');
    expect(r.stderr).toContain('line 7: skipped: expected {"bits": "<784 characters 0 or 1>"}, got "bits" of type number');
    // The two good lines alone score the same.
    const alone = draw(['score', '--model', model], `${good.join('\n')}\n`);
    expect(alone.status).toBe(0);
    expect(JSON.parse(alone.stdout).natsPerImage).toBe(JSON.parse(r.stdout).natsPerImage);
    const none = draw(['score', '--model', model], 'nothing\n');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/score read no image on stdin: expected JSON lines \{"bits": "<784 characters 0 or 1>"\}/);
  }, 300_000);

  it('samples a PNG sheet, the same for the same seed', () => {
    const a = join(dir, 'a.png');
    const r = draw(['sample', '--model', model, '--n', '6', '--out', a, '--seed', '3']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out: a, images: 6, columns: 3 });
    const sheet = decodePng(readFileSync(a));
    // 3 columns and 2 rows of 56x56 (scale 2) with 1-pixel gaps.
    expect([sheet.width, sheet.height]).toEqual([3 * 57 + 1, 2 * 57 + 1]);
    const b = join(dir, 'b.png');
    draw(['sample', '--model', model, '--n', '6', '--out', b, '--seed', '3']);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
  }, 300_000);

  it('trains a tiny DRAW through the same registry: its score is a bound, its sample a sheet', () => {
    const drawDir = join(dir, 'draw');
    const t = draw(['train', '--type', 'draw', '--config', '{"steps": 3, "hiddenSize": 16, "latentSize": 4}', '--model-out', drawDir, '--batch', '20', '--val-size', '20', '--max-steps', '2', '--lr', '1e-3']);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/DRAW 28x28, 3 glimpses, [\d,]+ parameters; 7976 training and 20 validation images/);
    expect(JSON.parse(readFileSync(join(drawDir, 'checkpoint.json'), 'utf8'))).toMatchObject({ kind: 'draw', step: 2, config: { steps: 3, hiddenSize: 16 } });
    const s = draw(['score', '--model', drawDir], draw(['images', '--count', '5']).stdout);
    expect(s.status, s.stderr).toBe(0);
    const out = JSON.parse(s.stdout);
    expect(out).toMatchObject({ images: 5, bound: true });
    expect(out.natsPerImage).toBeGreaterThan(0);
    const iw = draw(['score', '--model', drawDir, '--samples', '8'], draw(['images', '--count', '5']).stdout);
    expect(iw.status, iw.stderr).toBe(0);
    const tighter = JSON.parse(iw.stdout);
    expect(tighter).toMatchObject({ images: 5, bound: true, importanceSamples: 8 });
    expect(tighter.natsPerImage).toBeGreaterThan(0);
    expect(tighter.natsPerImage).not.toBe(out.natsPerImage);
    // --init-from: a new run from its weights (here at learning rate 0: the same model), trained on the importance-weighted bound.
    const tuned = join(dir, 'draw-iwae');
    const f = draw(['train', '--init-from', drawDir, '--model-out', tuned, '--importance-samples', '3', '--batch', '10', '--val-size', '20', '--max-steps', '1', '--lr', '0']);
    expect(f.status, f.stderr).toBe(0);
    expect(f.stderr).toMatch(/initialised from .*draw \(draw, step 2\)/);
    const fm = JSON.parse(readFileSync(join(tuned, 'checkpoint.json'), 'utf8'));
    expect(fm).toMatchObject({ kind: 'draw', step: 1, config: { steps: 3, hiddenSize: 16, latentSize: 4 } });
    expect(fm.training.extra.settings).toMatchObject({ 'importance-samples': 3, lr: 0 });
    expect(fm.provenance.command).toMatch(/train --type draw .* && seq2seq-draw train --init-from/);
    const same = draw(['score', '--model', tuned], draw(['images', '--count', '5']).stdout);
    expect(JSON.parse(same.stdout).natsPerImage).toBe(out.natsPerImage);
    const twice = draw(['train', '--init-from', drawDir, '--model-out', tuned]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/--init-from starts a new run, but .* already holds a checkpoint/);
    const reconfigured = draw(['train', '--init-from', drawDir, '--model-out', join(dir, 'draw-other'), '--config', '{"steps": 4}']);
    expect(reconfigured.status).toBe(2);
    expect(reconfigured.stderr).toMatch(/--init-from .*: the model is that one; --config cannot change it/);
    const sheet = join(dir, 'draw.png');
    const p = draw(['sample', '--model', drawDir, '--n', '4', '--out', sheet]);
    expect(p.status, p.stderr).toBe(0);
    expect(decodePng(readFileSync(sheet)).width).toBe(2 * 57 + 1);
  }, 300_000);

  it('says what was expected for a missing model, a bad option or a bad type', () => {
    const missing = draw(['score', '--model', join(dir, 'none')], '');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--model: no model named '.*none' \(shipped: fvsbn, draw, spatial-lstm, painter\) and no checkpoint directory there/);
    const exact = draw(['score', '--model', model, '--samples', '4'], '');
    expect(exact.status).toBe(2);
    expect(exact.stderr).toMatch(/--samples: a 'fvsbn' model's score is exact; importance samples tighten DRAW's bound only/);
    const png = draw(['sample', '--model', model, '--out', join(dir, 'x.jpg')]);
    expect(png.stderr).toMatch(/--out: expected a file name ending in \.png, got/);
    const type = draw(['train', '--model-out', join(dir, 'other'), '--type', 'gan']);
    expect(type.status).toBe(2);
    expect(type.stderr).toMatch(/--type: expected one of fvsbn, pixel-bernoulli, draw, spatial-lstm, painter, got 'gan'/);
    expect(existsSync(join(dir, 'other'))).toBe(false);
    const warmup = draw(['train', '--model-out', join(dir, 'other'), '--type', 'fvsbn', '--kl-warmup', '2']);
    expect(warmup.status).toBe(2);
    expect(warmup.stderr).toMatch(/--kl-warmup is an option of --type draw, not of 'fvsbn'/);
    expect(existsSync(join(dir, 'other'))).toBe(false);
    const iwae = draw(['train', '--model-out', join(dir, 'other'), '--type', 'fvsbn', '--importance-samples', '5']);
    expect(iwae.status).toBe(2);
    expect(iwae.stderr).toMatch(/--importance-samples is an option of --type draw, not of 'fvsbn'/);
    const both = draw(['train', '--model-out', join(dir, 'other'), '--type', 'draw', '--importance-samples', '5', '--kl-warmup', '1']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--kl-warmup trains the negative ELBO; it cannot be combined with --importance-samples 5/);
    const none = draw(['train', '--model-out', join(dir, 'other'), '--init-from', join(dir, 'none')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--init-from: no model named '.*none' and no checkpoint directory there/);
    expect(existsSync(join(dir, 'other'))).toBe(false);
    const config = draw(['train', '--model-out', join(dir, 'other'), '--config', '[1]']);
    expect(config.status).toBe(2);
    expect(config.stderr).toMatch(/--config: expected a JSON object of the model's config fields, got '\[1\]'/);
    const paint = draw(['paint', '--model', model, '--index', '0', '--out', join(dir, 'p.png')]);
    expect(paint.status).toBe(2);
    expect(paint.stderr).toMatch(/is a 'fvsbn' model, which does not paint: use --model painter/);
  }, 300_000);
});
