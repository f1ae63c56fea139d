/**
 * Lesion experiment after Veit, Wilber and Belongie (2016), "Residual networks behave like
 * ensembles of relatively shallow networks", section 4: train a deep residual stack and a plain
 * stack of the same depth on the same task, then delete one block at a time at test time.
 * Deleting a residual block leaves its identity shortcut; deleting a plain block feeds the next
 * block its input. The paper found that residual networks degrade gently while a plain (VGG)
 * network drops to chance.
 *
 * Task: a 3-armed 2-D spiral (classification), generated from a seeded Rng.
 * Model: x -> Linear(2, width) -> stack of `depth` blocks -> Linear(width, 3).
 *   residual block: y = x + MLP(LN(x))             (pre-norm, MLP = Linear-ReLU-Linear)
 *   plain block:    y = MLP(LN(x))                 (the same layers, no shortcut)
 *
 * Run: pnpm --filter @seq2seq/blocks lesion [-- --depth 12 --width 32 --steps 600 --lr 1e-3 --seed 1 --backend wasm]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { Linear, Rng, type Module } from '@seq2seq/core';
import { LayerNorm, MLP, Residual, Sequential, lesion, type Block } from '../src/index';

interface Options {
  depth: number; // blocks per stack
  width: number; // features between blocks
  steps: number; // Adam steps
  batch: number; // examples per step
  lr: number; // Adam learning rate
  seed: number; // one seed for data, initialisation and batches
  backend: string; // 'wasm' or 'cpu'
}

const DEFAULTS: Options = { depth: 12, width: 32, steps: 600, batch: 128, lr: 1e-3, seed: 1, backend: 'wasm' };

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!.replace(/^--/, '') as keyof Options;
    if (!(key in DEFAULTS)) continue;
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    (opts as unknown as Record<string, unknown>)[key] = key === 'backend' ? value : Number(value);
  }
  return opts;
}

const CLASSES = 3;

/** `n` points per class on a 3-armed spiral with 1.5 turns, with Gaussian noise. */
function spiral(n: number, rng: Rng): { x: tf.Tensor2D; y: tf.Tensor2D; labels: Int32Array } {
  const xs = new Float32Array(n * CLASSES * 2);
  const labels = new Int32Array(n * CLASSES);
  for (let c = 0; c < CLASSES; c++) {
    for (let i = 0; i < n; i++) {
      const t = rng.next(); // radius in (0, 1)
      const theta = (2 * Math.PI * c) / CLASSES + 1.5 * 2 * Math.PI * t + rng.normal(0, 0.15);
      const k = c * n + i;
      xs[2 * k] = 2 * t * Math.cos(theta);
      xs[2 * k + 1] = 2 * t * Math.sin(theta);
      labels[k] = c;
    }
  }
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES), 'float32')) as tf.Tensor2D; // [N, 3]
  return { x: tf.tensor2d(xs, [n * CLASSES, 2]), y, labels };
}

/** Input embedding, a stack, and a classifier head. */
class Net {
  constructor(
    readonly embed: Linear,
    readonly stack: Sequential,
    readonly head: Linear,
  ) {}

  logits(x: tf.Tensor, body: Pick<Block, 'apply'> = this.stack): tf.Tensor {
    return tf.tidy(() => this.head.apply(body.apply(this.embed.apply(x)))); // [N, 2] -> [N, W] -> [N, W] -> [N, 3]
  }

  get modules(): Module[] {
    return [this.embed, this.stack, this.head];
  }
}

function build(kind: 'residual' | 'plain', opts: Options, rng: Rng): Net {
  const W = opts.width;
  const blocks: Block[] = [];
  for (let i = 0; i < opts.depth; i++) {
    blocks.push(
      kind === 'residual'
        ? new Residual(new MLP({ inputSize: W, hiddenSizes: [W], outputSize: W, rng }), { norm: 'pre' }) // x + MLP(LN(x))
        : new Sequential([new LayerNorm({ inputSize: W }), new MLP({ inputSize: W, hiddenSizes: [W], outputSize: W, rng })]), // MLP(LN(x))
    );
  }
  return new Net(new Linear({ inputSize: 2, outputSize: W, rng }), new Sequential(blocks), new Linear({ inputSize: W, outputSize: CLASSES, rng }));
}

/** Mean cross-entropy of `logits` [N, 3] against one-hot `y` [N, 3]. */
const crossEntropy = (logits: tf.Tensor, y: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), y), -1))) as tf.Scalar);

