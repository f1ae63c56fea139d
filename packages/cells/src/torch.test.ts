/**
 * PyTorch interop: modules built from state dicts saved by PyTorch reproduce PyTorch's outputs
 * (fixtures from scripts/make-torch-fixtures.py): within 1e-5 on CPU, 1e-4 on WASM.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { decodeSafetensors, loadSafetensorsFile } from '@seq2seq/core';
import { describeBackends, expectClose } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { fromTorchStateDict, loadTorchRNN, toTorchStateDict, type CellState } from './index';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
type Nested = number | Nested[];
interface Case {
  [key: string]: Nested | null | Case | undefined;
}
const load = (name: string) => ({
  // A plain Uint8Array copy: core's decoder mis-reads pooled Node Buffers (Buffer#slice is a view).
  tensors: decodeSafetensors(new Uint8Array(readFileSync(fixture(`${name}.safetensors`)))).tensors,
  json: JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as { cases: Case[] },
});

/** PyTorch's `[layers * directions, batch, H]` state as our per-layer list. */
function statesFrom(h: Nested, c?: Nested): CellState[] {
  const ht = tf.tensor(h as number[][][]) as tf.Tensor3D;
  const ct = c ? (tf.tensor(c as number[][][]) as tf.Tensor3D) : null;
  return tf.unstack(ht).map((hh, i) => (ct ? { h: hh as tf.Tensor2D, c: tf.unstack(ct)[i] as tf.Tensor2D } : { h: hh as tf.Tensor2D }));
}

describeBackends('PyTorch fixtures', ({ backend }) => {
  const tol = backend === 'cpu' ? 1e-5 : 1e-4;

  it('Embedding -> 2-layer bidirectional GRU (packed lengths, h_0) -> Linear', async () => {
    const { tensors, json } = load('tagger_gru_bi2');
    const m = fromTorchStateDict(tensors, { embedding: { type: 'embedding', paddingIdx: 0 }, rnn: { type: 'gru' }, proj: { type: 'linear' } });
    expect(m.rnn.numLayers).toBe(2);
    expect(m.rnn.bidirectional).toBe(true);
    expect((m.rnn.cells[0]![0]! as unknown as { resetAfter: boolean }).resetAfter).toBe(true);
    for (const c of json.cases) {
      const ids = tf.tensor2d(c.ids as number[][], undefined, 'int32');
      const emb = m.embedding.apply(ids) as tf.Tensor3D;
      await expectClose(emb, c.embedded as number[][][], tol);
      const r = m.rnn.apply(emb, { lengths: (c.lengths as number[] | null) ?? undefined, initialState: c.h_0 ? statesFrom(c.h_0 as Nested) : undefined });
      await expectClose(r.output, c.outputs as number[][][], tol);
      await expectClose(tf.stack(r.state.map((s) => s.h)), c.h_n as number[][][], tol);
      await expectClose(m.proj.apply(r.output), c.logits as number[][][], tol);
    }
  });

  it('the README flow: loadSafetensorsFile -> fromTorchStateDict -> logits', async () => {
    const { tensors } = await loadSafetensorsFile(fixture('tagger_gru_bi2.safetensors'));
    const m = fromTorchStateDict(tensors, { embedding: { type: 'embedding', paddingIdx: 0 }, rnn: { type: 'gru' }, proj: { type: 'linear' } });
    const c = load('tagger_gru_bi2').json.cases[0]!;
    const ids = tf.tensor2d(c.ids as number[][], undefined, 'int32');
    const { output } = m.rnn.apply(m.embedding.apply(ids) as tf.Tensor3D, { lengths: c.lengths as number[] });
    await expectClose(m.proj.apply(output), c.logits as number[][][], tol);
  });

  it('2-layer bidirectional LSTM, time-major, packed lengths, h_0 and c_0', async () => {
    const { tensors, json } = load('lstm_bi2_time_major');
    const { lstm } = fromTorchStateDict(tensors, { lstm: { type: 'lstm' } });
    for (const c of json.cases) {
      const x = tf.tensor3d(c.x as number[][][]);
      const initialState = c.h_0 ? statesFrom(c.h_0 as Nested, c.c_0 as Nested) : undefined;
      const r = lstm.apply(x, { timeMajor: true, lengths: (c.lengths as number[] | null) ?? undefined, initialState });
      await expectClose(r.output, c.outputs as number[][][], tol);
      await expectClose(tf.stack(r.state.map((s) => s.h)), c.h_n as number[][][], tol);
      await expectClose(tf.stack(r.state.map((s) => s.c!)), c.c_n as number[][][], tol);
    }
  });

  it("nn.RNN: 2-layer relu, and bidirectional tanh without biases", async () => {
    const { tensors, json } = load('rnn_relu2_tanh_bi');
    const m = fromTorchStateDict(tensors, { relu: { type: 'rnn', nonlinearity: 'relu' }, tanh: { type: 'rnn' } });
    const c = json.cases[0]!;
    const x = tf.tensor3d(c.x as number[][][]);
    const relu = c.relu as Case;
    const r1 = m.relu.apply(x);
    await expectClose(r1.output, relu.outputs as number[][][], tol);
    await expectClose(tf.stack(r1.state.map((s) => s.h)), relu.h_n as number[][][], tol);
    const tanh = c.tanh as Case;
    const r2 = m.tanh.apply(x, { lengths: tanh.lengths as number[], initialState: statesFrom(tanh.h_0 as Nested) });
    await expectClose(r2.output, tanh.outputs as number[][][], tol);
    await expectClose(tf.stack(r2.state.map((s) => s.h)), tanh.h_n as number[][][], tol);
  });

  it('round-trips through toTorchStateDict', async () => {
    const { tensors } = load('lstm_bi2_time_major');
    const lstm = loadTorchRNN(tensors, { type: 'lstm' }, 'lstm.');
    const back = toTorchStateDict(lstm, 'lstm.');
    const again = loadTorchRNN(back, { type: 'lstm' }, 'lstm.');
    for (const [name, v] of lstm.getWeights()) await expectClose(again.getWeights().get(name)!, v, 1e-6);
    expect([...back.keys()].sort()).toEqual([...tensors.keys()].filter((k) => k.startsWith('lstm.')).sort());
  });

  it('explains mismatched state dicts', () => {
    const { tensors } = load('lstm_bi2_time_major');
    expect(() => loadTorchRNN(tensors, { type: 'gru' }, 'lstm.')).toThrow("a gru with hidden size 4 needs 12 rows (3 gates). Is spec.type right?");
    expect(() => loadTorchRNN(tensors, { type: 'lstm' }, 'encoder.')).toThrow("missing 'encoder.weight_ih_l0'");
  });
});
