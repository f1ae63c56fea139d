import * as tf from '@tensorflow/tfjs-core';
import { createRuntime } from '@seq2seq/backend';
import { Rng } from '@seq2seq/core';
import { CellBase, runSequence, type CellConfig, type StepKernel } from '@seq2seq/cells';

await createRuntime({ prefer: ['cpu'] });

/** What the kernel derives from the recurrent weights once per call. */
interface Prepared {
  u: tf.Tensor2D; // [H, H]
  uT?: tf.Tensor2D; // [H, H], backward only
}

/**
 * A leaky (exponential moving average) cell: h' = (1 - a) h + a tanh(x W + h U + b), a fixed.
 * Forward:  s = tanh(xP + h U), h' = (1 - a) h + a s.
 * Backward: ds = a dh' (1 - s^2), dxP = ds, dh = (1 - a) dh' + ds U^T, dU = sum_t h_{t-1}^T ds_t.
 */
export class LeakyCell extends CellBase<Prepared> {
  protected readonly opName = 'LeakyCell';
  readonly #kernel: StepKernel<Prepared>;

  constructor(config: CellConfig & { leak?: number }) {
    super(config, 1, false, 'LeakyCell'); // 1 gate block, no memory cell
    const a = config.leak ?? 0.5;
    const derived = this.derived; // cached transposes, freed by dispose()
    this.#kernel = {
      stateCount: 1,
      prepare: (weights, backward) => {
        const u = weights[0] as tf.Tensor2D;
        return backward ? { u, uT: derived.get('uT', u, (w) => tf.transpose(w) as tf.Tensor2D) } : { u };
      },
      forward: (p, xP, [h], record) => {
        const s = tf.tanh(tf.add(xP, tf.matMul(h!, p.u))); // [batch, H]
        const hNew = tf.add(tf.mul(h!, 1 - a), tf.mul(s, a)); // [batch, H]
        return { states: [hNew], saved: record ? [s] : [] };
      },
      backward: (p, [s], _prev, [dh], k) => {
        const ds = tf.mul(tf.mul(dh!, a), tf.sub(k.one, tf.square(s!))); // [batch, H]
        return { dXP: ds, dPrev: [tf.add(tf.mul(dh!, 1 - a), tf.matMul(ds, p.uT!))], extra: [] };
      },
      weightGrads: (_p, hPrevT, dXP) => [tf.matMul(hPrevT, dXP)], // [H, T*B] x [T*B, H]
    };
  }

  protected stepKernel(): StepKernel<Prepared> {
    return this.#kernel;
  }

  protected recurrentWeights(): tf.Tensor[] {
    return [this.recurrentKernel];
  }
}

const cell = new LeakyCell({ inputSize: 3, hiddenSize: 4, leak: 0.3, rng: new Rng(0) });
const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 1) as tf.Tensor3D; // [batch, time, inputSize]
const { output, state } = runSequence(cell, x, { lengths: [5, 3] }); // [2, 5, 4], { h: [2, 4] }
const grads = tf.grads((input: tf.Tensor) => tf.sum(runSequence(cell, input as tf.Tensor3D).output))([x]);
console.log(`output [${output.shape.join(', ')}], state.h [${state.h.shape.join(', ')}], dx [${grads[0]!.shape.join(', ')}]`);
tf.dispose([x, output, state.h, ...grads]);
cell.dispose(); // parameters and the cached transpose
