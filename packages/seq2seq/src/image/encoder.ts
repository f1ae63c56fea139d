/**
 * The convolutional encoder of {@link ImageToSequence} (Xu et al. 2015, "Show, Attend and Tell",
 * with He et al. 2016's basic blocks): a stem convolution, then stages of ResNet basic blocks,
 * each stage opening with a stride-2 block (with `antialias`, every strided layer convolves at
 * stride 1 and blur-pools after its ReLU: Zhang 2019). Its `[batch, h', w', channels]` feature map is
 * flattened, row by row, to `[batch, positions = h' * w', channels]`, the "annotation vectors"
 * `a_i` the decoder attends over, with position information so that attention can tell left
 * from right:
 *
 *   learned:      a_i = f_i + p_i            (p: one learned vector per grid position)
 *   coordinates:  a_i = [f_i; x_i; y_i]      (x, y in [-1, 1], the position's centre)
 */
import * as tf from '@tensorflow/tfjs-core';
import { Module, normal, type Rng } from '@seq2seq/core';
import { Conv2D, ResNetBlock, blurPool2d } from '@seq2seq/blocks';
import { featureGrid, type ResolvedImageToSequenceConfig } from './config';

/** The image encoder: `[batch, height, width, channels]` -> `[batch, positions, featureSize]`. */
export class ConvEncoder extends Module {
  readonly stem: Conv2D;
  readonly blocks: ResNetBlock[] = [];
  readonly positionEmbedding: tf.Variable | null;
  /** The feature map's grid: `positions = grid.height * grid.width`. */
  readonly grid: { height: number; width: number };
  /** Size of an annotation vector (last axis of the output). */
  readonly featureSize: number;
  readonly #positions: ResolvedImageToSequenceConfig['positions'];
  /** Blur-pool stride after the stem (antialias), or 1. */
  readonly #stemPool: number;
  #coordinates: tf.Tensor2D | null = null;

  constructor(config: ResolvedImageToSequenceConfig, rng: Rng) {
    super();
    const c = config;
    this.#stemPool = c.antialias ? c.stemStride : 1;
    this.stem = this.addModule('stem', new Conv2D({ inputSize: c.channels, outputSize: c.stemChannels, kernelSize: 3, stride: c.antialias ? 1 : c.stemStride, rng }));
    let channels = c.stemChannels;
    c.stageChannels.forEach((out, s) => {
      for (let b = 0; b < c.blocksPerStage; b++) {
        const block = new ResNetBlock({ inputSize: channels, outputSize: out, stride: b === 0 ? 2 : 1, norm: c.norm, antialias: c.antialias, rng });
        this.blocks.push(this.addModule(`stage${s}_block${b}`, block));
        channels = out;
      }
    });
    this.grid = featureGrid(c);
    const positions = this.grid.height * this.grid.width;
    this.#positions = c.positions;
    this.positionEmbedding = c.positions === 'learned' ? this.addParameter('position_embedding', [positions, channels], normal(0.1), rng) : null;
    this.featureSize = channels + (c.positions === 'coordinates' ? 2 : 0);
  }

  /** `[batch, height, width, channels]` -> `[batch, positions, featureSize]`. */
  apply(images: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const stemmed = tf.relu(this.stem.apply(images)); // [B, H/s, W/s, C0] ([B, H, W, C0] with antialias)
      let x = this.#stemPool > 1 ? blurPool2d(stemmed, this.#stemPool) : stemmed; // [B, H/s, W/s, C0]
      for (const block of this.blocks) x = block.apply(x); // [B, h', w', C]
      const [batch, h, w, channels] = x.shape;
      const flat = tf.reshape(x, [batch, h * w, channels]) as tf.Tensor3D; // [B, P, C], row by row
      if (this.positionEmbedding) return tf.add(flat, this.positionEmbedding) as tf.Tensor3D; // [B, P, C] + [P, C]
      if (this.#positions === 'coordinates') {
        const xy = tf.broadcastTo(this.#coordinateChannels(), [batch, h * w, 2]); // [B, P, 2]
        return tf.concat([flat, xy], 2) as tf.Tensor3D; // [B, P, C + 2]
      }
      return flat;
    });
  }

  /** `[positions, 2]`: each grid position's centre (x, y) in [-1, 1]. Kept for the module's life. */
  #coordinateChannels(): tf.Tensor2D {
    if (!this.#coordinates) {
      const { height: h, width: w } = this.grid;
      const xy = new Float32Array(h * w * 2);
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          xy[(r * w + c) * 2] = w > 1 ? (2 * c) / (w - 1) - 1 : 0;
          xy[(r * w + c) * 2 + 1] = h > 1 ? (2 * r) / (h - 1) - 1 : 0;
        }
      }
      this.#coordinates = tf.keep(tf.tensor2d(xy, [h * w, 2]));
    }
    return this.#coordinates;
  }

  protected override disposeCaches(): void {
    this.#coordinates?.dispose();
    this.#coordinates = null;
  }
}
