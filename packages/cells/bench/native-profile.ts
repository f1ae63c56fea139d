/**
 * Where the time of a native inference run goes (WASM backend, batch 1 by default): the whole
 * `RNN.apply`, the input projection (one native `linear`), the sequence kernel alone, and one
 * recurrent product `[1, H] x [H, G*H]` through the same packed-panel code (a native `linear`
 * of one row, less the cost of a native call measured on a 1 x 1 product).
 * Minimum process CPU time over repetitions.
 *
 *   tsx bench/native-profile.ts [gru|lstm] [batch]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Rng } from '@seq2seq/core';
import { RNN } from '../src/index';
import { gruSequence, lstmSequence, nativeLinear, packPanels } from '../src/native/kernels';

const [cell = 'gru', batchArg = '1'] = process.argv.slice(2);
await tf.setBackend('wasm');
const B = Number(batchArg);
const [T, IN, H] = [20, 64, 256];
const G = cell === 'gru' ? 3 : 4;

function us(fn: () => void, n = B === 1 ? 300 : 5): number {
  for (let i = 0; i < 20; i++) fn();
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const c = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const d = process.cpuUsage(c);
    best = Math.min(best, (d.user + d.system) / n);
  }
  return best;
}

const rnn = new RNN({ cell: cell as 'gru' | 'lstm', inputSize: IN, hiddenSize: H, rng: new Rng(1), resetAfter: cell === 'gru' ? true : undefined });
const x = tf.randomNormal([B, T, IN]) as tf.Tensor3D;
const xFlat = tf.randomNormal([T * B, IN]) as tf.Tensor2D;
const w = tf.randomNormal([IN, G * H]) as tf.Tensor2D;
const wP = packPanels(w);
const u = tf.randomNormal([H, G * H], 0, 0.05) as tf.Tensor2D;
const uP = packPanels(u);
const bias = tf.zeros([G * H]) as tf.Tensor1D;
const xP = tf.randomNormal([T * B, G * H]) as tf.Tensor2D;
const h0 = tf.zeros([B, H]) as tf.Tensor2D;
const one = tf.ones([1, 1]) as tf.Tensor2D;
const oneP = packPanels(one);
const h1 = tf.randomNormal([1, H]) as tf.Tensor2D;

const apply = us(() => tf.tidy(() => void rnn.apply(x).output.dataSync()));
const projection = us(() => tf.dispose(nativeLinear(xFlat, wP, G * H, bias)));
const args = { xP, u: uP, mask: null, time: T, batch: B, hidden: H, reverse: false };
const sequence = us(() => tf.dispose(cell === 'gru' ? gruSequence(args, h0, bias, true, 'tanh') : lstmSequence(args, h0, h0)));
const call = us(() => tf.dispose(nativeLinear(one, oneP, 1, null)), 2000);
const product = us(() => tf.dispose(nativeLinear(h1, uP, G * H, null)), 2000) - call;
const row = {
  cell,
  batch: B,
  applyUs: apply,
  projectionUs: projection,
  sequenceUs: sequence,
  nativeCallUs: call,
  recurrentProductUs: product,
  productGflops: (2 * H * G * H) / product / 1e3,
  gatesPerStepUs: (sequence - call - (B === 1 ? T * product : 0)) / T,
};
console.log(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(4)) : v]))));
