import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Attention, Pointer, dot } from '@seq2seq/attention';

await tf.setBackend('cpu');

// Two source sequences of 4 and 3 positions (encoder states of size 8), 2 target steps each.
const encoderStates = tf.randomNormal([2, 4, 8], 0, 1, 'float32', 1); // [batch, sourceTime, 8]
const decoderStates = tf.randomNormal([2, 2, 8], 0, 1, 'float32', 2); // [batch, targetTime, 8]
const padding = { lengths: [4, 3] }; // or { mask }, a [2, 4] tensor with 1 = real, 0 = padding

// The lecture's rule, every target step at once (teacher forcing).
const { context, weights } = dot(encoderStates, decoderStates, padding);
console.log('context', context.shape); // [2, 2, 8]
console.log('weights', await weights.array()); // rows sum to 1; weights[1][s][3] is exactly 0

// Bahdanau attention one decoding step at a time: prepare() computes W1 e once.
const additive = new Attention({ kind: 'additive', encoderSize: 8, decoderSize: 8, attentionSize: 16 });
const state = additive.prepare(encoderStates, padding);
const d0 = tf.randomNormal([2, 8], 0, 1, 'float32', 3); // [batch, 8]: the decoder state at step 0
const step = additive.step(d0, state); // the new input first, then the carried state
console.log('step weights', await step.weights.array()); // [2, 4]

// A pointer over the inputs (clipped logits, one glimpse); position 2 was already chosen.
const pointer = new Pointer({ encoderSize: 8, clip: 10, numGlimpses: 1 });
const pointerState = pointer.prepare(encoderStates, padding);
const chosen = tf.tensor2d([[0, 0, 1, 0], [0, 0, 1, 0]]);
const { logProbs } = pointer.step(d0, pointerState, { chosen });
console.log('pointer probabilities', await tf.exp(logProbs).array()); // 0 at position 2, and at 3 in row 1

state.dispose();
pointerState.dispose();
additive.dispose();
pointer.dispose();
tf.dispose([encoderStates, decoderStates, context, weights, d0, step.context, step.weights, chosen, logProbs]);
