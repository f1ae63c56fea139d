import { createRuntime } from '@seq2seq/backend';
import { Rng } from '@seq2seq/core';
import { EOS_ID, SOS_ID, collate } from '@seq2seq/datasets';
import { Seq2Seq, Trainer, beamSearch, type TokenBatch } from '@seq2seq/seq2seq';

await createRuntime({ prefer: ['wasm'] });

// A toy task: reverse a sequence of digits (ids 4..13; 0-3 are <pad> <sos> <eos> <unk>).
const rng = new Rng(1);
const example = () => {
  const xs = Array.from({ length: 2 + rng.int(4) }, () => 4 + rng.int(10));
  return { source: [...xs, EOS_ID], target: [SOS_ID, ...[...xs].reverse(), EOS_ID] };
};
const batches = Array.from({ length: 8 }, () => collate(Array.from({ length: 32 }, example)));

const model = new Seq2Seq({
  encoder: { vocabSize: 14, embeddingSize: 16, hiddenSize: 16, cell: 'gru', bidirectional: true },
  decoder: { vocabSize: 14, embeddingSize: 16, hiddenSize: 32, cell: 'gru', attention: 'general' },
  seed: 1,
});
const trainer = new Trainer(
  { model, loss: (b: TokenBatch) => model.loss(b), trainBatches: () => batches },
  { epochs: 12, schedule: { kind: 'constant', lr: 0.02 }, clipNorm: 1 },
);
await trainer.fit({
  onEpochEnd: (e) => {
    if (e.epoch % 4 === 3) console.log(`epoch ${e.epoch + 1}: loss ${e.trainLoss.toFixed(3)}`);
  },
});

// Beam search over one source; every hypothesis carries its attention weights.
model.eval();
const test = collate([{ source: [5, 6, 7, 8, EOS_ID], target: [SOS_ID, EOS_ID] }]);
const encoded = model.encode(test);
const session = model.stepModel(encoded);
const best = beamSearch(session.model, session.initialState, 1, { startToken: SOS_ID, endToken: EOS_ID, maxLength: 10, beamWidth: 4 })[0]![0]!;
console.log('reversed:', best.tokens.join(' '), '| attention of the first output:', best.attention[0]!.map((w) => w.toFixed(2)).join(' '));
session.dispose();
encoded.dispose();
