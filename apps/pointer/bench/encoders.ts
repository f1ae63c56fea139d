/**
 * Benchmark of the pointer network's two encoders, in the same process on the same backend: the
 * paper's LSTM (`encoder: 'lstm'`) is the peer of the Transformer over the set
 * (`encoder: 'attention'`, 3 layers, 8 heads, feed-forward 512), both with hidden size 128,
 * embedding 128 and one glimpse, as the shipped models.
 *
 * Cases, on convex-hull instances (batch 128) at n = 20 and n = 50:
 * - `train`: one teacher-forced loss with its gradients (what a training step costs, Adam aside);
 * - `greedy`: greedy decoding of the batch.
 *
 * Prints one JSON line per case: { case, backend, ms, peer, peerMs, ratio, wallMs, peerWallMs }.
 * `ms` is the minimum process CPU time over repetitions (robust on a shared machine);
 * `ratio = peerMs / ms` (> 1: the attention encoder is faster).
 *
 *   pnpm --filter @seq2seq/pointer-app bench
 *   pnpm --filter @seq2seq/pointer-app bench -- --backend cpu --n 20
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRuntime } from '@seq2seq/backend';
import { convexHull, samplePointSets } from '@seq2seq/datasets';
import { PointerNetwork, pointerInputs, pointerPreset, solvePointSets, type PointerEncoderKind } from '@seq2seq/seq2seq';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const BACKEND = (arg('backend') ?? 'wasm') as 'wasm' | 'cpu';
const SIZES = (arg('n') ?? '20,50').split(',').map(Number);
const BATCH = 128;

/** Min CPU time and min wall time of `reps` calls after one warm-up call. */
function measure(fn: () => void, reps: number): { ms: number; wallMs: number } {
  fn();
  let ms = Infinity;
  let wallMs = Infinity;
  for (let i = 0; i < reps; i++) {
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c0);
    ms = Math.min(ms, (d.user + d.system) / 1000);
    wallMs = Math.min(wallMs, performance.now() - w0);
  }
  return { ms, wallMs };
}

function network(encoder: PointerEncoderKind): PointerNetwork {
  return new PointerNetwork({ encoder, hiddenSize: 128, embeddingSize: 128, numGlimpses: 1, rules: pointerPreset('convex-hull'), seed: 1 });
}

function trainStep(net: PointerNetwork, n: number): () => void {
  const sets = samplePointSets(BATCH, { n }, 7);
  const inputs = pointerInputs(sets);
  const targets = net.toPositions(sets.map((p) => convexHull(p)));
  return () => {
    const { value, grads } = tf.variableGrads(() => net.loss(inputs, targets));
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
}

function greedy(net: PointerNetwork, n: number): () => void {
  const sets = samplePointSets(BATCH, { n }, 8);
  return () => void solvePointSets(net, sets);
}

const runtime = await createRuntime({ prefer: [BACKEND] });
const lstm = network('lstm');
const attention = network('attention');
for (const n of SIZES) {
  for (const [name, make, reps] of [['train', trainStep, 5], ['greedy', greedy, 3]] as const) {
    const ours = measure(make(attention, n), reps);
    const peer = measure(make(lstm, n), reps);
    const round = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        case: `hull-n${n}-${name}-b${BATCH}`,
        backend: runtime.backend,
        ms: round(ours.ms),
        peer: 'lstm-encoder',
        peerMs: round(peer.ms),
        ratio: Math.round((peer.ms / ours.ms) * 1000) / 1000,
        wallMs: round(ours.wallMs),
        peerWallMs: round(peer.wallMs),
      }),
    );
  }
}
lstm.dispose();
attention.dispose();
