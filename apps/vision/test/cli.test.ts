/**
 * `seq2seq-vision` as a user runs it (the built command): a tiny model trained for a few steps
 * and resumed, a whole epoch with the validation scores in the history, then eval and read on
 * it, and clear answers for bad input (a JSON error line per bad image, never a crash).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blankImage, encodePng, fashionPools, makeDigitString, makeScene, mnistPools, type GrayImage } from '@seq2seq/datasets/images';
import { Rng } from '@seq2seq/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../scripts/cli/readme-check';

const APP = fileURLToPath(new URL('..', import.meta.url));
const vision = (args: string[], input = '') =>
  spawnSync(process.execPath, ['bin/seq2seq-vision.mjs', ...args, '--backend', 'wasm'], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });
const TINY = ['--stem-channels', '4', '--stages', '8', '--blocks', '1', '--hidden', '16', '--embedding', '8', '--batch', '4', '--steps-per-epoch', '3', '--val-size', '8'];
const png64 = (image: GrayImage) => Buffer.from(encodePng(image)).toString('base64');

describe('seq2seq-vision (built command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vision-cli-'));
  const model = join(dir, 'tiny');
  beforeAll(() => ensureBuilt(APP, '@seq2seq/vision-app'), 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains a few steps, resumes, and finishes an epoch with validation scores and a best model', () => {
    const first = vision(['train', '--model-out', model, ...TINY, '--max-steps', '2']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ reason: 'max-steps', step: 2, epoch: 0 });
    expect(first.stderr).toMatch(/digits: ResNet 4\/8x1 \(batch norm\) -> 12x40 grid, learned positions, 16 lstm; .* parameters; 3 batches of 4 fresh examples per epoch, 8 validation examples/);
    const again = vision(['train', '--model-out', model, '--epochs', '1']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resumed .* at epoch 1, batch 2, step 2/);
    expect(JSON.parse(again.stdout)).toMatchObject({ reason: 'completed', step: 3, epoch: 1 });
    const manifest = JSON.parse(readFileSync(join(model, 'checkpoint.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'image-to-sequence', step: 3, config: { height: 48, width: 160, stageChannels: [8], hiddenSize: 16 } });
    expect(manifest.data.vocabulary).toEqual({ tokens: ['<pad>', '<sos>', '<eos>', ...'0123456789'], separator: '' });
    expect(manifest.attribution).toMatch(/MNIST/);
    const [entry] = manifest.training.history;
    expect(entry).toMatchObject({ epoch: 1, step: 3 });
    expect(entry.valSequenceAccuracy).toBeGreaterThanOrEqual(0);
    expect(entry.valCharacterErrorRate).toBeGreaterThan(0);
    expect(existsSync(join(model, 'best/checkpoint.json'))).toBe(true);
  }, 300_000);

  it('evaluates on fresh test-pool strings: accuracy, character error rate, accuracy by length', () => {
    const r = vision(['eval', '--model', model, '--count', '20', '--batch', '10']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ task: 'digits', beam: 1, shift: 1 }); // digits read with 9 shifted views by default
    const scores = out.test;
    expect(scores.count).toBe(20);
    expect(scores.sequenceAccuracy).toBeGreaterThanOrEqual(0);
    expect(scores.characterErrorRate).toBeGreaterThan(0); // an untrained model
    const lengths = scores.byLength as Array<{ length: number; count: number; sequenceAccuracy: number }>;
    expect(lengths.reduce((n, l) => n + l.count, 0)).toBe(20);
    for (const l of lengths) expect(l.length).toBeGreaterThanOrEqual(1);
    // Per-digit errors by the generator's conditions: every label digit counted once in "all".
    const conditions = scores.byCondition as Record<string, { digits: number; errors: number; errorRate: number }>;
    const labelDigits = lengths.reduce((n, l) => n + l.length * l.count, 0);
    expect(conditions.all!.digits).toBe(labelDigits);
    for (const name of ['isolated', 'clutter', 'crowded', 'small']) expect(conditions[name]!.digits).toBeLessThanOrEqual(labelDigits);
    expect(conditions.all!.errorRate).toBeCloseTo(conditions.all!.errors / labelDigits, 4);
    // An ensemble of a model with itself reads as the model does.
    const pair = vision(['eval', '--model', `${model},${model}`, '--count', '20', '--batch', '10']);
    expect(pair.status, pair.stderr).toBe(0);
    expect(JSON.parse(pair.stdout)).toMatchObject({ ensemble: 2, test: { sequenceAccuracy: scores.sequenceAccuracy, characterErrorRate: scores.characterErrorRate } });
    // Without test-time shifts: the same strings, read once each.
    const unshifted = vision(['eval', '--model', model, '--count', '20', '--batch', '10', '--shift', '0']);
    expect(unshifted.status, unshifted.stderr).toBe(0);
    expect(JSON.parse(unshifted.stdout)).toMatchObject({ shift: 0, test: { count: 20 } });
    expect(vision(['eval', '--model', model, '--shift', '5']).stderr).toMatch(/--shift/);
  }, 300_000);

  it('grows a trained model by a block per stage (--init-from), and refuses to overwrite a checkpoint with it', () => {
    const grown = join(dir, 'grown');
    const r = vision(['train', '--model-out', grown, '--init-from', model, '--blocks', '2', '--batch', '4', '--steps-per-epoch', '3', '--val-size', '8', '--max-steps', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/initialised from .*tiny: \d+ weights copied; new blocks starting as the identity: encoder\.stage0_block1\n/);
    expect(r.stderr).toMatch(/digits: ResNet 4\/8x2 /); // the trained model's options, the block count given
    // --antialias keeps the weights: all of them are copied, none fresh.
    const blurred = vision(['train', '--model-out', join(dir, 'blurred'), '--init-from', model, '--antialias', '--batch', '4', '--steps-per-epoch', '3', '--val-size', '8', '--max-steps', '1']);
    expect(blurred.status, blurred.stderr).toBe(0);
    expect(blurred.stderr).toMatch(/digits: ResNet 4\/8x1 \(batch norm, anti-aliased\)/);
    expect(blurred.stderr).not.toMatch(/freshly initialised/);
    expect(JSON.parse(readFileSync(join(dir, 'blurred', 'checkpoint.json'), 'utf8')).config.antialias).toBe(true);
    // --augment is a training setting: saved with the checkpoint.
    const augmented = vision(['train', '--model-out', join(dir, 'augmented'), '--init-from', model, '--augment', '--batch', '4', '--steps-per-epoch', '3', '--val-size', '8', '--max-steps', '1']);
    expect(augmented.status, augmented.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'augmented', 'checkpoint.json'), 'utf8')).training.extra.settings.augment).toBe(true);
    const half = vision(['train', '--model-out', join(dir, 'half'), '--init-from', model, '--augment', '--augment-share', '0.5', '--batch', '4', '--steps-per-epoch', '3', '--val-size', '8', '--max-steps', '1']);
    expect(half.status, half.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'half', 'checkpoint.json'), 'utf8')).training.extra.settings['augment-share']).toBe(0.5);
    const shareAlone = vision(['train', '--model-out', join(dir, 'share-alone'), '--init-from', model, '--augment-share', '0.5']);
    expect(shareAlone.status).toBe(2);
    expect(shareAlone.stderr).toMatch(/--augment-share is the share of distorted strings under --augment; give --augment too/);
    const again = vision(['train', '--model-out', grown, '--init-from', model]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/--init-from starts a new model, but .* already holds a checkpoint/);
  }, 300_000);

  it('reads JSON lines: base64 PNGs, files, resized images, attention on request, an error line per bad one', () => {
    const { image } = makeDigitString(mnistPools().test, new Rng(5));
    const file = join(dir, 'digits.png');
    writeFileSync(file, encodePng(image));
    const big = { width: 320, height: 96, pixels: new Uint8Array(320 * 96) };
    const white = blankImage(160, 48);
    white.pixels.fill(255);
    const lines = [
      JSON.stringify({ png: png64(image) }),
      JSON.stringify({ path: file }),
      'not json',
      JSON.stringify({ png: Buffer.from('GIF89a').toString('base64') }),
      JSON.stringify({ png: png64(blankImage(28, 28)) }),
      JSON.stringify({ png: png64(big) }),
      JSON.stringify({ path: join(dir, 'missing.png') }),
      JSON.stringify({ png: png64(white) }),
      JSON.stringify({ text: 'no image' }),
    ];
    const r = vision(['read', '--model', model, '--attention'], `${lines.join('\n')}\n`);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(lines.length);
    expect(typeof out[0].text).toBe('string');
    expect(out[0].grid).toEqual({ height: 12, width: 40 });
    expect(out[0].attention.length).toBeGreaterThan(0);
    for (const row of out[0].attention) expect(row.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 2);
    expect(out[1].text).toBe(out[0].text);
    expect(out[2].error).toMatch(/not a JSON line/);
    expect(out[3].error).toMatch(/PNG/);
    expect(out[4].error).toMatch(/reads 160x48 images; got 28x28, another shape/);
    expect(out[5]).toMatchObject({ resizedFrom: '320x96' });
    expect(typeof out[5].text).toBe('string');
    expect(out[6].error).toMatch(/cannot read .*missing.png.*ENOENT/);
    expect(out[7]).toMatchObject({ inverted: true });
    expect(out[8].error).toMatch(/expected \{"png"/);
  }, 300_000);

  it('trains a caption model on scenes, evaluates it on seen and held-out combinations, captions a PNG', () => {
    const scenes = join(dir, 'scenes');
    const t = vision(['train', '--task', 'scenes', '--model-out', scenes, ...TINY, '--epochs', '1']);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/scenes: ResNet 4\/8x1 .* -> 24x24 grid/);
    const manifest = JSON.parse(readFileSync(join(scenes, 'checkpoint.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'image-to-sequence', config: { height: 96, width: 96 }, data: { task: 'scenes' } });
    expect(manifest.data.vocabulary.separator).toBe(' ');
    expect(manifest.data.vocabulary.tokens).toContain('sneaker');
    expect(manifest.attribution).toMatch(/Fashion-MNIST/);
    expect(manifest.training.history[0].valExactMatch).toBeGreaterThanOrEqual(0);
    const e = vision(['eval', '--model', scenes, '--count', '4']);
    expect(e.status, e.stderr).toBe(0);
    const scores = JSON.parse(e.stdout);
    expect(scores.task).toBe('scenes');
    expect(scores.shift).toBe(0); // captions: no test-time shifts by default
    for (const split of ['test', 'heldOut']) {
      expect(scores[split]).toMatchObject({ count: 4 });
      for (const key of ['bleu', 'exactMatch', 'layoutAccuracy', 'grammatical']) expect(scores[split][key]).toBeGreaterThanOrEqual(0);
      expect(scores[split].examples[0].reference).toMatch(/^a (shirt|dress|sandal|sneaker|bag|boot) /);
    }
    const scene = makeScene(fashionPools().test, new Rng(3), { split: 'any' });
    const c = vision(['caption', '--model', scenes], `${JSON.stringify({ png: png64(scene.image) })}\n${JSON.stringify({ png: png64(blankImage(160, 48)) })}\n`);
    expect(c.status, c.stderr).toBe(0);
    const [good, bad] = c.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(typeof good.text).toBe('string');
    expect(bad.error).toMatch(/reads 96x96 images; got 160x48, another shape/);
    const mixed = vision(['read', '--model', `${model},${scenes}`], '');
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/reads 96x96 images, .* reads 160x48: an ensemble's models must read one image size/);
    const augment = vision(['train', '--task', 'scenes', '--model-out', join(dir, 'augmented-scenes'), '--augment']);
    expect(augment.status).toBe(2);
    expect(augment.stderr).toMatch(/--augment distorts digits: it applies to --task digits, not scenes/);
    const grow = vision(['train', '--task', 'digits', '--model-out', join(dir, 'from-scenes'), '--init-from', scenes]);
    expect(grow.status).toBe(2);
    expect(grow.stderr).toMatch(/--init-from .* reads another vocabulary/);
  }, 300_000);

  it('answers help, unknown commands, bad options and a missing model clearly', () => {
    const help = spawnSync(process.execPath, ['bin/seq2seq-vision.mjs', '--help'], { cwd: APP, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/train .*\n.*eval .*\n.*read .*\n.*caption /);
    expect(vision(['nope']).stderr).toMatch(/unknown command 'nope'/);
    const stages = vision(['train', '--model-out', join(dir, 'x'), '--stages', '8,a']);
    expect(stages.status).toBe(2);
    expect(stages.stderr).toMatch(/--stages must be comma-separated channel counts/);
    const missing = vision(['eval', '--model', join(dir, 'nothing')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no checkpoint directory there/);
  }, 300_000);
});