/** Trains with Adam on random minibatches; returns the batch loss at five points. */
async function train(net: Net, data: ReturnType<typeof spiral>, opts: Options, rng: Rng): Promise<string[]> {
  const losses: string[] = [];
  const optimizer = tf.train.adam(opts.lr);
  const vars = net.modules.flatMap((m) => m.trainableVariables());
  const n = data.x.shape[0];
  for (let step = 0; step < opts.steps; step++) {
    const idx = tf.tensor1d(Int32Array.from({ length: opts.batch }, () => rng.int(n)), 'int32');
    const xb = tf.gather(data.x, idx); // [B, 2]
    const yb = tf.gather(data.y, idx); // [B, 3]
    const report = (step + 1) % Math.max(1, Math.floor(opts.steps / 5)) === 0;
    const cost = optimizer.minimize(() => crossEntropy(net.logits(xb), yb), report, vars);
    if (cost) {
      losses.push(`${step + 1}: ${(await cost.data())[0]!.toFixed(3)}`);
      cost.dispose();
    }
    tf.dispose([idx, xb, yb]);
  }
  optimizer.dispose();
  return losses;
}

async function evaluate(net: Net, body: Pick<Block, 'apply'>, data: ReturnType<typeof spiral>): Promise<{ acc: number; loss: number }> {
  const logits = net.logits(data.x, body);
  const loss = crossEntropy(logits, data.y);
  const pred = tf.argMax(logits, -1);
  const p = await pred.data();
  const l = (await loss.data())[0]!;
  tf.dispose([logits, loss, pred]);
  let correct = 0;
  data.labels.forEach((c, i) => (correct += p[i] === c ? 1 : 0));
  return { acc: correct / data.labels.length, loss: l };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  tf.env().set('PROD', true);
  if (!(await tf.setBackend(opts.backend).catch(() => false))) {
    console.warn(`backend '${opts.backend}' did not start; using cpu`);
    await tf.setBackend('cpu');
  }
  await tf.ready();
  const rng = new Rng(opts.seed);
  const trainSet = spiral(500, rng.fork());
  const testSet = spiral(200, rng.fork());
  console.log(
    `Lesion experiment: ${opts.depth} blocks of width ${opts.width}, ${opts.steps} Adam steps (lr ${opts.lr}, batch ${opts.batch}), ` +
      `3-arm spiral (${trainSet.labels.length} train / ${testSet.labels.length} test), backend ${tf.getBackend()}, seed ${opts.seed}`,
  );
  const nets = { residual: build('residual', opts, rng.fork()), plain: build('plain', opts, rng.fork()) };
  for (const [name, net] of Object.entries(nets)) {
    const t0 = Date.now();
    const losses = await train(net, trainSet, opts, rng.fork());
    net.modules.forEach((m) => m.eval());
    console.log(`trained ${name} in ${((Date.now() - t0) / 1000).toFixed(1)} s; batch loss at step ${losses.join(', ')}`);
  }

  const rows: string[][] = [];
  const fmt = (r: { acc: number; loss: number }) => [`${(100 * r.acc).toFixed(1)}%`, r.loss.toFixed(3)];
  const res0 = await evaluate(nets.residual, nets.residual.stack, testSet);
  const plain0 = await evaluate(nets.plain, nets.plain.stack, testSet);
  rows.push(['none', ...fmt(res0), ...fmt(plain0)]);
  const sums = { res: 0, plain: 0 };
  for (let k = 0; k < opts.depth; k++) {
    const r = await evaluate(nets.residual, lesion(nets.residual.stack, k), testSet);
    const p = await evaluate(nets.plain, lesion(nets.plain.stack, k), testSet);
    sums.res += r.acc;
    sums.plain += p.acc;
    rows.push([String(k), ...fmt(r), ...fmt(p)]);
  }
  rows.push(['mean over deletions', `${((100 * sums.res) / opts.depth).toFixed(1)}%`, '', `${((100 * sums.plain) / opts.depth).toFixed(1)}%`, '']);

  const header = ['deleted block', 'residual acc', 'residual loss', 'plain acc', 'plain loss'];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nchance: ${(100 / CLASSES).toFixed(1)}%; total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const net of Object.values(nets)) net.modules.forEach((m) => m.dispose());
  tf.dispose([trainSet.x, trainSet.y, testSet.x, testSet.y]);
}

await main();
